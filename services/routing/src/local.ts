/**
 * The routing service on the local stage: the routing table in dynalite (seeded on first start), the
 * real SMA handler and Lex code hook behind the PSTN audio and Lex stand-ins, the call log fed by the
 * local bus with the same patterns the infra subscribes, and the API with the call simulator.
 */
import type { ServiceRegistration } from '@switchboard/shared/local';
import packageJson from '../package.json' with { type: 'json' };
import { callLogTable, DynamoDbCallLog } from './adapters/aws/dynamodb-call-log.ts';
import { departmentsTable, DynamoDbDepartments } from './adapters/aws/dynamodb-departments.ts';
import { DynamoDbTextingProjection, textingTable } from './adapters/aws/dynamodb-texting-projection.ts';
import { recordSmsFact, SMS_TEXTING_CONTRACTS } from './application/sms-texting-recorder.ts';
import { CallSimulator } from './adapters/local/call-simulator.ts';
import { LocalAgentLine } from './adapters/local/local-agent-line.ts';
import { LocalLexBot } from './adapters/local/local-lex-bot.ts';
import { createApp } from './api/app.ts';
import { addAgentLineRoutes } from './api/agent-line-routes.ts';
import { CALL_LOG_CONTRACTS, recordRoutingEvent } from './application/call-log-recorder.ts';
import { DirectoryCache } from './application/directory-cache.ts';
import { createLexCodeHook } from './application/lex-code-hook.ts';
import { seedRoutingTableIfEmpty } from './application/seed-routing-table.ts';
import { createSmaCallHandler } from './application/sma-call-handler.ts';
import type { RoutingSettings } from './domain/call-routing.ts';
import { routingBotDefinition } from './domain/routing-bot.ts';

/** Stand-in identifiers: shaped like the real ones, so the same validation applies. */
export const LOCAL_VOICE_CONNECTOR_ARN = 'arn:aws:chime:us-east-1:000000000000:vc/localasterisk';
export const LOCAL_BOT_ALIAS_ARN = 'arn:aws:lex:us-east-1:000000000000:bot-alias/LOCALBOT01/LOCALALIAS';

export const localRoutingSettings: RoutingSettings = {
  voiceConnectorArn: LOCAL_VOICE_CONNECTOR_ARN,
  fallbackOperator: { type: 'voiceConnector', extension: '600000' },
  bridgeTimeoutSeconds: 30,
  bot: { aliasArn: LOCAL_BOT_ALIAS_ARN, localeId: 'en_US' },
  voice: { VoiceId: 'Joanna', Engine: 'neural', LanguageCode: 'en-US' },
  greeting: 'Thank you for calling.',
  languageCode: 'en-US',
  smsAllowedCountries: ['US'],
};

export const register: ServiceRegistration = async (platform) => {
  await platform.ensureTables([departmentsTable, callLogTable, textingTable]);
  const departments = new DynamoDbDepartments({
    client: platform.documentClient,
    tableName: platform.tableName(departmentsTable),
    onInvalidItem: (name, problem) => platform.logger.error('invalid routing table item skipped', { department: String(name), problem }),
  });
  const seeded = await seedRoutingTableIfEmpty(departments, platform.clock.now());
  if (seeded > 0) platform.logger.info(`routing table seeded with ${seeded} departments`);
  const callLog = new DynamoDbCallLog({ client: platform.documentClient, tableName: platform.tableName(callLogTable) });

  // Short cache: API edits are also invalidated directly, this only bounds edits made behind its back.
  const directory = new DirectoryCache({ repository: departments, ttlMs: 5_000 });
  const codeHook = createLexCodeHook({ directory, logger: platform.logger });
  const bot = new LocalLexBot({ definition: async () => routingBotDefinition((await directory.get()).departments), codeHook });
  const texting = new DynamoDbTextingProjection({ client: platform.documentClient, tableName: platform.tableName(textingTable) });
  const sma = createSmaCallHandler({
    directory,
    botSessions: bot,
    bus: platform.bus,
    settings: localRoutingSettings,
    logger: platform.logger,
    texting,
    clock: () => platform.clock.now(),
  });
  // No PBX locally: extensions ring on the console's agent page through this stand-in.
  const agentLine = new LocalAgentLine({ now: () => platform.clock.now() });
  const simulator = new CallSimulator({
    handler: sma,
    bot,
    accountId: '000000000000',
    region: 'us-east-1',
    sipMediaApplicationId: 'local-routing-sma',
    agentLine,
  });

  const unsubscribe = [
    ...CALL_LOG_CONTRACTS.map((contract) =>
      platform.bus.subscribe(contract.pattern, (event) => recordRoutingEvent(callLog, event), { name: `routing-call-log-${contract.detailType}` }),
    ),
    // Who sms can text: the same patterns the infra's rule for the sms-texting Lambda uses.
    ...SMS_TEXTING_CONTRACTS.map((contract) =>
      platform.bus.subscribe(contract.pattern, async (event) => void (await recordSmsFact(texting, event)), {
        name: `routing-sms-texting-${contract.detailType}`,
      }),
    ),
  ];

  const app = createApp({
    departments,
    callLog,
    verifier: platform.auth.verifier,
    version: packageJson.version,
    simulator,
    onDepartmentsChanged: () => directory.invalidate(),
    clock: () => platform.clock.now(),
  });
  // Added here, not in createApp: the API Lambda's bundle must not carry the local stand-in.
  addAgentLineRoutes(app, agentLine);
  return {
    name: 'routing',
    app,
    stop: () => {
      agentLine.close();
      for (const off of unsubscribe) off();
    },
  };
};
