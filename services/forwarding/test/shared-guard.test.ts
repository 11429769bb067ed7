import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkDestinations, defaultGuardPolicy, guardRules } from '../src/domain/toll-fraud-guard.ts';

const d = (number: string) => ({ number, ringTimeoutSeconds: 20 });

test('forwards go through the shared guard: embargoed, satellite and UK personal numbers are refused even when their country is allowed', () => {
  const policy = { ...defaultGuardPolicy, allowedCountries: ['US', 'CU', 'GB'] };
  const result = checkDestinations('+13125550100', [d('+5378123456'), d('+881612345678'), d('+447012345678')], policy);
  assert.not.ok(result.ok);
  if (!result.ok) {
    assert.equal(
      result.violations.map((v) => v.rule),
      [guardRules.country, guardRules.country, guardRules.numberType],
    );
    assert.match(result.violations[0]!.message, /embargoed destination \(Cuba\)/);
    assert.match(result.violations[2]!.message, /personal \(follow-me\) numbers are not called/);
  }
});

test.run();
