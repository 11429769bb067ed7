import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GuideParseError, parseTroubleshootingGuide, renderTroubleshootingGuide } from '../src/domain/runbook.ts';
import { authorizeAction, defaultActionPolicy } from '../src/domain/policy.ts';
import { createRunbook } from '../src/domain/runbook.ts';
import { guideText } from './support/harness.ts';

test('the real guide parses into the four codes with their prescribed actions in order', () => {
  const entries = parseTroubleshootingGuide(guideText());
  assert.equal(entries.map((e) => e.code), ['E1', 'E2', 'E3', 'W1']);
  const byCode = Object.fromEntries(entries.map((e) => [e.code, e]));
  assert.equal(byCode.E1!.actions, ['log_ticket']);
  assert.equal(byCode.E2!.actions, ['log_ticket', 'clear_fault']);
  assert.equal(byCode.E3!.actions, ['log_ticket', 'call_operator']);
  assert.equal(byCode.W1!.actions, ['log_ticket', 'call_operator']);
  assert.is(byCode.E2!.faultType, 'low_pressure');
  assert.equal(byCode.E3!.steps, ['Verify power supply to compressor', 'Check compressor windings/resistance', 'Test capacitor and relay']);
  assert.is(byCode.W1!.steps.length, 5);
  assert.is(byCode.E1!.severity, 'info');
  assert.is(byCode.E3!.severity, 'critical');
});

test('rendering the runbook back to the guide format round-trips', () => {
  const entries = parseTroubleshootingGuide(guideText());
  assert.equal(parseTroubleshootingGuide(renderTroubleshootingGuide(entries)), entries);
});

test('an action phrase the parser does not know is an import error, not a silently dropped action', () => {
  const text = guideText().replace('2. Call site operator. STOP!', '2. Page the manager. STOP!');
  assert.throws(() => parseTroubleshootingGuide(text), (e: unknown) => e instanceof GuideParseError && /Page the manager/.test((e as Error).message));
  assert.throws(() => parseTroubleshootingGuide('no sections here'), (e: unknown) => e instanceof GuideParseError);
});

test('policy: only what the runbook prescribes; unknown codes get a ticket only', () => {
  const runbook = createRunbook(parseTroubleshootingGuide(guideText()));
  assert.equal(authorizeAction(runbook, defaultActionPolicy, 'E3', 'call_operator'), { allowed: true });
  const e1 = authorizeAction(runbook, defaultActionPolicy, 'E1', 'call_operator');
  assert.is(e1.allowed, false);
  assert.is(authorizeAction(runbook, defaultActionPolicy, 'E1', 'clear_fault').allowed, false);
  assert.is(authorizeAction(runbook, defaultActionPolicy, 'X9', 'log_ticket').allowed, true);
  assert.is(authorizeAction(runbook, defaultActionPolicy, 'X9', 'call_operator').allowed, false);
  assert.is(authorizeAction(runbook, defaultActionPolicy, 'E2', 'rm_rf').allowed, false);
});

test.run();
