/**
 * A workbook bomb against the callouts API: how long a health request takes while bomb uploads are being refused,
 * beside the same health requests on the idle API (baseline, same run, same process). The API runs on a real HTTP
 * server on loopback (the Hono app the Lambda and the local stage serve); a client in the same process sends
 * `GET /health` back to back while uploads run, so a reader that blocks the event loop shows in these figures.
 *
 * Bombs (≈ 900 KB each, expanding to ≈ 900 MiB; see services/callouts/test/workbook-files.ts):
 *   elements (sizes declared honestly → refused from the zip directory), elements + lie (stopped after 4,000,000
 *   XML elements, the costliest case), rows + lie (stopped at 50,000 receivers), cell + lie (stopped by the
 *   text-run limit).
 * Printed per phase: health p50 / p99 / max latency and count; per bomb: status, limit, time to refusal; and the
 * process's peak RSS before and after (getrusage maxrss).
 *
 *   npm run bench callouts-workbook-bomb      (or: node --import tsx bench/callouts-workbook-bomb.bench.ts)
 */
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { createLocalIssuer } from '@switchboard/shared/http';
import { createApp } from '../services/callouts/src/api/app.ts';
import { simulation } from '../services/callouts/test/support.ts';
import { workbookBomb } from '../services/callouts/test/workbook-files.ts';

const sim = simulation({ start: new Date('2026-03-02T02:00:00Z'), callees: () => ({ behaviour: 'answer', utterances: ['Yes'] }) });
const issuer = await createLocalIssuer();
const app = createApp({
  verifier: issuer.verifier,
  campaign: sim.campaign,
  reports: sim.stores.reports,
  reportLinkSeconds: 3600,
  starter: { start: async () => undefined },
});
const token = await issuer.issueToken({ sub: 'bench', username: 'bench', groups: ['campaign-manager'] });
const server = createServer(getRequestListener(app.fetch));
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
function summary(label: string, latencies: number[]): void {
  const sorted = [...latencies].sort((a, b) => a - b);
  console.log(
    `${label.padEnd(34)} health p50 ${percentile(sorted, 50).toFixed(1).padStart(6)} ms   p99 ${percentile(sorted, 99).toFixed(1).padStart(7)} ms   max ${(sorted.at(-1) ?? Number.NaN).toFixed(1).padStart(7)} ms   (${sorted.length} requests)`,
  );
}

/** Health requests back to back until `until` settles (or for `ms` when idle). */
async function probe(until: Promise<unknown> | number): Promise<number[]> {
  const latencies: number[] = [];
  let done = false;
  if (typeof until === 'number') setTimeout(() => (done = true), until);
  else void until.finally(() => (done = true));
  while (!done) {
    const started = performance.now();
    const response = await fetch(`${base}/health`);
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`health answered ${response.status}`);
    latencies.push(performance.now() - started);
  }
  return latencies;
}

const maxRssMb = () => process.resourceUsage().maxRSS / 1024;
const bombs = [
  ['elements (declared sizes)', workbookBomb('elements', 900)],
  ['elements, sizes lie', workbookBomb('elements', 900, { lie: true })],
  ['rows, sizes lie', workbookBomb('rows', 250, { lie: true })],
  ['endless cell, sizes lie', workbookBomb('cell', 900, { lie: true })],
] as const;

await probe(500); // warm-up: JIT, keep-alive sockets
const rssBefore = maxRssMb();
summary('baseline: idle API', await probe(3_000));

for (const [label, bytes] of bombs) {
  const started = performance.now();
  const upload = (async () => {
    const form = new FormData();
    form.set('file', new File([new Uint8Array(bytes)], 'bomb.xlsx'));
    const response = await fetch(`${base}/jobs`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
    const problem = (await response.json()) as { limit?: string };
    return { status: response.status, limit: problem.limit ?? '-', ms: performance.now() - started };
  })();
  const latencies = await probe(upload);
  const result = await upload;
  summary(`during bomb: ${label}`, latencies);
  console.log(`${''.padEnd(34)} upload ${(bytes.length / 1024).toFixed(0)} KiB → ${result.status} ${result.limit} in ${result.ms.toFixed(0)} ms`);
}
console.log(`peak RSS: ${rssBefore.toFixed(0)} MB before the bombs, ${maxRssMb().toFixed(0)} MB after all four`);
server.close();
