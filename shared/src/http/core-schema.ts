/**
 * Use a zod/mini (or any zod-core) schema in an OpenAPI route.
 *
 * Domain schemas that a cold-starting Lambda parses are written with zod/mini (see `shared/src/chime`,
 * `services/routing/src/domain/department.ts`): they build and first-parse in about half the time of classic
 * zod, and they keep classic zod out of that Lambda's bundle. `@hono/zod-openapi` documents routes with
 * `@asteasolutions/zod-to-openapi`, which only understands classic schemas (it calls `.meta()` on each one).
 *
 * `openApiSchema` bridges the two without a second definition: it returns a classic schema that validates
 * with the core schema (the same issues, paths and messages, so a bad request is the usual 422) and is
 * documented with the core schema's own JSON Schema (`z.toJSONSchema`).
 */
import { z } from '@hono/zod-openapi';
import { safeParse, toJSONSchema, type $ZodRawIssue, type $ZodType, type input, type output } from 'zod/v4/core';

export interface OpenApiSchemaOptions {
  /**
   * Which side to document: `input` for request bodies and parameters (defaults are optional), `output` for
   * responses (defaults are filled in, transforms applied).
   */
  io: 'input' | 'output';
  /** Registers the schema as a named component (`#/components/schemas/<id>`). */
  id?: string;
}

export function openApiSchema<S extends $ZodType>(schema: S, options: OpenApiSchemaOptions): z.ZodType<output<S>, input<S>> {
  // The route document is OpenAPI 3.1, whose schemas are JSON Schema 2020-12 (zod's default target).
  const { $schema: _dialect, ...documented } = toJSONSchema(schema, { io: options.io, unrepresentable: 'any' }) as Record<string, unknown>;
  const validated = z.unknown().transform((value, context) => {
    const result = safeParse(schema, value);
    if (result.success) return result.data;
    // Each issue keeps its path (relative to this schema) and message; the caller's parse prefixes the path.
    for (const issue of result.error.issues) context.issues.push({ ...issue, input: value } as $ZodRawIssue);
    return z.NEVER;
  });
  // OpenAPI metadata replaces what zod-to-openapi would infer (nothing useful for a transform) with the JSON Schema.
  const metadata = documented as NonNullable<Parameters<typeof validated.openapi>[1]>;
  const described = options.id === undefined ? validated.openapi(metadata) : validated.openapi(options.id, metadata);
  return described as unknown as z.ZodType<output<S>, input<S>>;
}
