/**
 * List endpoints page through DynamoDB with an opaque `nextToken` (the base64url of the
 * LastEvaluatedKey) and a `limit` query parameter (1–100, default 25).
 */
import { z } from '@hono/zod-openapi';
import { HttpProblem } from './problem.ts';

export const defaultPageSize = 25;
export const maxPageSize = 100;

/** Put in `request.query` of a list route (merge with `.extend()` for more filters). */
export const paginationQuerySchema = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(maxPageSize)
    .default(defaultPageSize)
    .openapi({ param: { name: 'limit', in: 'query' }, example: defaultPageSize, description: `Items per page (1–${maxPageSize}).` }),
  nextToken: z
    .string()
    .max(4096)
    .optional()
    .openapi({ param: { name: 'nextToken', in: 'query' }, description: 'The `nextToken` of the previous page.' }),
});

/** DynamoDB document-client keys: string or number attribute values (every Switchboard key is one). */
export type PageKey = Record<string, string | number>;

export function encodeNextToken(lastEvaluatedKey: Record<string, unknown> | undefined): string | undefined {
  if (!lastEvaluatedKey || Object.keys(lastEvaluatedKey).length === 0) return undefined;
  return Buffer.from(JSON.stringify(lastEvaluatedKey), 'utf8').toString('base64url');
}

/** Decode a client's `nextToken`; a token that is not ours is a 422 on `query.nextToken`. */
export function decodeNextToken(token: string | undefined): PageKey | undefined {
  if (token === undefined || token === '') return undefined;
  const refuse = (): never => {
    throw new HttpProblem(422, 'Unprocessable Content', {
      detail: 'The nextToken is not one this API issued.',
      issues: [{ path: 'query.nextToken', message: 'Invalid pagination token', code: 'custom' }],
    });
  };
  if (!/^[A-Za-z0-9_-]+$/.test(token)) return refuse();
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    return refuse();
  }
  if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded)) return refuse();
  const entries = Object.entries(decoded as Record<string, unknown>);
  if (entries.length === 0 || entries.length > 4) return refuse();
  for (const [, value] of entries) {
    if (typeof value !== 'string' && typeof value !== 'number') return refuse();
  }
  return decoded as PageKey;
}

/** From the validated query to the DynamoDB Query/Scan inputs (`Limit`, `ExclusiveStartKey`). */
export function pageRequest(query: { limit: number; nextToken?: string | undefined }): {
  limit: number;
  exclusiveStartKey: PageKey | undefined;
} {
  return { limit: query.limit, exclusiveStartKey: decodeNextToken(query.nextToken) };
}

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

export function page<T>(items: T[], lastEvaluatedKey: Record<string, unknown> | undefined): Page<T> {
  const nextToken = encodeNextToken(lastEvaluatedKey);
  return nextToken ? { items, nextToken } : { items };
}

/** Response schema of a page of `item`. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextToken: z.string().optional() });
}
