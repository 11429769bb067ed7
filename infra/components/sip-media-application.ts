import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { Platform } from './platform.ts';

export interface SipMediaApplicationArgs {
  /** The SMA handler's function. */
  handler: { arn: pulumi.Input<string>; functionName: pulumi.Input<string> };
  /** Physical-name suffix, e.g. `routing`. */
  physicalName: string;
  /** AWS account that owns the SIP media application; the invoke permission is limited to it. */
  account: pulumi.Input<string>;
}

/**
 * A Chime SDK SIP media application on its handler, and the permission that lets the Chime voice service (and only
 * for this account) invoke that handler. Children: `${name}-sma-invoke`, then `${name}-sip-media-application`.
 */
export function createSipMediaApplication(
  name: string,
  args: SipMediaApplicationArgs,
  platform: Pick<Platform, 'physicalName' | 'region' | 'tags'>,
  parent: pulumi.Resource,
): aws.chime.SdkvoiceSipMediaApplication {
  // The permission comes first: creating the application checks that Chime may invoke its endpoint. SourceArn is
  // every SIP media application of this account and region (the application's own ARN does not exist yet).
  const permission = new aws.lambda.Permission(
    `${name}-sma-invoke`,
    {
      action: 'lambda:InvokeFunction',
      function: args.handler.functionName,
      principal: 'voiceconnector.chime.amazonaws.com',
      sourceAccount: args.account,
      sourceArn: pulumi.interpolate`arn:aws:chime:${platform.region}:${args.account}:sma/*`,
    },
    { parent },
  );
  return new aws.chime.SdkvoiceSipMediaApplication(
    `${name}-sip-media-application`,
    { name: platform.physicalName(args.physicalName), awsRegion: platform.region, endpoints: { lambdaArn: args.handler.arn }, tags: platform.tags },
    { parent, dependsOn: [permission] },
  );
}
