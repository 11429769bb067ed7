/**
 * The Switchboard stage program — a table of contents:
 *   1. config    — stack config + the stage table (infra/config.ts)
 *   2. platform  — bus + archive + schema registry, Cognito, Amazon Connect, network, alarms, the console's hosting
 *   3. services  — one ComponentResource per service (services/<name>/infra/index.ts)
 *   4. console   — the built console and its config.json (the API URLs, the Cognito client) into its bucket
 *   5. outputs   — console URL, API URLs, bus name, user pool ids
 *
 * Run with the Pulumi CLI (`pulumi up` after `npm run build` and `npm run build -w @switchboard/console`);
 * Pulumi.yaml loads this file through tsx.
 */
import { allContracts } from '@switchboard/shared/contracts';
import { loadStackConfig } from './config.ts';
import { StaticSiteFiles, SwitchboardPlatform } from './components/index.ts';
import { consoleConfig, consoleConnectPolicy, consoleDistDir, softphoneConfig } from './console.ts';
import { RoutingService } from '../services/routing/infra/index.ts';
import { ForwardingService } from '../services/forwarding/infra/index.ts';
import { CalloutsService } from '../services/callouts/infra/index.ts';
import { SmsService } from '../services/sms/infra/index.ts';
import { IotTriage } from '../services/iot-triage/infra/index.ts';

// 1. config
const config = loadStackConfig();

// 2. platform
const platform = new SwitchboardPlatform('platform', { config, contracts: allContracts });

// 3. services — each receives { platform, config: config.services.<name> } and exposes `apiUrl` when it has an API.
const routing = new RoutingService('routing', { platform, config: config.services.routing });
const forwarding = new ForwardingService('forwarding', { platform, config: config.services.forwarding });
const callouts = new CalloutsService('callouts', { platform, config: config.services.callouts });
const sms = new SmsService('sms', { platform, config: config.services.sms });
const iotTriage = new IotTriage('iot-triage', { platform, config: config.services['iot-triage'] });

const apis = {
  routing: routing.apiUrl,
  forwarding: forwarding.apiUrl,
  callouts: callouts.apiUrl,
  sms: sms.apiUrl,
  'iot-triage': iotTriage.apiUrl,
};

// 4. console
const softphone = softphoneConfig(config.services.routing.pbx);
new StaticSiteFiles('console', {
  site: platform.console,
  directory: consoleDistDir,
  buildCommand: 'npm run build -w @switchboard/console',
  json: { 'config.json': consoleConfig({ stage: config.stage, apis, userPool: platform.userPool, softphone }) },
  indexHtmlPolicy: consoleConnectPolicy({ apis, userPool: platform.userPool, softphone }),
});

// 5. outputs
export const consoleUrl = platform.console.url;
export const stage = config.stage;
export const profile = config.profile;
export const busName = platform.bus.name;
export const userPoolId = platform.userPool.id;
export const userPoolClientId = platform.userPool.clientId;
export const jwtIssuer = platform.userPool.issuer;
export const connectInstanceId = platform.connect.instanceId;
export const connectPhoneNumber = platform.connect.phoneNumber;
export const apiUrls = apis;
export const forwardingPageUrl = forwarding.pageUrl;
export const routingSipMediaApplicationId = routing.sipMediaApplicationId;
export const routingVoiceConnectorHost = routing.voiceConnectorOutboundHost;
export const calloutsContactFlowId = callouts.contactFlowId;
export const smsOriginationIdentityArn = sms.originationIdentityArn;
// The deploy-time knowledge-base ingestion start (JSON: ingestionJobId, status); the status later: infra/README.md.
export const iotKnowledgeIngestion = iotTriage.knowledgeIngestion;
