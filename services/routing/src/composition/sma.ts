/**
 * The SIP media application's Lambda (Chime SDK PSTN audio), built once per cold start from its own environment
 * (`handlerEnv.sma`). The three calls of the hot path (DynamoDB Scan, Lex PutSession, EventBridge PutEvents) go
 * through the small signed JSON client instead of the SDK: the caller hears this function's cold start.
 * The handler imports `@switchboard/shared/cold-start` before this module, so zod settings apply to what loads here.
 */
import { createLogger } from '@switchboard/shared/logging';
import { HttpDynamoDbDepartmentList } from '../adapters/aws/dynamodb-departments-http.ts';
import { HttpDynamoDbTextingLookup } from '../adapters/aws/dynamodb-texting-projection-http.ts';
import { HttpEventBridgeBus } from '@switchboard/shared/bus';
import { HttpLexBotSessions } from '../adapters/aws/lex-put-session-http.ts';
import { DirectoryCache } from '../application/directory-cache.ts';
import { createSmaCallHandler } from '../application/sma-call-handler.ts';
import { loadSmaConfig, routingSettingsFrom } from '../config.ts';
import { dynamoDbClient, signedClient } from './signed-clients.ts';

const config = loadSmaConfig();
const logger = createLogger({ service: 'routing' });

const directory = new DirectoryCache({
  repository: new HttpDynamoDbDepartmentList({
    client: dynamoDbClient(),
    tableName: config.DEPARTMENTS_TABLE,
    onInvalidItem: (name, problem) => logger.error('invalid routing table item skipped', { department: String(name), problem }),
  }),
  ttlMs: config.DIRECTORY_CACHE_SECONDS * 1000,
});
// Almost every first invocation needs the table: start reading it while the rest of the cold start runs.
directory.prefetch(config.SMA_DEADLINE_MS);

/** Never throws: every failure becomes something the caller hears (see application/sma-call-handler.ts). */
export const sma = createSmaCallHandler({
  directory,
  texting: config.SMS_TEXTING_TABLE ? new HttpDynamoDbTextingLookup({ client: dynamoDbClient(), tableName: config.SMS_TEXTING_TABLE }) : undefined,
  botSessions: new HttpLexBotSessions({
    client: signedClient('lex', 'LEX_RUNTIME_V2', 'runtime-v2-lex'),
    botId: config.LEX_BOT_ID,
    botAliasId: config.LEX_BOT_ALIAS_ID,
    localeId: config.LEX_LOCALE_ID,
  }),
  bus: new HttpEventBridgeBus({ client: signedClient('events', 'EVENTBRIDGE', 'events'), busName: config.EVENT_BUS_NAME }),
  settings: routingSettingsFrom(config),
  logger,
  deadlineMs: config.SMA_DEADLINE_MS,
});
