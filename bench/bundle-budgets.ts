/**
 * THE BUNDLE BUDGET TABLE (issue 12 §3): how large each Lambda bundle may be, as prod builds it (minified, no source
 * maps; sizes are deterministic for a given tree and lockfile). `shared/test/bundle-budgets.test.ts` checks every
 * handler against it; `npm run bench bundle-size` prints each bundle's size and cold import beside routing's SMA.
 *
 * - A handler a caller waits on — SIP media application handlers, Lex code hooks, Connect contact-flow Lambdas: the
 *   caller hears their cold start as silence — gets `callerWaitsBytes`. Which handlers those are: `callerWaits`
 *   (by name; a new `sma`, `lex-*` or `contact-flow-*` handler is one automatically).
 * - Every other handler gets `otherBytes`.
 * - Handlers that parse or write workbooks state their own budget in `ownBudgets`, with the reason.
 * - `knownOver`: handlers over their budget today, each capped at its size when this table was written plus at least
 *   32 KiB, rounded up to a multiple of 16 KiB (so a few bytes more in the kit does not fail twenty handlers, while a
 *   real regression — a new SDK client (≥ 50 KiB minified), classic zod on a cold path (≈ 60 KiB) — does). The service
 *   that owns one shrinks it, then lowers or deletes its row; the test says when a row can go.
 *
 * KB here means KiB (1,024 bytes), MB MiB.
 */

export const callerWaitsBytes = 400 * 1024;
export const otherBytes = 1024 * 1024;

/** Handlers a caller waits on, besides those the name pattern finds. */
export const callerWaits: readonly string[] = [
  'routing/sma',
  'routing/lex-hook',
  'forwarding/sma',
  // A texting customer waits on these for the bot's answer or the agent's reply.
  'sms/inbound-sms',
  'sms/chat-stream',
];
/** `<service>/sma`, `<service>/lex-…` / `…-lex-hook`, `<service>/contact-flow-…`. */
export const callerWaitsPattern = /\/(?:sma|lex-[\w-]+|[\w-]+-lex-hook|contact-flow-[\w-]+)$/;

export interface OwnBudget {
  maxBytes: number;
  reason: string;
}

/** Workbook handlers: exceljs (and its zip and XML parsers) is most of their weight. */
export const ownBudgets: Readonly<Record<string, OwnBudget>> = {
  // Set at today's size (2,261,316 and 2,127,928 bytes) plus slack, as for knownOver: the callouts service tightens them.
  'callouts/workbook-uploaded': { maxBytes: 2310144, reason: 'parses uploaded call-job workbooks (exceljs streaming reader)' },
  'callouts/complete-job': { maxBytes: 2179072, reason: 'writes the Excel report (exceljs streaming writer)' },
  // 1,862,554 bytes on 2026-12-03 plus slack, as for knownOver; ≈ 300 KiB of it is mammoth + jszip, ≈ 450 KiB the HTTP kit's classic zod with every locale.
  'iot-triage/api': { maxBytes: 1900544, reason: 'parses uploaded Word (.docx) troubleshooting guides (mammoth, jszip)' },
};

export interface KnownOver {
  /** The ceiling until the owning service shrinks the bundle: today's size rounded up to the next 16 KiB. */
  maxBytes: number;
  /** Measured with `node scripts/build.mjs --profile prod` when the row was written. */
  measuredBytes: number;
}

export const knownOver: Readonly<Record<string, KnownOver>> = {
  // Measured 2026-12-03 (node scripts/build.mjs --profile prod, esbuild 0.28.2).
  // +8.5 KB on 2026-12-03 for the console's routes (dry run, template workbook, prompts): 2,756,299 bytes.
  'callouts/api': { maxBytes: 2768896, measuredBytes: 2756299 },
  'callouts/apply-outcome': { maxBytes: 2260992, measuredBytes: 2212557 },
  'callouts/callout-requested': { maxBytes: 2293760, measuredBytes: 2256798 },
  'callouts/contact-flow-end-call': { maxBytes: 622592, measuredBytes: 581987 },
  'callouts/contact-flow-next-question': { maxBytes: 622592, measuredBytes: 584433 },
  'callouts/contact-flow-record-answer': { maxBytes: 622592, measuredBytes: 583462 },
  'callouts/contact-flow-start-call': { maxBytes: 622592, measuredBytes: 584267 },
  'callouts/dial': { maxBytes: 2260992, measuredBytes: 2212454 },
  'callouts/plan-round': { maxBytes: 2154496, measuredBytes: 2106573 },
  'callouts/prepare-attempt': { maxBytes: 2265088, measuredBytes: 2216550 },
  'forwarding/api': { maxBytes: 1294336, measuredBytes: 1245377 },
  'forwarding/sma': { maxBytes: 1048576, measuredBytes: 1010515 },
  'routing/api': { maxBytes: 1179648, measuredBytes: 1138842 },
  'routing/pbx-address': { maxBytes: 1130496, measuredBytes: 1086110 },
  'sms/api': { maxBytes: 1261568, measuredBytes: 1213803 },
};

/** The cap a `knownOver` row gets: `bytes` plus at least 32 KiB, rounded up to a multiple of 16 KiB. */
export function capFor(bytes: number): number {
  return Math.ceil((bytes + 32_768) / 16_384) * 16_384;
}

/** The budget that applies to one handler, and where it comes from. */
export function budgetFor(name: string): { maxBytes: number; kind: 'caller-waits' | 'other' | 'own' | 'known-over'; baseBytes: number } {
  const baseBytes = ownBudgets[name]?.maxBytes ?? (callerWaits.includes(name) || callerWaitsPattern.test(name) ? callerWaitsBytes : otherBytes);
  const over = knownOver[name];
  if (over) return { maxBytes: over.maxBytes, kind: 'known-over', baseBytes };
  if (ownBudgets[name]) return { maxBytes: baseBytes, kind: 'own', baseBytes };
  return { maxBytes: baseBytes, kind: baseBytes === callerWaitsBytes ? 'caller-waits' : 'other', baseBytes };
}
