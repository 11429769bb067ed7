/**
 * The Lambda on the ECS "Task State Change" events of the Asterisk service, from `handlerEnv['pbx-address']`: keeps
 * the PBX's DNS record and the Voice Connector's termination allow list on the running task (see
 * application/pbx-address-follower.ts).
 */
import { ChimeSDKVoiceClient } from '@aws-sdk/client-chime-sdk-voice';
import { Route53Client } from '@aws-sdk/client-route-53';
import { endpointFor } from '@switchboard/shared/aws-http';
import { createLogger } from '@switchboard/shared/logging';
import { allowTerminationFrom } from '../adapters/aws/chime-voice-connector-termination.ts';
import { publicIpOfNetworkInterface } from '../adapters/aws/ec2-network-interfaces.ts';
import { upsertPbxRecord } from '../adapters/aws/route53-pbx-record.ts';
import { followPbxTask, type PbxTaskEvent } from '../application/pbx-address-follower.ts';
import { loadPbxAddressConfig } from '../config.ts';

const config = loadPbxAddressConfig();
const logger = createLogger({ service: 'routing' });
const region = process.env.AWS_REGION ?? 'us-east-1';
const ec2 = { region, endpoint: endpointFor('EC2', `ec2.${region}.amazonaws.com`) };
const route53 = new Route53Client({});
const voice = new ChimeSDKVoiceClient({});

export const pbxAddress = async (event: PbxTaskEvent): Promise<void> => {
  const result = await followPbxTask(
    event,
    {
      publicIpOf: (eni) => publicIpOfNetworkInterface(ec2, eni),
      pointRecord: (name, ip) => upsertPbxRecord(route53, config.PBX_HOSTED_ZONE_ID, name, ip),
      allowTerminationFrom: (ip) => allowTerminationFrom(voice, config.VOICE_CONNECTOR_ID, ip),
    },
    config.PBX_RECORD_NAME,
  );
  logger.info(result.updated ? `PBX address is now ${result.ip}` : `PBX address unchanged: ${result.reason}`);
};
