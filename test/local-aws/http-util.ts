/** Small node:http helpers shared by the stand-ins. Every server listens on 127.0.0.1 only. */
import * as http from 'http';
import type { AddressInfo } from 'net';

export const LOOPBACK = '127.0.0.1';

export function readBody(req: http.IncomingMessage, limitBytes = 10 * 1024 * 1024): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Listen on a random loopback port; resolves with the port. */
export function listen(server: http.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Close a server and every connection it still holds (keep-alive sockets of SDK clients included). */
export function closeServer(server: http.Server): Promise<void> {
  return new Promise(resolve => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Run an async request handler; an unexpected exception becomes a 500 (and never crashes the process). */
export function safeHandler(handler: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>) {
  return (req: http.IncomingMessage, res: http.ServerResponse) => {
    handler(req, res).catch(error => {
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { 'content-type': 'application/json', 'x-amzn-errortype': 'InternalFailure' });
        res.end(JSON.stringify({ message: `harness error: ${(error as Error).message}` }));
      } else {
        res.destroy();
      }
    });
  };
}
