// Every test process runs offline: a region and dummy credentials keep the AWS SDK's default credential
// chain from probing the EC2 metadata address (169.254.169.254); nothing may leave loopback.
process.env.AWS_REGION = process.env.AWS_REGION ?? 'us-east-1';
process.env.AWS_DEFAULT_REGION = process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
process.env.AWS_ACCESS_KEY_ID = process.env.AWS_ACCESS_KEY_ID ?? 'AKIAIOSFODNN7EXAMPLE';
process.env.AWS_SECRET_ACCESS_KEY = process.env.AWS_SECRET_ACCESS_KEY ?? 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
process.env.AWS_EC2_METADATA_DISABLED = 'true';
process.env.CDK_DISABLE_CLI_TELEMETRY = 'true';
process.env.CDK_DISABLE_VERSION_CHECK = '1';
