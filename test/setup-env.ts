// Every test process runs offline: a region and dummy credentials keep the AWS SDK's default credential
// chain from probing the EC2 instance metadata service; nothing may leave loopback.
import '../scripts/lib/offline-env';
