/**
 * Event contracts: the one definition of an event that publishers validate against, consumers parse with, the
 * infra builds subscription rules from and the schema registry publishes as JSON Schema.
 *
 * An event on the bus is `{ source, detail-type, detail }` with `detail = { metadata, data }`. Within a version only
 * optional fields are added; a breaking change is a new detail type (`Name.v2`) published beside the old one.
 *
 * Contracts are written with zod/mini: every Lambda carries all of them, and the SIP media application publishes
 * one during a cold start that a caller hears as silence. A contract accepts any zod schema (classic or mini).
 */
import { randomUUID } from 'node:crypto';
import * as z from '../zod-mini/index.ts';

/** `switchboard.<service>`: the service that publishes a fact, or that handles a request (`*Requested`). */
const SOURCE = /^switchboard\.[a-z][a-z0-9-]*$/;
/** PastTenseName, optionally `.v2`, `.v3` for a breaking change. */
const DETAIL_TYPE = /^[A-Z][A-Za-z0-9]*(\.v[2-9][0-9]*)?$/;
/** major.minor: the minor grows when optional fields are added. */
const VERSION = /^[1-9][0-9]*\.[0-9]+$/;

export const eventMetadataSchema = z.object({
  /** Unique per event; consumers deduplicate on it. */
  id: z.string().check(z.minLength(1)),
  /** The contract version the publisher wrote. */
  version: z.string().check(z.regex(VERSION)),
  /** Call id, job id, conversation id or incident id: what ties the logs of one piece of work together. */
  correlationId: z.string().check(z.minLength(1)),
  occurredAt: z.iso.datetime({ offset: true }),
});
export type EventMetadata = z.infer<typeof eventMetadataSchema>;

export interface EventEnvelope<TData> {
  metadata: EventMetadata;
  data: TData;
}

/** The EventBridge rule pattern for one contract (infra and the local bus use the same object). */
export type ContractPattern = {
  source: [string];
  'detail-type': [string];
};

export interface EnvelopeOptions {
  correlationId: string;
  /** Defaults to a random UUID. */
  id?: string;
  /** Defaults to now. */
  occurredAt?: Date;
}

export class ContractError extends Error {
  override readonly name = 'ContractError';
  constructor(
    message: string,
    readonly issues: ReadonlyArray<{ path: string; message: string }> = [],
  ) {
    super(message);
  }
}

export interface EventContract<TSchema extends z.core.$ZodType = z.core.$ZodType> {
  readonly source: string;
  readonly detailType: string;
  readonly version: string;
  readonly schema: TSchema;
  readonly pattern: ContractPattern;
  /** Validates `data` and wraps it with metadata; throws ContractError listing every issue. */
  envelope(data: z.input<TSchema>, options: EnvelopeOptions): EventEnvelope<z.output<TSchema>>;
  /**
   * Parses what a consumer receives: a whole EventBridge event (`{ source, 'detail-type', detail }`) or the detail
   * alone. Throws ContractError when it is not this contract's event or does not match the schema.
   */
  parse(input: unknown): EventEnvelope<z.output<TSchema>>;
  safeParse(input: unknown): { success: true; event: EventEnvelope<z.output<TSchema>> } | { success: false; error: ContractError };
  /** JSON Schema (draft 4, what the EventBridge schema registry accepts) of the detail. */
  jsonSchema(): Record<string, unknown>;
}

function issuesOf(error: z.core.$ZodError, prefix: string) {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'),
    message: issue.message,
  }));
}

function describe(what: string, issues: ReadonlyArray<{ path: string; message: string }>) {
  return `${what}: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`;
}

export interface EventDefinition<TSchema extends z.core.$ZodType> {
  source: string;
  detailType: string;
  version: string;
  /**
   * Builds the data schema; called once, on first use. Every service imports every contract, and a Lambda
   * that publishes two of them should not build sixteen schemas during its cold start.
   */
  schema: () => TSchema;
}

export function defineEvent<TSchema extends z.core.$ZodType>(definition: EventDefinition<TSchema>): EventContract<TSchema> {
  const { source, detailType, version } = definition;
  if (!SOURCE.test(source)) throw new Error(`event source "${source}" must look like switchboard.<service>`);
  if (!DETAIL_TYPE.test(detailType)) throw new Error(`detail type "${detailType}" must be a PascalCase name, optionally .vN`);
  if (!VERSION.test(version)) throw new Error(`event version "${version}" must be major.minor, e.g. 1.0`);

  const name = `${source}/${detailType}`;
  let dataSchema: TSchema | undefined;
  const schema = (): TSchema => (dataSchema ??= definition.schema());
  let detailSchemaBuilt: z.ZodMiniObject<{ metadata: typeof eventMetadataSchema; data: TSchema }> | undefined;
  const detailSchema = () => (detailSchemaBuilt ??= z.object({ metadata: eventMetadataSchema, data: schema() }));

  const parseDetail = (detail: unknown): EventEnvelope<z.output<TSchema>> => {
    const result = z.safeParse(detailSchema(), detail);
    if (!result.success) {
      const issues = issuesOf(result.error, '');
      throw new ContractError(describe(`invalid ${name} event`, issues), issues);
    }
    return result.data as EventEnvelope<z.output<TSchema>>;
  };

  const contract: EventContract<TSchema> = {
    source,
    detailType,
    version,
    get schema() {
      return schema();
    },
    pattern: Object.freeze({ source: [source], 'detail-type': [detailType] }) as ContractPattern,
    envelope(data, options) {
      const result = z.safeParse(schema(), data);
      if (!result.success) {
        const issues = issuesOf(result.error, 'data');
        throw new ContractError(describe(`cannot publish ${name}`, issues), issues);
      }
      if (!options.correlationId) throw new ContractError(`cannot publish ${name}: correlationId is required`);
      return {
        metadata: {
          id: options.id ?? randomUUID(),
          version,
          correlationId: options.correlationId,
          occurredAt: (options.occurredAt ?? new Date()).toISOString(),
        },
        data: result.data as z.output<TSchema>,
      };
    },
    parse(input) {
      if (input && typeof input === 'object' && 'detail' in input) {
        const event = input as { source?: unknown; 'detail-type'?: unknown; detail: unknown };
        if (event.source !== source || event['detail-type'] !== detailType) {
          throw new ContractError(`expected ${name}, received ${String(event.source)}/${String(event['detail-type'])}`);
        }
        const detail = typeof event.detail === 'string' ? safeJson(event.detail) : event.detail;
        return parseDetail(detail);
      }
      return parseDetail(input);
    },
    safeParse(input) {
      try {
        return { success: true, event: contract.parse(input) };
      } catch (error) {
        if (error instanceof ContractError) return { success: false, error };
        throw error;
      }
    },
    jsonSchema() {
      return z.toJSONSchema(detailSchema(), { target: 'draft-4', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
    },
  };
  return Object.freeze(contract);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ContractError('event detail is not valid JSON');
  }
}

/** Any contract, whatever its schema (for lists such as the schema registry's). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- contracts are invariant in their schema
// biome-ignore lint/suspicious/noExplicitAny: a list of contracts of every payload type (unknown would reject them: EventContract is invariant)
export type AnyEventContract = EventContract<any>;

/** The data type of a contract, for handler signatures. */
export type EventData<C> = C extends EventContract<infer S> ? z.output<S> : never;
