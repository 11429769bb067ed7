/**
 * EventBridge event-pattern matching, so the local bus delivers exactly what a deployed rule would.
 * Supports the documented pattern syntax: exact values (string, number, boolean, null), `prefix`, `suffix`,
 * `equals-ignore-case`, `wildcard`, `anything-but` (value, list, or `{ prefix }`/`{ suffix }`), `numeric`, `exists`,
 * `cidr` (IPv4), nested objects, arrays in the event (match when any element matches) and `$or`.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-content-based-filtering.html
 */

export type EventPattern = { [key: string]: unknown };

type Json = unknown;

export function matchesPattern(pattern: EventPattern, event: Json): boolean {
  for (const [key, rule] of Object.entries(pattern)) {
    if (key === '$or') {
      if (!Array.isArray(rule) || !rule.some((alternative) => matchesPattern(alternative as EventPattern, event))) return false;
      continue;
    }
    const value = isObject(event) ? event[key] : undefined;
    const present = isObject(event) && key in event;
    if (Array.isArray(rule)) {
      if (!matchesAny(rule, value, present)) return false;
    } else if (isObject(rule)) {
      if (!isObject(value) || !matchesPattern(rule, value)) return false;
    } else {
      throw new Error(`invalid event pattern at "${key}": a rule must be an array or an object`);
    }
  }
  return true;
}

function matchesAny(rules: unknown[], value: Json, present: boolean): boolean {
  // `exists: false` matches absence; every other rule needs the field.
  const values = Array.isArray(value) ? value : [value];
  return rules.some((rule) => {
    if (isObject(rule) && 'exists' in rule) return rule.exists === (present && value !== undefined);
    if (!present) return false;
    return values.some((v) => matchesOne(rule, v));
  });
}

function matchesOne(rule: unknown, value: Json): boolean {
  if (!isObject(rule)) return rule === value;
  const [operator, operand] = Object.entries(rule)[0] ?? [];
  switch (operator) {
    case 'prefix':
      return typeof value === 'string' && (isObject(operand) ? startsWithIgnoreCase(value, operand) : value.startsWith(String(operand)));
    case 'suffix':
      return typeof value === 'string' && (isObject(operand) ? endsWithIgnoreCase(value, operand) : value.endsWith(String(operand)));
    case 'equals-ignore-case':
      return typeof value === 'string' && value.toLowerCase() === String(operand).toLowerCase();
    case 'wildcard':
      return typeof value === 'string' && wildcardToRegExp(String(operand)).test(value);
    case 'anything-but':
      return !anythingButExcludes(operand, value);
    case 'numeric':
      return typeof value === 'number' && numericMatches(operand as unknown[], value);
    case 'cidr':
      return typeof value === 'string' && cidrMatches(String(operand), value);
    default:
      throw new Error(`unsupported event pattern operator "${operator}"`);
  }
}

function anythingButExcludes(operand: unknown, value: Json): boolean {
  if (Array.isArray(operand)) return operand.includes(value);
  if (isObject(operand)) return matchesOne(operand, value);
  return operand === value;
}

function startsWithIgnoreCase(value: string, operand: Record<string, unknown>) {
  return value.toLowerCase().startsWith(String(operand['equals-ignore-case']).toLowerCase());
}
function endsWithIgnoreCase(value: string, operand: Record<string, unknown>) {
  return value.toLowerCase().endsWith(String(operand['equals-ignore-case']).toLowerCase());
}

function numericMatches(conditions: unknown[], value: number): boolean {
  for (let i = 0; i + 1 < conditions.length; i += 2) {
    const operator = conditions[i];
    const bound = Number(conditions[i + 1]);
    const ok =
      operator === '='
        ? value === bound
        : operator === '>'
          ? value > bound
          : operator === '>='
            ? value >= bound
            : operator === '<'
              ? value < bound
              : operator === '<='
                ? value <= bound
                : false;
    if (!ok) return false;
  }
  return true;
}

function wildcardToRegExp(pattern: string): RegExp {
  const escaped = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`, 's');
}

function cidrMatches(cidr: string, ip: string): boolean {
  const [range, bitsText] = cidr.split('/');
  const bits = Number(bitsText ?? 32);
  const toInt = (address: string) => address.split('.').reduce((acc, octet) => (acc << 8) + Number(octet), 0) >>> 0;
  if (!range || !/^\d+\.\d+\.\d+\.\d+$/.test(ip)) return false;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (toInt(range) & mask) === (toInt(ip) & mask);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
