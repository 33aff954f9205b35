#!/usr/bin/env node
/**
 * Bundles the RestoreJob handler (both Provider entry points) with its AWS SDK clients inside:
 * src/restore-job-handler/restore-job.lambda.ts → assets/restore-job-handler/restore-job.lambda/index.js.
 *
 * The SDK clients are read from their ES-module builds (`module` before `main`), so esbuild drops the operations
 * the handler never sends. Their schema modules declare every structure with computed keys (`{ [_x]: … }`), which
 * esbuild must keep as possibly side-effecting; the `inline-schema-keys` plugin inlines those string constants so
 * the unused schemas go too. The EC2 client alone is ~960 KB in its CommonJS build: the whole bundle drops from
 * ~2.2 MB to ~0.7 MB (`npm run bench` measures both in the same run, with the cold init of each).
 *
 * Usage: node scripts/bundle-handler.js [--entry=<file>] [--outfile=<file>] [--commonjs-sdk]
 * (`--commonjs-sdk`: the SDK's CommonJS build and no plugin, the way it was bundled before: the bench's baseline.)
 */
const fs = require('fs');
const esbuild = require('esbuild');

const arg = name => process.argv.slice(2).find(a => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const entry = arg('entry') ?? 'src/restore-job-handler/restore-job.lambda.ts';
const outfile = arg('outfile') ?? 'assets/restore-job-handler/restore-job.lambda/index.js';
const commonjsSdk = process.argv.includes('--commonjs-sdk');

const SCHEMA_MODULE = /[\\/]@aws-sdk[\\/]client-[^\\/]+[\\/]dist-es[\\/]schemas[\\/]schemas_\d+\.js$/;

const inlineSchemaKeys = {
  name: 'inline-schema-keys',
  setup(build) {
    build.onLoad({ filter: SCHEMA_MODULE }, async args => {
      let source = await fs.promises.readFile(args.path, 'utf8');
      const constants = new Map([...source.matchAll(/^const (_\w+) = ("[^"\n]*");$/gm)].map(m => [m[1], m[2]]));
      source = source.replace(/\[(_\w+)\]:/g, (all, id) => (constants.has(id) ? `[${constants.get(id)}]:` : all));
      return { contents: source, loader: 'js' };
    });
  },
};

esbuild.build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node24',
  tsconfig: 'test/tsconfig.json',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  ...(commonjsSdk ? {} : { mainFields: ['module', 'main'], plugins: [inlineSchemaKeys] }),
}).then(() => {
  process.stdout.write(`${outfile}: ${fs.statSync(outfile).size.toLocaleString('en-US')} bytes\n`);
}).catch(() => process.exit(1));
