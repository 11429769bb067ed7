/**
 * The "put an event" form's logic: the JSON the user types, a starting document per contract, and the stage's
 * 422 (contract issues such as `body.data.receivers.0.phoneNumber`) mapped onto the form. Pure (unit-tested).
 */
import { formErrors, type Problem } from '../../api/problem.ts';

export const putEventFields = ['detailType', 'correlationId', 'data'] as const;

export type ParsedJson = { ok: true; value: unknown } | { ok: false; message: string };

export function parseDataJson(text: string): ParsedJson {
  if (text.trim() === '') return { ok: false, message: 'The data is empty: type the JSON object of the event’s data.' };
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, message: 'The data must be a JSON object ({ … }).' };
    return { ok: true, value };
  } catch (error) {
    return { ok: false, message: `Not valid JSON: ${(error as Error).message}` };
  }
}

export interface PutEventErrors {
  fields: Partial<Record<(typeof putEventFields)[number], string>>;
  form: string[];
  /** Each issue inside the data, by its path in the data (`receivers.0.phoneNumber`), for the issues table. */
  dataIssues: { path: string; message: string }[];
}

export function putEventErrors(problem: Problem): PutEventErrors {
  const { fields, form } = formErrors(problem, putEventFields);
  const dataIssues = (problem.issues ?? [])
    .filter((issue) => issue.path === 'body.data' || issue.path.startsWith('body.data.'))
    .map((issue) => ({ path: issue.path.slice('body.data'.length).replace(/^\./, '') || '(the data)', message: issue.message }));
  return {
    fields:
      dataIssues.length > 0
        ? { ...fields, data: `${dataIssues.length} ${dataIssues.length === 1 ? 'issue' : 'issues'} against the contract (below)` }
        : fields,
    form,
    dataIssues,
  };
}

/** Examples that do something visible on the local stage (CalloutRequested: a job in callouts). */
export const examples: Record<string, (now: Date) => unknown> = {
  CalloutRequested: (now) => ({
    requestId: `console-${now.getTime()}`,
    purpose: 'notification',
    requestedBy: 'local-tools',
    greeting: 'Hello {{ name }}, this is a test call from the Switchboard console.',
    ending: 'Thank you. Goodbye.',
    questions: [{ type: 'OK', template: 'Press 1 if you heard this message.' }],
    receivers: [{ receiverId: 'receiver-1', phoneNumber: '+14155550123', attributes: { name: 'Alex' } }],
  }),
};

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  format?: string;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minItems?: number;
};

/** A starting document from a contract's JSON Schema: every required field with a placeholder of its type. */
export function skeletonFromSchema(schema: JsonSchema, now = new Date()): unknown {
  const variant = schema.anyOf?.[0] ?? schema.oneOf?.[0];
  if (variant && !schema.type) return skeletonFromSchema(variant, now);
  if (schema.enum && schema.enum.length > 0) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const required = new Set(schema.required ?? []);
      return Object.fromEntries(
        Object.entries(schema.properties ?? {})
          .filter(([name]) => required.has(name))
          .map(([name, child]) => [name, skeletonFromSchema(child, now)]),
      );
    }
    case 'array':
      return schema.items && (schema.minItems ?? 0) > 0 ? [skeletonFromSchema(schema.items, now)] : [];
    case 'string':
      return schema.format === 'date-time' ? now.toISOString() : '';
    case 'integer':
    case 'number':
      return 0;
    case 'boolean':
      return false;
    default:
      return null;
  }
}

/** The data part of a contract's detail schema (`{ metadata, data }`), or the schema itself. */
export function dataSchemaOf(detailSchema: Record<string, unknown>): JsonSchema {
  const properties = (detailSchema as JsonSchema).properties;
  return properties?.data ?? (detailSchema as JsonSchema);
}

export function startingDocument(detailType: string, detailSchema: Record<string, unknown> | undefined, now = new Date()): string {
  const example = examples[detailType];
  const value = example ? example(now) : detailSchema ? skeletonFromSchema(dataSchemaOf(detailSchema), now) : {};
  return JSON.stringify(value, null, 2);
}
