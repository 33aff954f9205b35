/*
 * Lambda sandbox bootstrap: runs inside a worker thread, one "execution environment" per worker.
 *
 * It (1) installs the harness clock: `Date` (now and no-argument construction) and `setTimeout` /
 * `setInterval` follow the harness's virtual timeline, rebuilt from the clock parameters (the wall clock
 * is shared by all threads, so every thread computes the same virtual now); (2) captures console output
 * as per-invocation log lines (CloudWatch Logs, in effect); (3) loads the function's code from its asset
 * folder exactly as Lambda would (`<file>.<export>` handler string); (4) for the Provider framework only,
 * replaces the `outbound.httpRequest` export (the CloudFormation response transport) with one that sends
 * to the loopback response server's port, because the framework passes hostname and path only; and
 * (5) runs one invocation at a time, setting `_X_AMZN_TRACE_ID` per invocation as the Lambda runtime does
 * (the AWS SDK forwards it as the X-Amzn-Trace-Id header, which lets the emulators attribute requests).
 *
 * Plain JavaScript on purpose: it is loaded by `new Worker(path)` without any TypeScript loader.
 */
'use strict';
const { parentPort, workerData } = require('worker_threads');
const http = require('http');
const path = require('path');
const util = require('util');

const { clock, codeDir, handler, functionName, functionArn, timeoutSeconds, responsePort } = workerData;

// ---- (1) the harness clock
const RealDate = Date;
const realNow = RealDate.now.bind(RealDate);
const virtualNow = () => Math.floor(clock.virtualEpochMs + (realNow() - clock.realEpochMs) * clock.scale);
const HarnessDate = new Proxy(RealDate, {
  construct(target, args, newTarget) {
    return Reflect.construct(target, args.length === 0 ? [virtualNow()] : args, newTarget);
  },
  apply() {
    return new RealDate(virtualNow()).toString();
  },
  get(target, prop) {
    if (prop === 'now') return virtualNow;
    return Reflect.get(target, prop);
  },
});
globalThis.Date = HarnessDate;
const toReal = ms => Math.max(0, (Number(ms) || 0) / clock.scale);
const realSetTimeout = globalThis.setTimeout;
const realSetInterval = globalThis.setInterval;
globalThis.setTimeout = function setTimeout(fn, ms, ...args) {
  return realSetTimeout(fn, toReal(ms), ...args);
};
globalThis.setInterval = function setInterval(fn, ms, ...args) {
  return realSetInterval(fn, Math.max(1, toReal(ms)), ...args);
};

// ---- (2) logs
let currentInvocation;
for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace']) {
  console[level] = (...args) => {
    parentPort.postMessage({ type: 'log', invocationId: currentInvocation, level, text: util.format(...args), at: virtualNow() });
  };
}

// ---- (4) the CloudFormation response transport (framework only)
function loopbackHttpRequest(options, requestBody) {
  return new Promise((resolve, reject) => {
    if (options.hostname !== '127.0.0.1') {
      reject(new Error(`local-aws: refusing to send a CloudFormation response to ${options.hostname}; only 127.0.0.1 is allowed`));
      return;
    }
    const request = http.request({ ...options, port: responsePort }, response => {
      response.resume();
      if (!response.statusCode || response.statusCode >= 400) reject(new Error(`Unsuccessful HTTP response: ${response.statusCode}`));
      else resolve();
    });
    request.on('error', reject);
    request.write(requestBody);
    request.end();
  });
}

// ---- (3) load the function
// Lambda's Node.js runtime puts its AWS SDK on NODE_PATH; make sure this thread's resolver honours it.
if (process.env.NODE_PATH) require('module')._initPaths();
let fn;
try {
  const dot = handler.lastIndexOf('.');
  const mod = require(path.join(codeDir, handler.slice(0, dot)));
  fn = mod[handler.slice(dot + 1)];
  if (typeof fn !== 'function') throw new Error(`Handler '${handler}' is not a function in ${codeDir}`);
  if (responsePort !== undefined) {
    const outbound = require(path.join(codeDir, 'outbound.js'));
    if (typeof outbound.httpRequest !== 'function') throw new Error('outbound.httpRequest not found in the framework asset');
    outbound.httpRequest = loopbackHttpRequest;
  }
  parentPort.postMessage({ type: 'ready' });
} catch (error) {
  parentPort.postMessage({ type: 'initError', error: { errorType: 'Runtime.ImportModuleError', errorMessage: String(error && error.stack || error) } });
}

// ---- (5) invocations
parentPort.on('message', async msg => {
  if (msg.type !== 'invoke') return;
  currentInvocation = msg.invocationId;
  process.env._X_AMZN_TRACE_ID = msg.traceId;
  const deadline = realNow() + (msg.realTimeoutMs ?? timeoutSeconds * 1000 / clock.scale);
  const context = {
    awsRequestId: msg.invocationId,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: functionArn,
    memoryLimitInMB: '256',
    logGroupName: `/aws/lambda/${functionName}`,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, (deadline - realNow()) * clock.scale),
  };
  try {
    const result = await fn(JSON.parse(msg.payload), context);
    parentPort.postMessage({ type: 'result', invocationId: msg.invocationId, payload: JSON.stringify(result === undefined ? null : result) });
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    parentPort.postMessage({
      type: 'result',
      invocationId: msg.invocationId,
      error: { errorType: error.name || 'Error', errorMessage: error.message, trace: String(error.stack || '').split('\n') },
    });
  }
});
