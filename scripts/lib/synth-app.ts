/**
 * Synthesize an existing CDK app (e.g. the example DR app) into the shape the local-aws CloudFormation
 * driver takes. The harness's own `synthesizeStack()` builds a fresh stack from a callback; the example
 * app creates its own stack class, so this wraps the same steps (template + asset manifest) around it.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import type { CfnTemplate, SynthesizedStack } from '../../test/local-aws';

/** A new App for `synthesizeApp`: path metadata on (the driver finds resources by construct path). */
export function newApp(outdir: string = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-backup-restore-demo-'))): App {
  return new App({ outdir, context: { 'aws:cdk:enable-path-metadata': true } });
}

/** Synthesize `app` and read `stack`'s template and the folders of its file assets. */
export function synthesizeApp(app: App, stack: Stack): SynthesizedStack {
  const assembly = app.synth();
  const artifact = assembly.getStackByName(stack.stackName);
  const assetDirs = new Map<string, string>();
  const manifestArtifact = artifact.dependencies.find(d => d.manifest.type === 'cdk:asset-manifest');
  const manifestFile = (manifestArtifact?.manifest.properties as { file?: string } | undefined)?.file ?? `${artifact.stackName}.assets.json`;
  const manifest = JSON.parse(fs.readFileSync(path.resolve(assembly.directory, manifestFile), 'utf8')) as {
    files?: Record<string, { source: { path: string }; destinations: Record<string, { objectKey: string }> }>;
  };
  for (const asset of Object.values(manifest.files ?? {})) {
    for (const destination of Object.values(asset.destinations)) {
      assetDirs.set(destination.objectKey, path.resolve(assembly.directory, asset.source.path));
    }
  }
  return { stackName: artifact.stackName, outdir: assembly.directory, template: artifact.template as CfnTemplate, assetDirs };
}
