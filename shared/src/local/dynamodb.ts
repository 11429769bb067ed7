/**
 * The local stand-in for DynamoDB: dynalite speaks the DynamoDB wire protocol over loopback and keeps
 * tables in LevelDB under `<dataDir>/dynamodb`, so data survives restarts. It has no
 * TransactWriteItems: services design around it (conditional writes per item).
 */
import type http from 'node:http';
import type net from 'node:net';
import { createRequire } from 'node:module';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

interface DynaliteOptions {
  /** LevelDB folder; in memory when omitted. */
  path?: string;
  /** How long a table stays CREATING (ms). DynamoDB takes seconds; 0 keeps start-up instant. */
  createTableMs?: number;
  deleteTableMs?: number;
  updateTableMs?: number;
}

// dynalite is CommonJS without type declarations; this is the one function we use.
const require = createRequire(import.meta.url);
const dynalite = require('dynalite') as (options: DynaliteOptions) => http.Server;

export interface LocalDynamoDb {
  endpoint: string;
  port: number;
  client: DynamoDBClient;
  documentClient: DynamoDBDocumentClient;
  close(): Promise<void>;
}

export class DataDirectoryInUseError extends Error {
  override readonly name = 'DataDirectoryInUseError';
}

export async function startDynamoDb(options: { path: string | undefined; port: number; host: string }): Promise<LocalDynamoDb> {
  const server = dynalite({
    ...(options.path ? { path: options.path } : {}),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: options.port, host: options.host, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as net.AddressInfo).port;
  const endpoint = `http://${options.host}:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    // dynalite ignores credentials, but the SDK signs every request and must not go looking for real ones.
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 2,
  });
  const documentClient = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
  const close = async () => {
    client.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) => server.close((error?: Error) => (error ? reject(error) : resolve())));
  };

  // LevelDB opens lazily and holds a lock on its folder: probe now so a second stage on the same
  // data directory fails at start with a clear message, not at the first request.
  try {
    await client.send(new ListTablesCommand({ Limit: 1 }));
  } catch (error) {
    await close().catch(() => undefined);
    const text = String((error as Error).message ?? error);
    throw new DataDirectoryInUseError(
      `DynamoDB (dynalite) could not open ${options.path ?? 'its in-memory store'}: ${text}. ` +
        'Is another local stage running with the same data directory? Stop it or use another --data-dir.',
      { cause: error },
    );
  }
  return { endpoint, port, client, documentClient, close };
}
