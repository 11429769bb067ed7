/**
 * Read every page of a Query or Scan. DynamoDB returns at most 1 MB per call and says where to go on with
 * `LastEvaluatedKey`; forgetting to follow it silently drops items once a table grows. A bound on pages or items
 * keeps a runaway read (a hot partition, a missing key condition) from running a Lambda out of time or memory:
 * past it, `queryAll` throws instead of returning a partial list that looks complete.
 *
 * A module of its own (`@switchboard/shared/dynamo-query`), not part of `dynamo`: it needs `@aws-sdk/lib-dynamodb` at
 * run time, and a bundle that imports `dynamo` only for `withTimeout` or `isConditionalCheckFailed` (the SMA handlers)
 * must not carry the SDK for it.
 */
import { QueryCommand, ScanCommand, type DynamoDBDocumentClient, type QueryCommandInput, type ScanCommandInput } from '@aws-sdk/lib-dynamodb';

export interface ReadAllOptions {
  /** Throw when more pages than this would be needed. @default 100 (≈ 100 MB of items) */
  maxPages?: number;
  /** Throw when more items than this are found. @default Infinity */
  maxItems?: number;
  /** Passed to every `send` (cancel a read whose caller gave up). */
  abortSignal?: AbortSignal;
}

export class ReadLimitExceededError extends Error {
  override readonly name = 'ReadLimitExceededError';
}

async function readAll<T>(
  fetchPage: (
    start: Record<string, unknown> | undefined,
  ) => Promise<{ Items?: Record<string, unknown>[]; LastEvaluatedKey?: Record<string, unknown> }>,
  what: string,
  options: ReadAllOptions,
): Promise<T[]> {
  const maxPages = options.maxPages ?? 100;
  const maxItems = options.maxItems ?? Number.POSITIVE_INFINITY;
  const items: T[] = [];
  let start: Record<string, unknown> | undefined;
  for (let pages = 0; ; ) {
    const page = await fetchPage(start);
    pages += 1;
    items.push(...((page.Items ?? []) as T[]));
    if (items.length > maxItems) throw new ReadLimitExceededError(`${what} found more than ${maxItems} items`);
    start = page.LastEvaluatedKey;
    if (!start) return items;
    if (pages >= maxPages) throw new ReadLimitExceededError(`${what} needs more than ${maxPages} pages`);
  }
}

/** Every item a Query matches, following `LastEvaluatedKey`. */
export function queryAll<T = Record<string, unknown>>(
  client: DynamoDBDocumentClient,
  input: QueryCommandInput,
  options: ReadAllOptions = {},
): Promise<T[]> {
  const sendOptions = options.abortSignal ? { abortSignal: options.abortSignal } : undefined;
  return readAll<T>(
    (start) => client.send(new QueryCommand({ ...input, ...(start ? { ExclusiveStartKey: start } : {}) }), sendOptions),
    `query of ${input.TableName}${input.IndexName ? `/${input.IndexName}` : ''}`,
    options,
  );
}

/** Every item of a Scan, following `LastEvaluatedKey` (small tables: runbooks, devices, FAQ). */
export function scanAll<T = Record<string, unknown>>(
  client: DynamoDBDocumentClient,
  input: ScanCommandInput,
  options: ReadAllOptions = {},
): Promise<T[]> {
  const sendOptions = options.abortSignal ? { abortSignal: options.abortSignal } : undefined;
  return readAll<T>(
    (start) => client.send(new ScanCommand({ ...input, ...(start ? { ExclusiveStartKey: start } : {}) }), sendOptions),
    `scan of ${input.TableName}`,
    options,
  );
}
