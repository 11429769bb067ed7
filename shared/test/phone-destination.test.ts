/**
 * The toll-fraud guard's table of refused kinds, each with real numbers of that kind (ranges from the
 * national numbering plans as libphonenumber's metadata classifies them; the subscriber digits are made up).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  checkDestination,
  normaliseDialString,
  parseAllowedCountries,
  type DestinationPolicy,
  type DestinationRefusalCode,
} from '../src/phone/index.ts';

const us: DestinationPolicy = { allowedCountries: ['US'], defaultCountry: 'US' };
const europe: DestinationPolicy = { allowedCountries: ['GB', 'FR', 'DE', 'ES', 'NL', 'CH', 'BE', 'UA', 'RU', 'CU', 'IR', 'KP', 'SY', 'AU'] };
const everywhere: DestinationPolicy = { allowedCountries: ['US', 'GB', 'FR', 'DE', 'ES', 'AU', 'CU', 'IR', 'KP', 'SY', 'UA', 'RU', 'CA', 'JM'] };

const refused: Array<[string, DestinationPolicy, DestinationRefusalCode, string]> = [
  // premium rate
  ['+1 900 555 0147', everywhere, 'premium-rate', 'US 900'],
  ['+1 (900) 555-0147', everywhere, 'premium-rate', 'US 900, formatted'],
  ['+44 909 879 0123', europe, 'premium-rate', 'UK 09'],
  ['+44 871 234 5678', europe, 'premium-rate', 'UK 0871'],
  ['+33 8 99 12 34 56', europe, 'premium-rate', 'France 0899'],
  ['+34 803 123 456', europe, 'premium-rate', 'Spain 803'],
  ['+41 901 123 456', europe, 'premium-rate', 'Switzerland 0901'],
  ['+31 900 123 456', europe, 'premium-rate', 'Netherlands 0900'],
  ['+32 90 12 34 56', europe, 'premium-rate', 'Belgium 090x'],
  // shared cost
  ['+33 8 10 12 34 56', europe, 'shared-cost', 'France 0810'],
  ['+34 901 123 456', europe, 'shared-cost', 'Spain 901'],
  ['+49 180 1234567', europe, 'shared-cost', 'Germany 0180'],
  ['+61 1300 123 456', europe, 'shared-cost', 'Australia 1300'],
  // universal access
  ['+44 300 123 4567', europe, 'uan', 'UK 03'],
  ['+44 55 1234 5678', europe, 'uan', 'UK 055'],
  // personal numbers
  ['+44 70 1234 5678', europe, 'personal-number', 'UK 070'],
  ['+49 700 12345678', europe, 'personal-number', 'Germany 0700'],
  // satellite and international networks
  ['+881 6 1234 5678', everywhere, 'international-network', 'Iridium +8816'],
  ['+882 1234 567890', everywhere, 'international-network', '+882 network'],
  ['+883 510 012 345', everywhere, 'international-network', '+883 network'],
  ['+870 772 123 456', everywhere, 'international-network', 'Inmarsat +870'],
  ['+800 1234 5678', everywhere, 'international-network', 'international freephone +800'],
  ['00881612345678', everywhere, 'international-network', '00 prefix satellite'],
  // short codes
  ['911', us, 'short-code', 'US emergency'],
  ['112', us, 'short-code', 'EU emergency'],
  ['12345', us, 'short-code', '5-digit SMS short code'],
  ['247365', us, 'short-code', '6-digit short code'],
  // embargoed
  ['+53 7 812 3456', everywhere, 'embargoed-destination', 'Cuba'],
  ['+98 912 123 4567', everywhere, 'embargoed-destination', 'Iran'],
  ['+850 2 123 4567', everywhere, 'embargoed-destination', 'North Korea'],
  ['+963 11 234 5678', everywhere, 'embargoed-destination', 'Syria'],
  ['+380 65 212 3456', everywhere, 'embargoed-destination', 'Crimea, Ukrainian code 65'],
  ['+380 69 212 3456', everywhere, 'embargoed-destination', 'Sevastopol, Ukrainian code 69'],
  ['+7 978 123 4567', everywhere, 'embargoed-destination', 'Crimea, Russian mobile range'],
  ['+7 949 123 4567', everywhere, 'embargoed-destination', 'occupied Donetsk, Russian mobile range'],
  // country allow-list (default: the deployment's own country)
  ['+44 20 7946 0958', us, 'country-not-allowed', 'London from a US stage'],
  ['+1 876 555 0123', us, 'country-not-allowed', 'Jamaica shares +1 (one-ring scams)'],
  ['+1 613 555 0123', us, 'country-not-allowed', 'Canada shares +1'],
  ['+7 495 123 4567', us, 'country-not-allowed', 'Russia: refused by the allow-list'],
  ['+964 770 123 4567', us, 'country-not-allowed', 'Iraq'],
  // not numbers
  ['call me', us, 'invalid-number', 'words'],
  ['', us, 'invalid-number', 'empty'],
  ['+1 555 123 4567', us, 'invalid-number', 'fictional area code 555'],
  ['+1 212 555 0147 x12', us, 'extension', 'extension'],
  ['020 7946 0958', { allowedCountries: ['GB'] }, 'missing-country-code', 'national format without a default country'],
  // other types
  ['+44 56 1234 5678', europe, 'number-type-not-allowed', 'UK 056 VoIP'],
];

test('every refused kind, with a real number of that kind', () => {
  const wrong: string[] = [];
  for (const [number, policy, code, what] of refused) {
    const result = checkDestination(number, policy);
    if (result.ok || result.code !== code)
      wrong.push(`${what} (${number}): expected ${code}, got ${result.ok ? `ok ${result.e164} ${result.type}` : result.code}`);
    else assert.ok(result.message.length > 10, `${what} has a plain-words message`);
  }
  assert.equal(wrong, []);
});

test('ordinary numbers pass, normalised to E.164 with country and type', () => {
  const accepted: Array<[string, DestinationPolicy, string, string]> = [
    ['+12125550147', us, '+12125550147', 'E.164'],
    ['(212) 555-0147', us, '+12125550147', 'US national format'],
    ['   +1 212.555.0147', us, '+12125550147', 'leading spaces and dots'],
    ['001 212 555 0147', us, '+12125550147', '00 international prefix'],
    ['＋１ ２１２ ５５５ ０１４７', us, '+12125550147', 'full-width digits and plus'],
    ['tel:+1-212-555-0147', us, '+12125550147', 'tel: URI'],
    ['+1 800 555 0199', us, '+18005550199', 'toll free may be called'],
    ['+44 20 7946 0958', { allowedCountries: ['GB'] }, '+442079460958', 'London'],
    ['+852 9123 4567', { allowedCountries: ['HK'] }, '+85291234567', 'Hong Kong mobile'],
    ['+61 491 570 156', { allowedCountries: ['AU'] }, '+61491570156', 'Australian mobile'],
    ['+7 495 123 4567', { allowedCountries: ['RU'] }, '+74951234567', 'Moscow when a stage allows Russia'],
  ];
  for (const [number, policy, e164, what] of accepted) {
    const result = checkDestination(number, policy);
    assert.ok(result.ok, `${what}: ${JSON.stringify(result)}`);
    if (result.ok) assert.is(result.e164, e164, what);
  }
  const london = checkDestination('+44 20 7946 0958', { allowedCountries: ['gb'] });
  assert.equal(london, { ok: true, e164: '+442079460958', country: 'GB', type: 'FIXED_LINE' });
});

test('texts need a number that can receive SMS', () => {
  const landline = checkDestination('+44 20 7946 0958', { allowedCountries: ['GB'], purpose: 'text' });
  assert.equal(landline.ok ? undefined : landline.code, 'not-textable');
  const tollFree = checkDestination('+1 800 555 0199', { ...us, purpose: 'text' });
  assert.equal(tollFree.ok ? undefined : tollFree.code, 'not-textable');
  assert.ok(checkDestination('+44 7400 123456', { allowedCountries: ['GB'], purpose: 'text' }).ok, 'UK mobile');
  assert.ok(checkDestination('+1 212 555 0147', { ...us, purpose: 'text' }).ok, 'NANP fixed-line-or-mobile');
  const premium = checkDestination('+1 900 555 0147', { ...us, purpose: 'text' });
  assert.equal(premium.ok ? undefined : premium.code, 'premium-rate');
});

test('allowedTypes narrows, but cannot re-admit premium rate', () => {
  const noTollFree = checkDestination('+1 800 555 0199', { ...us, allowedTypes: ['FIXED_LINE_OR_MOBILE'] });
  assert.equal(noTollFree.ok ? undefined : noTollFree.code, 'number-type-not-allowed');
  const premium = checkDestination('+1 900 555 0147', { ...us, allowedTypes: ['PREMIUM_RATE', 'FIXED_LINE_OR_MOBILE'] });
  assert.equal(premium.ok ? undefined : premium.code, 'premium-rate');
});

test('the message names the refusal in plain words, usable as a row-precise issue', () => {
  const premium = checkDestination('+1 900 555 0147', us);
  assert.equal(premium, { ok: false, code: 'premium-rate', message: 'premium-rate numbers are not called' });
  const cuba = checkDestination('+53 7 812 3456', everywhere);
  assert.equal(cuba, { ok: false, code: 'embargoed-destination', message: 'is in an embargoed destination (Cuba)' });
  const abroad = checkDestination('+44 20 7946 0958', us);
  assert.equal(abroad, { ok: false, code: 'country-not-allowed', message: 'is in a country this service does not call (GB; allowed: US)' });
});

test('never throws on hostile input; an empty allow-list is a programming error', () => {
  for (const input of [null, undefined, 42, {}, '+'.repeat(100), '\u0000', '+1\r\n900', '٠١٢٣٤٥٦٧٨٩', 'sip:@', '+١٩٠٠٥٥٥٠١٤٧']) {
    const result = checkDestination(input as never, us);
    assert.not.ok(result.ok, String(input));
  }
  assert.throws(() => checkDestination('+12125550147', { allowedCountries: [] }), /at least one country/);
});

test('normaliseDialString and parseAllowedCountries', () => {
  assert.equal(normaliseDialString(' (212) 555-0147 '), { text: '2125550147', international: false });
  assert.equal(normaliseDialString('0044 20 7946 0958'), { text: '+442079460958', international: true });
  assert.is(normaliseDialString('+1 212 CALL NOW'), undefined);
  assert.equal(parseAllowedCountries('us, ca', 'GB'), ['US', 'CA']);
  assert.equal(parseAllowedCountries('', 'gb'), ['GB']);
  assert.equal(parseAllowedCountries(undefined, 'US'), ['US']);
  assert.throws(() => parseAllowedCountries('XX', 'US'), /XX/);
});

test.run();
