import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GuideParseError, parseTroubleshootingGuide, renderTroubleshootingGuide } from '../src/domain/runbook.ts';
import { authorizeAction, defaultActionPolicy } from '../src/domain/policy.ts';
import { createRunbook } from '../src/domain/runbook.ts';
import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import { guideText } from './support/harness.ts';
import { readGuide } from '../src/knowledge-files.ts';
import { DocxRejectedError, docxGuideText } from '../src/adapters/docx-guide-text.ts';

const sampleDocx = () => new Uint8Array(readFileSync(new URL('./fixtures/samples/Troubleshooting_Guide.docx', import.meta.url)));

test('the real guide parses into the four codes with their prescribed actions in order', () => {
  const entries = parseTroubleshootingGuide(guideText());
  assert.equal(
    entries.map((e) => e.code),
    ['E1', 'E2', 'E3', 'W1'],
  );
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
  assert.throws(
    () => parseTroubleshootingGuide(text),
    (e: unknown) => e instanceof GuideParseError && /Page the manager/.test((e as Error).message),
  );
  assert.throws(
    () => parseTroubleshootingGuide('no sections here'),
    (e: unknown) => e instanceof GuideParseError,
  );
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

test('the sample guide as users bring it, a Word document, parses to the same runbook as its text', async () => {
  const fromDocx = parseTroubleshootingGuide(await docxGuideText(sampleDocx()));
  assert.equal(fromDocx, parseTroubleshootingGuide(guideText()));
});

test("the runbook the product ships is its own text and carries the sample guide's facts: codes, faults, actions, severities", async () => {
  const shipped = await readGuide();
  const sample = guideText();
  // Own prose: no sentence of the sample's guide is in the shipped runbook (the format's field names and the fault
  // type identifiers are data, not prose).
  const sampleSentences = sample
    .split(/\r?\n/)
    .filter((line) => !/^(## Error Code|Fault Type):/.test(line))
    .flatMap((line) => line.split(/(?<=\.)\s+/))
    .map((s) => s.trim())
    .filter((s) => s.length > 25);
  for (const sentence of sampleSentences) assert.not.ok(shipped.includes(sentence), `copied from the sample: ${sentence}`);
  const facts = (text: string) =>
    parseTroubleshootingGuide(text).map((e) => ({
      code: e.code,
      faultType: e.faultType,
      actions: e.actions,
      severity: e.severity,
      steps: e.steps.length,
    }));
  assert.equal(facts(shipped), facts(sample));
  assert.match(shipped, /1200 W/);
  assert.match(shipped, /50 to 60 PSI/);
});

test('a hostile .docx is refused before it is inflated: not a zip, no document part, a part that expands past the cap', async () => {
  const refused = async (bytes: Uint8Array, pattern: RegExp) => {
    try {
      await docxGuideText(bytes);
    } catch (error) {
      assert.instance(error, DocxRejectedError);
      assert.match((error as Error).message, pattern);
      return;
    }
    assert.unreachable('accepted');
  };
  await refused(new TextEncoder().encode('## Error Code: E1'), /not a \.docx/);
  const noDocument = new JSZip();
  noDocument.file('hello.txt', 'hi');
  await refused(await noDocument.generateAsync({ type: 'uint8array' }), /no word\/document\.xml/);
  const bomb = await JSZip.loadAsync(sampleDocx());
  bomb.file('word/media/zeros.bin', new Uint8Array(9 * 1024 * 1024));
  const bombBytes = await bomb.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
  assert.ok(bombBytes.byteLength < 100_000, 'small on the wire');
  await refused(bombBytes, /expands to \d+ bytes/);
});

test.run();
