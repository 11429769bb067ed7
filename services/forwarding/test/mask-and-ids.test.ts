import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { maskE164, maskNumbersIn } from '../src/domain/mask.ts';
import { monotonicIds } from '../src/adapters/ids.ts';

test('numbers are masked alone and inside texts', () => {
  assert.is(maskE164('+13125550100'), '+1312***0100');
  assert.is(maskNumbersIn('+13125550100 is still Assigned; rule for +442079460123'), '+1312***0100 is still Assigned; rule for +4420***0123');
  assert.is(maskNumbersIn('no numbers here: rule-000001'), 'no numbers here: rule-000001');
});

test('ids grow within a process, so history entries of one millisecond keep their order', () => {
  const ids = monotonicIds();
  const list = Array.from({ length: 1000 }, () => ids.next());
  assert.equal([...list].sort(), list);
  assert.is(new Set(list).size, 1000);
  assert.ok(
    list.every((id) => /^[A-Za-z0-9_-]{1,64}$/.test(id)),
    'usable in a Step Functions execution name',
  );
});

test.run();
