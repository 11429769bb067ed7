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
  // 1,014,111 and 1,679,882 bytes on 2026-12-03 after callouts' per-handler compositions, plus slack (capFor).
  'callouts/workbook-uploaded': {
    maxBytes: 1048576,
    reason: "parses uploaded call-job workbooks (callouts' own streaming zip + saxes reader; no exceljs)",
  },
  'callouts/complete-job': { maxBytes: 1720320, reason: 'writes the Excel report (exceljs streaming writer, with its zip and stream libraries)' },
  // 1,605,382 bytes on 2026-12-03 (after the English-only zod locales) plus slack (capFor); ≈ 300 KiB of it is mammoth + jszip.
  'iot-triage/api': { maxBytes: 1638400, reason: 'parses uploaded Word (.docx) troubleshooting guides (mammoth, jszip)' },
};

export interface KnownOver {
  /** The ceiling until the owning service shrinks the bundle: today's size rounded up to the next 16 KiB. */
  maxBytes: number;
  /** Measured with `node scripts/build.mjs --profile prod` when the row was written. */
  measuredBytes: number;
}

export const knownOver: Readonly<Record<string, KnownOver>> = {
  // Measured 2026-12-03 (node scripts/build.mjs --profile prod, esbuild 0.28.2).
  // callouts/api after its per-handler composition and the English-only zod locales (was 2,718,100): classic zod for
  // zod-to-openapi ≈ 193 KiB, libphonenumber's full metadata (the toll-fraud guard's number types) ≈ 190 KiB, the S3,
  // DynamoDB, Step Functions and EventBridge SDK clients with their core ≈ 400 KiB, liquidjs (prompt previews) ≈ 80 KiB.
  'callouts/api': { maxBytes: 1261568, measuredBytes: 1226167 },
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
