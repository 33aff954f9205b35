/**
 * Import this module first in every script: it pins the AWS SDK to a region and dummy credentials and
 * turns off the EC2 metadata probe before any SDK client exists, so nothing can reach an address other
 * than loopback (the local stand-ins set their own endpoints).
 */
const OFFLINE_ENV: Record<string, string> = {
  AWS_REGION: 'us-east-1',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  AWS_EC2_METADATA_DISABLED: 'true',
  CDK_DISABLE_CLI_TELEMETRY: 'true',
  JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20',
};

for (const [name, value] of Object.entries(OFFLINE_ENV)) {
  process.env[name] = value;
}
// A profile or container credential endpoint would make the SDK look elsewhere.
delete process.env.AWS_PROFILE;
delete process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
delete process.env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI;

export const OFFLINE = OFFLINE_ENV;
