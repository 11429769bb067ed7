/**
 * The Lex V2 code hook (dialog and fulfillment) of the routing bot, from `handlerEnv['lex-hook']`: validates the
 * Department slot against the routing table. The caller waits on every turn, so the table read uses the same small
 * signed client as the SMA rather than the SDK (cold start).
 */
import { createLogger } from '@switchboard/shared/logging';
import { HttpDynamoDbDepartmentList } from '../adapters/aws/dynamodb-departments-http.ts';
import { DirectoryCache } from '../application/directory-cache.ts';
import { createLexCodeHook } from '../application/lex-code-hook.ts';
import { loadLexHookConfig } from '../config.ts';
import { dynamoDbClient } from './signed-clients.ts';

const config = loadLexHookConfig();
const logger = createLogger({ service: 'routing' });

export const lexHook = createLexCodeHook({
  directory: new DirectoryCache({
    repository: new HttpDynamoDbDepartmentList({
      client: dynamoDbClient(),
      tableName: config.DEPARTMENTS_TABLE,
      onInvalidItem: (name, problem) => logger.error('invalid routing table item skipped', { department: String(name), problem }),
    }),
    ttlMs: config.DIRECTORY_CACHE_SECONDS * 1000,
  }),
  logger,
});
