import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { dialableE164Schema, e164Schema, isE164, isValidE164, maskPhoneNumber, parsePhoneNumber, phoneNumberSchema } from '../src/phone/index.ts';

test('E.164 input parses with country, type and display formats', () => {
  assert.equal(parsePhoneNumber('+14155552671'), {
    ok: true,
    e164: '+14155552671',
    country: 'US',
    type: 'FIXED_LINE_OR_MOBILE',
    national: '(415) 555-2671',
    international: '+1 415 555 2671',
  });
  const mobile = parsePhoneNumber('+33 6 12 34 56 78');
  assert.ok(mobile.ok && mobile.e164 === '+33612345678' && mobile.country === 'FR' && mobile.type === 'MOBILE');
  const tollFree = parsePhoneNumber('0800 123 456', { defaultCountry: 'GB' });
  assert.ok(tollFree.ok && tollFree.e164 === '+44800123456' && tollFree.type === 'TOLL_FREE');
});

test('national formats need the default country; lower-case country codes are accepted', () => {
  const london = parsePhoneNumber('020 7946 0958', { defaultCountry: 'gb' });
  assert.ok(london.ok && london.e164 === '+442079460958' && london.type === 'FIXED_LINE');
  const noCountry = parsePhoneNumber('020 7946 0958');
  assert.equal(noCountry.ok ? 'ok' : noCountry.reason, 'invalid-country');
  const unknownCountry = parsePhoneNumber('020 7946 0958', { defaultCountry: 'XX' });
  assert.equal(unknownCountry.ok ? 'ok' : unknownCountry.reason, 'invalid-country');
});

test('tel: and sip: URIs (Chime SMA From/To headers) yield the number', () => {
  for (const uri of ['tel:+1-415-555-2671', 'sip:+14155552671@10.0.0.1:5060', 'sips:+14155552671@pbx.example.com;user=phone']) {
    const parsed = parsePhoneNumber(uri);
    assert.ok(parsed.ok && parsed.e164 === '+14155552671', uri);
  }
});

test('each failure has its own reason and a message naming the input', () => {
  const cases: Array<[string, string]> = [
    ['', 'not-a-number'],
    ['call me maybe', 'not-a-number'],
    ['+1415', 'too-short'],
    ['+14155552671999', 'too-long'],
    // 555 is not an allocated NANP area code.
    ['+15551234567', 'invalid-for-region'],
  ];
  for (const [input, reason] of cases) {
    const parsed = parsePhoneNumber(input);
    assert.is(parsed.ok, false, input);
    if (!parsed.ok) {
      assert.is(parsed.reason, reason, input);
      assert.ok(parsed.message.length > 10);
    }
  }
});

test('numbers in the reference samples parse where they are real-format', () => {
  // The call-forwarding sample's callControl API examples: the Chime numbers it lists and forwards between.
  const text = readFileSync(new URL('./fixtures/samples/callControl-api.examples.json', import.meta.url), 'utf8');
  const numbers = [...new Set(text.match(/\+\d{8,15}/g) ?? [])];
  assert.ok(numbers.length > 0, 'the reference file has numbers');
  for (const number of numbers) {
    assert.ok(isE164(number), number);
    const parsed = parsePhoneNumber(number);
    assert.ok(parsed.ok && parsed.e164 === number && parsed.country === 'US', number);
  }
});

test('isE164 checks syntax; isValidE164 checks the region as well', () => {
  for (const good of ['+14155552671', '+442079460958', '+15551234567', '+85234567891']) assert.ok(isE164(good), good);
  for (const bad of ['14155552671', '+0123456', '+1 415 555 2671', '+1234567890123456', '', 42, null]) assert.not.ok(isE164(bad), String(bad));
  assert.ok(isValidE164('+14155552671'));
  assert.not.ok(isValidE164('+15551234567'));
});

test('maskPhoneNumber keeps the country code, the leading digits and the last 4', () => {
  assert.is(maskPhoneNumber('+15551234567'), '+1555***4567');
  assert.is(maskPhoneNumber('+442079460958'), '+44207***0958');
  assert.is(maskPhoneNumber('+33612345678'), '+33*****5678');
  assert.is(maskPhoneNumber('+4930901820'), '+49****1820');
  assert.is(maskPhoneNumber('sip:+14155552671@10.0.0.1'), '+1415***2671');
  assert.is(maskPhoneNumber('+85234567891'), '+852****7891');
  assert.is(maskPhoneNumber(''), '');
  assert.is(maskPhoneNumber(undefined), '');
  assert.is(maskPhoneNumber('12'), '***');
  // Never reveals more than it hides for short numbers.
  const short = maskPhoneNumber('+4912345');
  assert.not.match(short, /12345/);
});

test('e164Schema accepts E.164 and explains refusals; dialableE164Schema checks the region', () => {
  const body = z.object({ destination: e164Schema });
  assert.ok(body.safeParse({ destination: '+15551234567' }).success);
  const refused = body.safeParse({ destination: '415-555-2671' });
  assert.not.ok(refused.success);
  assert.equal(refused.error?.issues[0]?.path, ['destination']);
  assert.match(refused.error?.issues[0]?.message ?? '', /E\.164/);
  assert.ok(dialableE164Schema.safeParse('+14155552671').success);
  const fictional = dialableE164Schema.safeParse('+15551234567');
  assert.match(fictional.error?.issues[0]?.message ?? '', /not a valid phone number/);
  assert.is(dialableE164Schema.safeParse('nope').error?.issues.length, 1, 'stops after the syntax check');
});

test('phoneNumberSchema normalises any format to E.164', () => {
  const schema = phoneNumberSchema({ defaultCountry: 'US' });
  assert.is(schema.parse('(415) 555-2671'), '+14155552671');
  const refused = schema.safeParse('555');
  assert.not.ok(refused.success);
  assert.match(refused.error?.issues[0]?.message ?? '', /too short|not a phone number/);
});

test.run();
