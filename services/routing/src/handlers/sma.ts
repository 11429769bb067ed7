/**
 * Lambda of the SIP media application (Chime SDK PSTN audio). Thin: configuration and clients are built
 * once per cold start; every invocation goes to the injected handler, which never throws.
 *
 * The three calls of the hot path (DynamoDB Scan, Lex PutSession, EventBridge PutEvents) go through the
 * small signed JSON client instead of the SDK: the caller hears this function's cold start.
 */
// First: zod settings apply to the schemas the modules below build as they load.
import '@switchboard/shared/cold-start';
import { createLogger } from '@switchboard/shared/logging';
import { HttpDynamoDbDepartmentList } from '../adapters/aws/dynamodb-departments-http.ts';
import { HttpEventBridgeBus } from '../adapters/aws/eventbridge-bus-http.ts';
import { HttpLexBotSessions } from '../adapters/aws/lex-put-session-http.ts';
import { HttpDynamoDbTextingLookup } from '../adapters/aws/dynamodb-texting-projection-http.ts';
import { endpointFor, JsonServiceClient } from '@switchboard/shared/aws-http';
import { DirectoryCache } from '../application/directory-cache.ts';
import { createSmaCallHandler } from '../application/sma-call-handler.ts';
import { loadSmaConfig, routingSettingsFrom } from '../config.ts';

const config = loadSmaConfig();
const logger = createLogger({ service: 'routing' });
const region = process.env.AWS_REGION ?? 'us-east-1';
const client = (service: string, serviceId: string, host: string) =>
  new JsonServiceClient({ service, region, endpoint: endpointFor(serviceId, `${host}.${region}.amazonaws.com`) });

const directory = new DirectoryCache({
  repository: new HttpDynamoDbDepartmentList({
    client: client('dynamodb', 'DYNAMODB', 'dynamodb'),
    tableName: config.DEPARTMENTS_TABLE,
    onInvalidItem: (name, problem) => logger.error('invalid routing table item skipped', { department: String(name), problem }),
  }),
  ttlMs: config.DIRECTORY_CACHE_SECONDS * 1000,
});
// Almost every first invocation needs the table: start reading it while the rest of the cold start runs.
directory.prefetch(config.SMA_DEADLINE_MS);

const dynamodb = client('dynamodb', 'DYNAMODB', 'dynamodb');
const handleSmaEvent = createSmaCallHandler({
  directory,
  texting: config.SMS_TEXTING_TABLE ? new HttpDynamoDbTextingLookup({ client: dynamodb, tableName: config.SMS_TEXTING_TABLE }) : undefined,
  botSessions: new HttpLexBotSessions({
    client: client('lex', 'LEX_RUNTIME_V2', 'runtime-v2-lex'),
    botId: config.LEX_BOT_ID,
    botAliasId: config.LEX_BOT_ALIAS_ID,
    localeId: config.LEX_LOCALE_ID,
  }),
  bus: new HttpEventBridgeBus({ client: client('events', 'EVENTBRIDGE', 'events'), busName: config.EVENT_BUS_NAME }),
  settings: routingSettingsFrom(config),
  logger,
  deadlineMs: config.SMA_DEADLINE_MS,
});

export const handler = (event: unknown) => handleSmaEvent(event);
