/**
 * Lambda of the Lex V2 code hook (dialog and fulfillment) of the routing bot: validates the Department
 * slot against the routing table. The caller waits on every turn, so the table read uses the same small
 * signed client as the SMA handler rather than the SDK (cold start).
 */
import { createLogger } from '@switchboard/shared/logging';
import { HttpDynamoDbDepartmentList } from '../adapters/aws/dynamodb-departments-http.ts';
import { endpointFor, JsonServiceClient } from '@switchboard/shared/aws-http';
import { DirectoryCache } from '../application/directory-cache.ts';
import { createLexCodeHook } from '../application/lex-code-hook.ts';
import { loadLexHookConfig } from '../config.ts';

const config = loadLexHookConfig();
const logger = createLogger({ service: 'routing' });
const region = process.env.AWS_REGION ?? 'us-east-1';

const handleLexTurn = createLexCodeHook({
  directory: new DirectoryCache({
    repository: new HttpDynamoDbDepartmentList({
      client: new JsonServiceClient({ service: 'dynamodb', region, endpoint: endpointFor('DYNAMODB', `dynamodb.${region}.amazonaws.com`) }),
      tableName: config.DEPARTMENTS_TABLE,
      onInvalidItem: (name, problem) => logger.error('invalid routing table item skipped', { department: String(name), problem }),
    }),
    ttlMs: config.DIRECTORY_CACHE_SECONDS * 1000,
  }),
  logger,
});

export const handler = (event: unknown) => handleLexTurn(event);
