/**
 * Import this module first in every script and test process: it pins the AWS SDK to a region and dummy
 * credentials and turns off the EC2 metadata probe before any SDK client exists, so nothing can reach an
 * address other than loopback (the local stand-ins set their own endpoints).
 *
 * The values live in scripts/offline-env.json, the one list that .projenrc.ts (every projen task), jest's
 * setup file, the scripts and .ci/run all read.
 */
import * as fs from 'fs';
import * as path from 'path';

export const OFFLINE: Readonly<Record<string, string>> = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'offline-env.json'), 'utf8'));

for (const [name, value] of Object.entries(OFFLINE)) {
  process.env[name] = value;
}
// A profile or container credential endpoint would make the SDK look elsewhere.
delete process.env.AWS_PROFILE;
delete process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
delete process.env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI;
