/**
 * Lambda of the SIP media application (Chime SDK PSTN audio). Thin: configuration and AWS clients are
 * built once per cold start; every invocation goes to the injected handler, which never throws.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { LexRuntimeV2Client } from '@aws-sdk/client-lex-runtime-v2';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EventBridgeBus } from '@switchboard/shared/bus';
import { createLogger } from '@switchboard/shared/logging';
import { DynamoDbDepartments } from '../adapters/aws/dynamodb-departments.ts';
import { LexBotSessions } from '../adapters/aws/lex-put-session.ts';
import { DirectoryCache } from '../application/directory-cache.ts';
import { createSmaCallHandler } from '../application/sma-call-handler.ts';
import { loadSmaConfig, routingSettingsFrom } from '../config.ts';

const config = loadSmaConfig();
const logger = createLogger({ service: 'routing' });
// No SDK retries inside a 900 ms budget: one attempt, then the decision's fallback.
const clientOptions = { maxAttempts: 1 };
const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient(clientOptions));

const handleSmaEvent = createSmaCallHandler({
  directory: new DirectoryCache({
    repository: new DynamoDbDepartments({
      client: documentClient,
      tableName: config.DEPARTMENTS_TABLE,
      onInvalidItem: (name, problem) => logger.error('invalid routing table item skipped', { department: String(name), problem }),
    }),
    ttlMs: config.DIRECTORY_CACHE_SECONDS * 1000,
  }),
  botSessions: new LexBotSessions({
    client: new LexRuntimeV2Client(clientOptions),
    botId: config.LEX_BOT_ID,
    botAliasId: config.LEX_BOT_ALIAS_ID,
    localeId: config.LEX_LOCALE_ID,
  }),
  bus: new EventBridgeBus({ busName: config.EVENT_BUS_NAME, client: new EventBridgeClient(clientOptions), timeoutMs: config.SMA_DEADLINE_MS }),
  settings: routingSettingsFrom(config),
  logger,
  deadlineMs: config.SMA_DEADLINE_MS,
});

export const handler = (event: unknown) => handleSmaEvent(event);
