/**
 * The kit's zod/mini schemas speak English without classic zod. zod/mini registers no locale, so this runs in a
 * fresh process that loads only mini schemas (this test process has classic zod loaded, which would hide it).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';

const probe = `
  const { parseSmaEvent } = await import(${JSON.stringify(new URL('../src/chime/index.ts', import.meta.url).href)});
  const { CallRouted } = await import(${JSON.stringify(new URL('../src/contracts/index.ts', import.meta.url).href)});
  const event = parseSmaEvent({ SchemaVersion: '1.0', Sequence: 'one', InvocationEventType: 'HANGUP', CallDetails: {} });
  let contractError = '';
  try { CallRouted.envelope({ callId: '', department: 'history' }, { correlationId: 'c' }); } catch (error) { contractError = error.message; }
  process.stdout.write(JSON.stringify({ event: event.ok ? '' : event.error, contractError }));
`;

test('issue messages are English in a process that loads only zod/mini schemas', () => {
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probe], { encoding: 'utf8' });
  assert.is(child.status, 0, child.stderr);
  const { event, contractError } = JSON.parse(child.stdout) as { event: string; contractError: string };
  assert.match(event, /Sequence: Invalid input: expected number, received string/);
  assert.match(event, /CallDetails.TransactionId: Invalid input: expected string, received undefined/);
  assert.match(contractError, /data.callId: Too small: expected string to have >=1 characters/);
  assert.not.match(contractError, /: Invalid input(;|$)/);
});

test.run();
