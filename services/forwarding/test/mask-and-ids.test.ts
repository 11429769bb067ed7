import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { maskE164, maskNumbersIn } from '../src/mask.ts';

test('numbers are masked alone and inside texts', () => {
  assert.is(maskE164('+13125550100'), '+1312***0100');
  assert.is(maskNumbersIn('+13125550100 is still Assigned; rule for +442079460123'), '+1312***0100 is still Assigned; rule for +4420***0123');
  assert.is(maskNumbersIn('no numbers here: rule-000001'), 'no numbers here: rule-000001');
});

test.run();
