import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  defaultDetectionRules,
  emptyDetectorState,
  evaluateReading,
  stepDrift,
  stepThreshold,
  type DriftRule,
  type ThresholdRule,
} from '../src/domain/detectors.ts';
import { evaluateDetectors, parseLabelledCsv } from '../src/domain/evaluation.ts';
import { parseTelemetry } from '../src/domain/messages.ts';
import { reading } from './support/harness.ts';

const w1 = defaultDetectionRules[0] as ThresholdRule;

test('threshold: one spike does not raise; 3 of the last 5 does (not necessarily in a row); it clears below 3 of 5', () => {
  let state;
  const transitions: Array<string | undefined> = [];
  for (const watts of [880, 1500, 880, 880, 1500, 1500, 1500, 880, 880, 880]) {
    const step = stepThreshold(w1, state, watts);
    state = step.state;
    transitions.push(step.transition);
  }
  assert.equal(transitions, [undefined, undefined, undefined, undefined, undefined, 'raised', undefined, undefined, undefined, 'cleared']);
});

test('drift: learns a baseline, raises on a sustained rise, ignores it while learning, clears after recovery', () => {
  const rule = defaultDetectionRules[1] as DriftRule;
  let state;
  for (let i = 0; i < 40; i++) state = stepDrift(rule, state, i % 2 ? 840 : 880).state;
  const mean = state!.mean;
  assert.ok(mean > 840 && mean < 880);
  const raised: Array<string | undefined> = [];
  for (const watts of [1100, 1120, 1150, 1130]) {
    const step = stepDrift(rule, state, watts);
    state = step.state;
    raised.push(step.transition);
  }
  assert.equal(raised, [undefined, undefined, 'raised', undefined]);
  assert.is(state!.mean, mean, 'breaching readings are kept out of the baseline');
  const cleared: Array<string | undefined> = [];
  for (const watts of [870, 860, 870]) {
    const step = stepDrift(rule, state, watts);
    state = step.state;
    cleared.push(step.transition);
  }
  assert.equal(cleared, [undefined, undefined, 'cleared']);
});

test('a drift on a metric a threshold rule already fires on is not reported twice', () => {
  let state = emptyDetectorState();
  const signals: string[] = [];
  const parsed = (watts: number) => {
    const r = parseTelemetry('aircon_1', reading({ power_consumption_watts: watts }));
    if (!r.ok) throw new Error(r.reason);
    return r.value;
  };
  for (let i = 0; i < 30; i++) state = evaluateReading(defaultDetectionRules, state, parsed(880)).state;
  for (let i = 0; i < 6; i++) {
    const step = evaluateReading(defaultDetectionRules, state, parsed(1500));
    state = step.state;
    signals.push(...step.signals.map((s) => `${s.transition}:${s.code}`));
  }
  assert.equal(signals, ['raised:W1']);
});

test("on the seed's labelled telemetry the default rules reach F1 ≥ 0.98 with a delay of at most 3 readings", () => {
  const data = parseLabelledCsv(readFileSync(new URL('./fixtures/samples/training_data.csv', import.meta.url), 'utf8'));
  assert.is(data.length, 1628);
  const result = evaluateDetectors(data, defaultDetectionRules, (rule) => rule.metric === 'power_consumption_watts');
  assert.is(result.episodes, 2);
  assert.is(result.detectedEpisodes, 2);
  assert.ok(result.f1 >= 0.98, `F1 ${result.f1}`);
  assert.ok(result.maxDelay <= 3, `delay ${result.maxDelay}`);
  assert.is(result.falseAlarms, 0);
  // And a detector that can fail: with a limit above every abnormal reading nothing is found.
  const blind = evaluateDetectors(data, [{ ...w1, limit: 5000 }]);
  assert.is(blind.detectedEpisodes, 0);
  assert.is(blind.recall, 0);
});

test.run();
