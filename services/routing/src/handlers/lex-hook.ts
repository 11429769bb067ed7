/**
 * Lambda of the Lex V2 code hook (dialog and fulfillment) of the routing bot: validates the Department
 * slot against the routing table.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createLogger } from '@switchboard/shared/logging';
import { DynamoDbDepartments } from '../adapters/aws/dynamodb-departments.ts';
import { DirectoryCache } from '../application/directory-cache.ts';
import { createLexCodeHook } from '../application/lex-code-hook.ts';
import { loadLexHookConfig } from '../config.ts';

const config = loadLexHookConfig();
const logger = createLogger({ service: 'routing' });

const handleLexTurn = createLexCodeHook({
  directory: new DirectoryCache({
    repository: new DynamoDbDepartments({
      client: DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 2 })),
      tableName: config.DEPARTMENTS_TABLE,
      onInvalidItem: (name, problem) => logger.error('invalid routing table item skipped', { department: String(name), problem }),
    }),
    ttlMs: config.DIRECTORY_CACHE_SECONDS * 1000,
  }),
  logger,
});

export const handler = (event: unknown) => handleLexTurn(event);
