import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  FaqImportError,
  faqToCsv,
  type FaqEntry,
  intentNameFor,
  lexIntentFor,
  matchFaq,
  parseCsv,
  parseFaqCsv,
  parseFaqJson,
} from '../src/domain/faq.ts';
import { FAQ } from './harness.ts';

test('CSV: quoted fields, doubled quotes, embedded commas and newlines, BOM, CRLF', () => {
  const csv = '\uFEFFid,question,utterances,answer\r\nhours,"When, exactly, are you open?","open today|hours","We are ""open""\nweekdays"\r\n';
  assert.equal(parseCsv(csv)[1], ['hours', 'When, exactly, are you open?', 'open today|hours', 'We are "open"\nweekdays']);
  const entries = parseFaqCsv(csv);
  assert.equal(entries, [
    { id: 'hours', question: 'When, exactly, are you open?', utterances: ['open today', 'hours'], answer: 'We are "open"\nweekdays' },
  ]);
  assert.equal(parseFaqCsv(faqToCsv(FAQ)), FAQ, 'export → import round-trips');
  assert.throws(
    () => parseCsv('a,"b'),
    (e: unknown) => e instanceof FaqImportError,
  );
});

test('imports validate every row and report all problems at once; ids are derived when missing', () => {
  try {
    parseFaqJson([
      { question: 'ok question?', answer: 'fine' },
      { question: 'x', answer: '' },
      { id: 'bad id!', question: 'Another one?', answer: 'a' },
    ]);
    assert.unreachable();
  } catch (error) {
    assert.instance(error, FaqImportError);
    assert.equal(
      (error as FaqImportError).issues.map((i) => i.row),
      [2, 3],
    );
  }
  const [derived] = parseFaqJson({ entries: [{ question: 'Où est la gare ?', answer: 'Tout droit.' }] });
  assert.match(derived?.id ?? '', /^ou-est-la-gare-[a-z0-9]+$/u);
  assert.throws(
    () =>
      parseFaqJson([
        { id: 'a', question: 'Question?', answer: 'A' },
        { id: 'a', question: 'Question 2?', answer: 'B' },
      ]),
    /invalid/,
  );
  assert.throws(() => parseFaqCsv('q,a\nx,y'), /header/);
});

test('each entry becomes a Lex V2 intent with its utterances and the answer as closing response', () => {
  const entry = FAQ[0]!;
  const intent = lexIntentFor({ ...entry, utterances: [...entry.utterances, 'When are you OPEN', 'use {slot} braces'] });
  assert.is(intent.intentName, 'faq_opening_hours');
  assert.is(intentNameFor({ id: 'a-b_c' }), 'faq_a_b_c');
  const utterances = intent.sampleUtterances.map((u) => u.utterance);
  assert.ok(utterances.includes('What are your opening hours?'));
  assert.is(utterances.filter((u) => u.toLowerCase() === 'when are you open').length, 1, 'deduplicated case-insensitively');
  assert.ok(utterances.includes('use slot braces'), 'slot braces removed');
  assert.is(intent.intentClosingSetting.closingResponse.messageGroups[0]?.message.plainTextMessage.value, entry.answer);
});

test('the local Lex stand-in matches paraphrases and falls back on unrelated questions', () => {
  assert.is(matchFaq(FAQ, 'when are you open?')?.entry.id, 'opening-hours');
  assert.is(matchFaq(FAQ, 'I forgot my password')?.entry.id, 'reset-password');
  assert.is(matchFaq(FAQ, 'is there parking?')?.entry.id, 'parking');
  assert.is(matchFaq(FAQ, 'Do you sell gift cards for llamas?'), undefined);
  assert.is(matchFaq(FAQ, '???'), undefined);
});

test('the CSV export neutralises formulas (=, +, -, @) and reads back unchanged; plain numbers stay as written', () => {
  const hostile: FaqEntry[] = [
    {
      id: 'formula',
      question: '=HYPERLINK("http://evil.example","click")',
      utterances: ['@SUM(A1:A9)', 'plain words'],
      answer: '+cmd|" /C calc"!A0',
    },
    { id: 'numbers', question: 'What is the code for Hong Kong?', utterances: [], answer: '+85291234567' },
  ];
  const csv = faqToCsv(hostile);
  const cells = parseCsv(csv).slice(1);
  assert.ok(cells[0]?.[1]?.startsWith("'="), cells[0]?.[1]);
  assert.ok(cells[0]?.[2]?.startsWith("'@"), cells[0]?.[2]);
  assert.ok(cells[0]?.[3]?.startsWith("'+"), cells[0]?.[3]);
  assert.is(cells[1]?.[3], '+85291234567', 'a phone number is not a formula: written as is');
  assert.equal(parseFaqCsv(csv), hostile, 'our own export imports back exactly');
});

test.run();
