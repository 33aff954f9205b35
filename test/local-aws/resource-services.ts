/**
 * The service stand-ins for restored resources, one loopback server each: RDS, EC2, EFS, FSx, Redshift and
 * DynamoDB over one world model (restored-resources.ts). `environment()` gives the AWS_ENDPOINT_URL_* variables the
 * SDK v3 clients read (service ids RDS, EC2, EFS, FSx, Redshift, DynamoDB), so the real clients inside the bundled
 * handlers, in the Lambda sandboxes, talk to loopback unmodified.
 */
import { HarnessClock } from './clock';
import { Ec2Service } from './ec2-service';
import { EfsService } from './efs-service';
import { DynamoDbService, FsxService } from './json-services';
import { RdsService, RedshiftService } from './rds-service';
import { ResourceService } from './resource-wire';
import { RestoredResources } from './restored-resources';

export type ResourceServiceName = 'rds' | 'ec2' | 'efs' | 'fsx' | 'redshift' | 'dynamodb';

/** The environment variable each client reads its endpoint from. */
export const RESOURCE_ENDPOINT_VARIABLES: Readonly<Record<ResourceServiceName, string>> = {
  rds: 'AWS_ENDPOINT_URL_RDS',
  ec2: 'AWS_ENDPOINT_URL_EC2',
  efs: 'AWS_ENDPOINT_URL_EFS',
  fsx: 'AWS_ENDPOINT_URL_FSX',
  redshift: 'AWS_ENDPOINT_URL_REDSHIFT',
  dynamodb: 'AWS_ENDPOINT_URL_DYNAMODB',
};

export class ResourceServices {
  private readonly services: Readonly<Record<ResourceServiceName, ResourceService>>;

  constructor(model: RestoredResources, clock: HarnessClock) {
    this.services = {
      rds: new RdsService(model, clock),
      ec2: new Ec2Service(model, clock),
      efs: new EfsService(model, clock),
      fsx: new FsxService(model, clock),
      redshift: new RedshiftService(model, clock),
      dynamodb: new DynamoDbService(model, clock),
    };
  }

  public async start(): Promise<void> {
    await Promise.all(Object.values(this.services).map(s => s.start()));
  }

  public endpoint(service: ResourceServiceName): string {
    return this.services[service].endpoint;
  }

  /** `AWS_ENDPOINT_URL_RDS`, `…_EC2`, `…_EFS`, `…_FSX`, `…_REDSHIFT`, `…_DYNAMODB`. */
  public environment(): Record<string, string> {
    return Object.fromEntries(Object.entries(RESOURCE_ENDPOINT_VARIABLES)
      .map(([service, variable]) => [variable, this.endpoint(service as ResourceServiceName)]));
  }

  public async close(): Promise<void> {
    await Promise.all(Object.values(this.services).map(s => s.close()));
  }
}
