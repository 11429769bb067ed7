import { Liquid, type Template } from 'liquidjs';

/**
 * Prompt templates (greeting, ending, questions) are written by whoever uploads a call job, so they are
 * untrusted. The seed renders them with Jinja2 from the workbook, which lets a template execute code
 * (`{{ range.constructor("return process")() }}` in nunjucks). liquidjs has no function calls and reads
 * own properties only; on top of that we:
 * - escape every output for SSML (the prompt is spoken inside `<speak>`), so a receiver's name cannot
 *   inject markup;
 * - allow only a small SSML tag set in the template's literal text, balanced;
 * - bound parse size, render time and memory, and refuse includes (no file system, no partials).
 */

/** Limits applied to every template. Values sized for a spoken prompt, far below what abuse needs. */
export const templateLimits = {
  /** Maximum template length in characters (a spoken prompt of ~2 minutes is ~2,000 characters). */
  maxTemplateLength: 4_000,
  /** liquidjs parseLimit: characters parsed per template. */
  parseLimit: 8_000,
  /**
   * liquidjs renderLimit: wall-clock milliseconds a single render may take. A prompt renders in microseconds;
   * the limit is generous because it is wall time (a GC pause or a busy 2-core host must not fail a valid row),
   * and loops are bounded by memoryLimit long before it matters.
   */
  renderLimitMs: 1_000,
  /** liquidjs memoryLimit: characters/array elements allocated by filters and loops. */
  memoryLimit: 100_000,
  /** Maximum rendered prompt length in characters (Connect's SSML prompt limit is 6,000 characters). */
  maxRenderedLength: 6_000,
} as const;

/** SSML tags Amazon Connect (Polly) supports that a user may use in literal template text. */
export const allowedSsmlTags = new Set([
  'break',
  'emphasis',
  'lang',
  'p',
  's',
  'prosody',
  'say-as',
  'sub',
  'phoneme',
  'w',
  'amazon:effect',
  'amazon:domain',
]);

const engine = new Liquid({
  // In-memory template mapping with nothing in it: {% include %}/{% render %}/{% layout %} cannot read files.
  templates: {},
  dynamicPartials: false,
  strictFilters: true,
  strictVariables: true,
  lenientIf: true,
  ownPropertyOnly: true,
  jsTruthy: false,
  parseLimit: templateLimits.parseLimit,
  renderLimit: templateLimits.renderLimitMs,
  memoryLimit: templateLimits.memoryLimit,
  outputEscape: escapeSsml,
});

// Constructs whose output skips SSML escaping or writes markup are removed from the engine, so parsing refuses them
// wherever they appear (a tag, `{% echo x | raw %}`, a `{% liquid %}` line): `{% raw %}` emits its body verbatim,
// the `raw` filter turns escaping off, `{% tablerow %}` writes HTML table tags.
const refusedConstructs: Readonly<Record<string, string>> = {
  'tag "raw"': '{% raw %} is not allowed in prompts: its text would reach the call unchecked (write the text itself)',
  'tag "tablerow"': '{% tablerow %} is not allowed in prompts: it writes HTML table markup (use {% for %})',
  'filter: raw': 'the raw filter is not allowed in prompts: receiver data is always escaped',
};
const engineRegistry = engine as unknown as { tags: Record<string, unknown>; filters: Record<string, unknown> };
delete engineRegistry.tags.raw;
delete engineRegistry.tags.tablerow;
delete engineRegistry.filters.raw;

/** Escapes text for an XML/SSML text node. */
export function escapeSsml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/**
 * `literal`: no Liquid markup at all — the prompt is the text itself (most questions).
 * `variables`: set when the only markup is plain `{{ name }}` outputs — validation then only needs to know the
 * names exist for a row (what strictVariables would check) instead of rendering 10,000 × n prompts.
 */
export type CompiledTemplate = {
  readonly source: string;
  readonly parsed: Template[];
  readonly literal: boolean;
  readonly variables?: readonly string[];
};

const plainOutput = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
function plainVariables(source: string): string[] | undefined {
  if (source.includes('{%')) return undefined;
  const names = [...source.matchAll(plainOutput)].map((m) => m[1]!);
  // Any other `{{` (filters, properties, expressions) needs the real renderer.
  const rest = source.replace(plainOutput, '');
  return rest.includes('{{') || rest.includes('}}') ? undefined : [...new Set(names)];
}

/** True when rendering `template` with these variables would succeed (no render for plain-variable templates). */
export function canRender(template: CompiledTemplate, variables: Record<string, unknown>): TemplateResult<true> {
  if (template.literal) return { ok: true, value: true };
  if (template.variables) {
    const missing = template.variables.find((name) => !Object.hasOwn(variables, name));
    if (missing) return { ok: false, error: `undefined variable: ${missing}` };
    // Escaping at most sextuples a character (' → &apos;): if even that fits, the rendered prompt fits.
    const worst =
      template.source.length +
      template.variables.reduce((n, name) => n + 6 * String(variables[name] ?? '').length * (template.source.split(name).length - 1), 0);
    if (worst <= templateLimits.maxRenderedLength) return { ok: true, value: true };
  }
  const rendered = renderTemplate(template, variables);
  return rendered.ok ? { ok: true, value: true } : rendered;
}
export type TemplateResult<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * Parses a template once (per job) and checks its literal SSML. Errors are short and user-facing,
 * e.g. `unexpected token at "(\"return process\")()"`.
 */
export function compileTemplate(source: string): TemplateResult<CompiledTemplate> {
  if (source.length > templateLimits.maxTemplateLength) {
    return { ok: false, error: `template longer than ${templateLimits.maxTemplateLength} characters` };
  }
  let parsed: Template[];
  try {
    // Parsed first, so a refused construct ({% raw %}, `| raw`, tablerow) is named as such.
    parsed = engine.parse(source);
  } catch (error) {
    return { ok: false, error: describeLiquidError(error) };
  }
  const markup = checkLiteralSsml(source);
  if (markup) return { ok: false, error: markup };
  const literal = !source.includes('{{') && !source.includes('{%');
  const variables = literal ? undefined : plainVariables(source);
  return { ok: true, value: { source, parsed, literal, ...(variables ? { variables } : {}) } };
}

/** Renders a compiled template with a receiver's fields. The result is SSML body text (no `<speak>`). */
export function renderTemplate(template: CompiledTemplate, variables: Record<string, unknown>): TemplateResult<string> {
  if (template.literal) return { ok: true, value: template.source.trim() };
  try {
    // A fresh plain object: templates only see the receiver's own string fields.
    const scope: Record<string, string> = Object.create(null);
    for (const [key, value] of Object.entries(variables)) scope[key] = value == null ? '' : String(value);
    const rendered = engine.renderSync(template.parsed, scope).trim();
    if (rendered.length > templateLimits.maxRenderedLength) {
      return { ok: false, error: `rendered prompt longer than ${templateLimits.maxRenderedLength} characters` };
    }
    // Second line of defence: whatever a construct produced, the spoken prompt holds only allowed, balanced SSML.
    const markup = checkLiteralSsml(rendered);
    if (markup) return { ok: false, error: `the rendered prompt is not allowed: ${markup}` };
    return { ok: true, value: rendered };
  } catch (error) {
    return { ok: false, error: describeLiquidError(error) };
  }
}

/** Wraps rendered prompt text for Connect's SSML prompt. */
export function toSsml(body: string): string {
  return `<speak>${body}</speak>`;
}

function describeLiquidError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  for (const [construct, explanation] of Object.entries(refusedConstructs)) {
    if (message.startsWith(construct.startsWith('tag') ? `${construct} not found` : `undefined ${construct}`)) return explanation;
  }
  // liquidjs appends the template source and a stack-like excerpt after the first line; keep the first line.
  return (message.split('\n')[0] ?? message).slice(0, 300);
}

/**
 * Checks the literal (non-Liquid) text of a template: tags must be allowed SSML, balanced, and `&` must
 * start an entity. Liquid blocks are blanked first so `{{ a < b }}`-like expressions are not mistaken
 * for markup.
 */
function checkLiteralSsml(source: string): string | undefined {
  const literal = source.replace(/\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/g, ' ');
  const open: string[] = [];
  const tagPattern = /<(\/?)([a-zA-Z][\w:-]*)([^<>]*?)(\/?)>|<|>/g;
  for (const match of literal.matchAll(tagPattern)) {
    if (match[2] === undefined) return `stray "${match[0]}" in prompt text (write it as a word or use SSML)`;
    const [, closing, name, , selfClosing] = match;
    if (name === 'speak') return 'do not add <speak>: prompts are wrapped automatically';
    if (!allowedSsmlTags.has(name)) return `SSML tag <${name}> is not allowed`;
    if (closing) {
      if (open.pop() !== name) return `unbalanced SSML tag </${name}>`;
    } else if (!selfClosing) {
      open.push(name);
    }
  }
  if (open.length > 0) return `unclosed SSML tag <${open[open.length - 1]}>`;
  if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(literal)) return 'write "&" as "and" or "&amp;"';
  return undefined;
}
