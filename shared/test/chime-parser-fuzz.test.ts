import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseSmaEvent } from '@switchboard/shared/chime';
import { parseLexEvent } from '@switchboard/shared/lex';
import { parseConnectEvent } from '@switchboard/shared/connect';

/**
 * The parsers sit in front of telephony handlers that must answer every invocation: whatever arrives,
 * they return a result and never throw. Each fixture is mutated many times (deterministic PRNG, so a
 * failure reproduces) — values replaced with other types, keys deleted, arrays emptied, strings mangled.
 */

function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const replacements: unknown[] = [
  null,
  undefined,
  0,
  -1,
  1.5,
  '',
  'LEG-C',
  true,
  [],
  {},
  [null],
  { nested: { deep: [1] } },
  '\u0000',
  'x'.repeat(5000),
];

type Container = Record<string, unknown> | unknown[];

function containers(value: unknown, found: Container[] = []): Container[] {
  if (value !== null && typeof value === 'object') {
    found.push(value as Container);
    for (const child of Object.values(value as object)) containers(child, found);
  }
  return found;
}

function mutate(input: unknown, random: () => number): unknown {
  const copy = structuredClone(input);
  const times = 1 + Math.floor(random() * 3);
  for (let i = 0; i < times; i++) {
    const all = containers(copy);
    const target = all[Math.floor(random() * all.length)];
    if (target === undefined) break;
    const keys = Object.keys(target);
    if (keys.length === 0) continue;
    const key = keys[Math.floor(random() * keys.length)]!;
    const record = target as Record<string, unknown>;
    const roll = random();
    if (roll < 0.45) record[key] = replacements[Math.floor(random() * replacements.length)];
    else if (roll < 0.75) delete record[key];
    else if (typeof record[key] === 'string') record[key] = `${record[key] as string}\u202e🙂`;
    else record[`${key}Extra`] = record[key];
  }
  return copy;
}

function fixtures(folder: string): unknown[] {
  const dir = fileURLToPath(new URL(`./fixtures/${folder}/`, import.meta.url));
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => JSON.parse(readFileSync(`${dir}${name}`, 'utf8')) as unknown);
}

const parsers: Array<[string, (input: unknown) => { ok: boolean }]> = [
  ['chime', parseSmaEvent],
  ['lex', parseLexEvent],
  ['connect', parseConnectEvent],
];

for (const [folder, parse] of parsers) {
  test(`${folder}: 1,500 mutated fixtures never make the parser throw`, () => {
    const random = prng(20261121);
    const inputs = fixtures(folder);
    let rejected = 0;
    for (let i = 0; i < 1500; i++) {
      const mutated = mutate(inputs[i % inputs.length], random);
      let result: { ok: boolean };
      try {
        result = parse(mutated);
      } catch (error) {
        assert.unreachable(`threw on mutation ${i}: ${String(error)}\n${JSON.stringify(mutated).slice(0, 400)}`);
        return;
      }
      if (!result.ok) rejected += 1;
    }
    // With this seed about two thirds of the mutations break a required field (954–1121 of 1500 per
    // parser); a parser that accepted everything would fall far below the bar.
    assert.ok(rejected > 600, `only ${rejected} of 1500 mutations rejected`);
  });
}

test.run();
