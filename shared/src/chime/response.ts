import * as z from '../zod-mini/index.ts';
import { smaActionSchema, smaActionSchemasByType, type SmaAction } from './action-schemas';
import { describeIssues } from './parse-event';

/** Limits of one Lambda response, from the PSTN audio service documentation. */
export const SMA_SCHEMA_VERSION = '1.0';
export const MAX_ACTIONS_PER_RESPONSE = 10;
/** The service's own rejection says "Maximum number of mappings is 10" (docs, "Invalid inputs"). */
export const MAX_TRANSACTION_ATTRIBUTES = 10;
/** "Using TransactionAttributes": the object's payload is at most 20 KB. */
export const MAX_TRANSACTION_ATTRIBUTES_BYTES = 20 * 1024;

function payloadBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

const transactionAttributesSchema = z.record(z.string(), z.string()).check(
  z.refine((attributes) => Object.keys(attributes).length <= MAX_TRANSACTION_ATTRIBUTES, {
    message: `at most ${MAX_TRANSACTION_ATTRIBUTES} transaction attributes`,
  }),
  z.refine((attributes) => payloadBytes(attributes) <= MAX_TRANSACTION_ATTRIBUTES_BYTES, {
    message: `transaction attributes are at most ${MAX_TRANSACTION_ATTRIBUTES_BYTES} bytes of JSON`,
  }),
);

const actionsLimit = () => z.maxLength(MAX_ACTIONS_PER_RESPONSE, `a response holds at most ${MAX_ACTIONS_PER_RESPONSE} actions`);

/** The service answers a response beyond these limits with INVALID_LAMBDA_RESPONSE — mid-call. */
export const smaResponseSchema = z.strictObject({
  SchemaVersion: z.literal(SMA_SCHEMA_VERSION),
  Actions: z.array(smaActionSchema).check(actionsLimit()),
  TransactionAttributes: z.optional(transactionAttributesSchema),
});

/** `smaResponseSchema` with the actions left to `smaResponse`, which checks each against its own type's schema. */
const responseEnvelopeSchema = z.strictObject({
  SchemaVersion: z.literal(SMA_SCHEMA_VERSION),
  Actions: z.array(z.unknown()).check(actionsLimit()),
  TransactionAttributes: z.optional(transactionAttributesSchema),
});

const knownActionTypes = Object.keys(smaActionSchemasByType);

/** Validates the actions one by one: only the schemas of the types in hand get built (a cold start builds four, not eighteen). */
function parseActions(list: readonly unknown[]): { actions: SmaAction[]; issues: z.core.$ZodIssue[] } {
  const parsed: SmaAction[] = [];
  const issues: z.core.$ZodIssue[] = [];
  list.forEach((candidate, index) => {
    const type = typeof candidate === 'object' && candidate !== null ? (candidate as { Type?: unknown }).Type : undefined;
    const schema =
      typeof type === 'string' && Object.hasOwn(smaActionSchemasByType, type)
        ? smaActionSchemasByType[type as keyof typeof smaActionSchemasByType]
        : undefined;
    if (schema === undefined) {
      issues.push({
        code: 'custom',
        input: candidate,
        path: ['Actions', index, 'Type'],
        message: `unknown action type ${JSON.stringify(type)}; expected one of ${knownActionTypes.join(', ')}`,
      });
      return;
    }
    const result = schema.safeParse(candidate);
    if (result.success) parsed.push(result.data as SmaAction);
    else for (const issue of result.error.issues) issues.push({ ...issue, path: ['Actions', index, ...issue.path] });
  });
  return { actions: parsed, issues };
}

export type SmaResponse = z.infer<typeof smaResponseSchema>;

/** Thrown by `smaResponse` when a response would be rejected by the service. */
export class SmaResponseError extends Error {
  override readonly name = 'SmaResponseError';
  constructor(
    message: string,
    readonly issues: readonly z.core.$ZodIssue[] = [],
  ) {
    super(message);
  }
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * Builds the response to one invocation: `SchemaVersion: "1.0"`, the actions in order, and the
 * transaction attributes the service should echo back on the next invocation of this call.
 * Attributes replace the stored set; omit them to keep it, pass `{}` to clear it ("Clearing
 * TransactionAttributes" — `null` does not clear).
 *
 * Throws `SmaResponseError` — before anything reaches the service — for more than 10 actions, more
 * than 10 attributes, a non-string attribute value, attributes over 20 KB, or an action whose
 * parameters the service would reject. A telephony handler catches it and falls back to a safe response (apology + hang up).
 */
export function smaResponse(actionList: readonly SmaAction[], transactionAttributes?: Readonly<Record<string, unknown>>): SmaResponse {
  if (actionList.length > MAX_ACTIONS_PER_RESPONSE) {
    throw new SmaResponseError(
      `SIP media application response has ${actionList.length} actions; the PSTN audio service accepts at most ${MAX_ACTIONS_PER_RESPONSE} (action ${MAX_ACTIONS_PER_RESPONSE + 1} is ${actionList[MAX_ACTIONS_PER_RESPONSE]?.Type})`,
    );
  }
  if (transactionAttributes !== undefined) {
    const entries = Object.entries(transactionAttributes);
    if (entries.length > MAX_TRANSACTION_ATTRIBUTES) {
      throw new SmaResponseError(
        `SIP media application response has ${entries.length} transaction attributes; the PSTN audio service accepts at most ${MAX_TRANSACTION_ATTRIBUTES}`,
      );
    }
    for (const [key, value] of entries) {
      if (typeof value !== 'string') {
        throw new SmaResponseError(
          `transaction attribute "${key}" is ${typeName(value)}; the PSTN audio service accepts string values only (serialise it, e.g. String(value) or JSON.stringify(value))`,
        );
      }
    }
    const bytes = payloadBytes(transactionAttributes);
    if (bytes > MAX_TRANSACTION_ATTRIBUTES_BYTES) {
      throw new SmaResponseError(
        `transaction attributes are ${bytes} bytes of JSON; the PSTN audio service accepts at most ${MAX_TRANSACTION_ATTRIBUTES_BYTES}`,
      );
    }
  }
  const candidate = {
    SchemaVersion: SMA_SCHEMA_VERSION,
    Actions: actionList,
    ...(transactionAttributes !== undefined ? { TransactionAttributes: transactionAttributes } : {}),
  };
  const envelope = responseEnvelopeSchema.safeParse(candidate);
  const { actions: parsedActions, issues: actionIssues } = Array.isArray(actionList) ? parseActions(actionList) : { actions: [], issues: [] };
  const issues = [...(envelope.success ? [] : envelope.error.issues), ...actionIssues];
  if (!envelope.success || issues.length > 0) {
    throw new SmaResponseError(`invalid SIP media application response: ${describeIssues(issues)}`, issues);
  }
  return { ...envelope.data, Actions: parsedActions } as SmaResponse;
}
