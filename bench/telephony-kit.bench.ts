/**
 * The telephony kit on the hot path of every SIP media application invocation: how long parsing an event
 * and building a validated response take, warm and cold. The PSTN audio service waits at most a few
 * seconds for the Lambda (DESIGN.md), so these must be a rounding error next to a DynamoDB read.
 * Prints figures only; asserts nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const importStarted = performance.now();
const chime = await import('@switchboard/shared/chime');
const lex = await import('@switchboard/shared/lex');
const importMs = performance.now() - importStarted;

const fixturesDir = fileURLToPath(new URL('../shared/test/fixtures/chime/', import.meta.url));
const events = readdirSync(fixturesDir)
  .filter((name) => name.endsWith('.json'))
  .map((name) => ({ name, event: JSON.parse(readFileSync(`${fixturesDir}${name}`, 'utf8')) as unknown }));

function measure(label: string, iterations: number, run: () => void): void {
  for (let i = 0; i < Math.min(200, iterations); i++) run(); // warm the JIT and zod's compiled checks
  const started = performance.now();
  for (let i = 0; i < iterations; i++) run();
  const micros = ((performance.now() - started) / iterations) * 1000;
  console.log(`${label.padEnd(64)} ${micros.toFixed(1).padStart(8)} µs/op  (${iterations} ops)`);
}

console.log(`import @switchboard/shared/chime + /lex (cold, tsx):       ${importMs.toFixed(1)} ms`);

const first = events[0]!;
const coldStarted = performance.now();
chime.parseSmaEvent(first.event);
console.log(`first parseSmaEvent (${first.name}): ${(performance.now() - coldStarted).toFixed(2)} ms`);

for (const { name, event } of events) measure(`parseSmaEvent ${name}`, 5000, () => void chime.parseSmaEvent(event));

const { actions } = chime;
const bridge = () =>
  chime.smaResponse(
    [
      actions.speak({ CallId: 'call-id-1', Text: 'Connecting you to history.', Engine: 'neural' }),
      actions.callAndBridge({
        CallTimeoutSeconds: 30,
        CallerIdNumber: '+12065551212',
        Endpoints: [{ BridgeEndpointType: 'AWS', Uri: '600300', Arn: 'arn:aws:chime:us-east-1:111122223333:vc/abcdefg' }],
        SipHeaders: { 'X-LexInfo': 'history' },
      }),
    ],
    { phase: 'bridging', department: 'history' },
  );
measure('smaResponse([speak, callAndBridge], 2 attributes)', 5000, bridge);
measure(
  'smaResponse(10 actions, 10 attributes)',
  2000,
  () =>
    void chime.smaResponse(
      Array.from({ length: 10 }, (_, i) => actions.pause({ CallId: 'call-id-1', DurationInMilliseconds: 100 + i })),
      Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, `v${i}`])),
    ),
);
console.log(`response JSON bytes (speak + callAndBridge): ${JSON.stringify(bridge()).length}`);

const turn = JSON.parse(readFileSync(new URL('../shared/test/fixtures/lex/dialog-code-hook-route-call.json', import.meta.url), 'utf8')) as unknown;
measure('parseLexEvent + close()', 5000, () => {
  const parsed = lex.parseLexEvent(turn);
  if (parsed.ok) lex.close(parsed.event, 'Fulfilled', 'Connecting you.');
});
