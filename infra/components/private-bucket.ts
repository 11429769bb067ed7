/**
 * `PrivateBucket`: an S3 bucket nobody reaches publicly — all public access blocked, encrypted at rest (SSE-S3),
 * owner-enforced (no ACLs), a policy that denies every request not made over TLS (plus the grants you add), and
 * Pulumi `protect` / `forceDestroy` from the stage table. Its name is a global name (`platform.globalName`).
 */
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { Platform } from './platform.ts';

/** A statement of the bucket's resource policy (it has exactly one policy, so grants are given here). */
export interface BucketPolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal: unknown;
  readonly Action: readonly string[];
  readonly Resource: pulumi.Input<string> | readonly pulumi.Input<string>[];
  readonly Condition?: unknown;
}

export interface PrivateBucketArgs {
  readonly platform: Platform;
  /** Name part: the bucket is `platform.globalName(name)`, e.g. `callouts-jobs`. */
  readonly name: string;
  /** Grants added to the TLS-only policy, built from the bucket's ARN. @default none */
  readonly grants?: (bucketArn: pulumi.Output<string>) => readonly BucketPolicyStatement[];
  /** Lifecycle rules (expiry of prefixes). @default none */
  readonly lifecycleRules?: pulumi.Input<aws.types.input.s3.BucketLifecycleConfigurationRule[]>;
}

/** The statement every bucket policy of the platform carries: no request over plain HTTP. */
export function denyInsecureTransport(bucketArn: pulumi.Input<string>): BucketPolicyStatement {
  return {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    // Named data-plane actions rather than "s3:*": the platform's invariants refuse whole-service wildcards everywhere.
    Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:ListBucket'],
    Resource: [bucketArn, pulumi.interpolate`${bucketArn}/*`],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

export class PrivateBucket extends pulumi.ComponentResource {
  readonly bucketResource: aws.s3.Bucket;
  readonly id: pulumi.Output<string>;
  /** The bucket's name. */
  readonly bucket: pulumi.Output<string>;
  readonly arn: pulumi.Output<string>;
  readonly bucketRegionalDomainName: pulumi.Output<string>;
  readonly publicAccessBlock: aws.s3.BucketPublicAccessBlock;
  readonly policy: aws.s3.BucketPolicy;

  constructor(name: string, args: PrivateBucketArgs, opts?: pulumi.ComponentResourceOptions) {
    super('switchboard:storage:PrivateBucket', name, {}, opts);
    const { platform } = args;
    const parent = { parent: this };
    this.bucketResource = new aws.s3.Bucket(
      `${name}-bucket`,
      { bucket: platform.globalName(args.name), forceDestroy: !platform.settings.protect, tags: platform.tags },
      { parent: this, protect: platform.settings.protect },
    );
    const bucket = this.bucketResource;
    this.publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
      `${name}-public-access`,
      { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
      parent,
    );
    new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-encryption`,
      { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }] },
      parent,
    );
    new aws.s3.BucketOwnershipControls(`${name}-ownership`, { bucket: bucket.id, rule: { objectOwnership: 'BucketOwnerEnforced' } }, parent);
    if (args.lifecycleRules) new aws.s3.BucketLifecycleConfiguration(`${name}-lifecycle`, { bucket: bucket.id, rules: args.lifecycleRules }, parent);
    this.policy = new aws.s3.BucketPolicy(
      `${name}-policy`,
      {
        bucket: bucket.id,
        policy: pulumi.jsonStringify({ Version: '2012-10-17', Statement: [...(args.grants?.(bucket.arn) ?? []), denyInsecureTransport(bucket.arn)] }),
      },
      // With the public access block in place first, a grant to a service principal is never mistaken for public.
      { parent: this, dependsOn: [this.publicAccessBlock] },
    );
    this.id = bucket.id;
    this.bucket = bucket.bucket;
    this.arn = bucket.arn;
    this.bucketRegionalDomainName = bucket.bucketRegionalDomainName;
    this.registerOutputs({ bucket: this.bucket, arn: this.arn });
  }
}
