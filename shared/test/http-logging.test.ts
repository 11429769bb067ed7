/**
 * The logging kit the HTTP kit and every handler use: Powertools JSON records with the service name,
 * a correlation id that can be set and cleared between invocations, and EMF metrics in the
 * Switchboard namespace. Output is captured from stdout, where Lambda ships it to CloudWatch.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MetricUnit, clearCorrelationId, createLogger, createMetrics, withCorrelationId } from '../src/logging/index.ts';
import { maskPhoneNumber } from '../src/phone/index.ts';

function captureStdout(run: () => void): Array<Record<string, unknown>> {
  const lines: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  const writeError = process.stderr.write.bind(process.stderr);
  const capture = ((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  process.stdout.write = capture;
  process.stderr.write = capture;
  try {
    run();
  } finally {
    process.stdout.write = write;
    process.stderr.write = writeError;
  }
  return lines
    .flatMap((chunk) => chunk.split('\n'))
    .filter((line) => line.trim().startsWith('{'))
    .map((line) => JSON.parse(line));
}

test('records carry the service, the level and the correlation id until it is cleared', () => {
  const logger = createLogger({ service: 'routing', level: 'INFO', persistentKeys: { stage: 'test' } });
  const records = captureStdout(() => {
    logger.debug('below the level');
    withCorrelationId(logger, 'call-7d1c');
    logger.info('call routed', { department: 'sales', caller: maskPhoneNumber('+13125550100') });
    clearCorrelationId(logger);
    logger.warn('after the call');
  });
  assert.is(records.length, 2);
  const [routed, after] = records;
  assert.is(routed?.service, 'routing');
  assert.is(routed?.level, 'INFO');
  assert.is(routed?.stage, 'test');
  assert.is(routed?.correlationId, 'call-7d1c');
  assert.is(routed?.caller, '+1312***0100');
  assert.is(after?.correlationId, undefined);
});

test('metrics are EMF records in the Switchboard namespace with the service dimension', () => {
  const metrics = createMetrics({ service: 'callouts' });
  const records = captureStdout(() => {
    metrics.addMetric('CallsPlaced', MetricUnit.Count, 3);
    metrics.publishStoredMetrics();
  });
  const emf = records.find((record) => '_aws' in record) as
    | {
        _aws: { CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][]; Metrics: Array<{ Name: string }> }> };
        CallsPlaced: number;
        service: string;
      }
    | undefined;
  assert.ok(emf, 'an EMF record was written');
  const directive = emf._aws.CloudWatchMetrics[0];
  assert.is(directive?.Namespace, 'Switchboard');
  assert.ok(directive?.Dimensions[0]?.includes('service'));
  assert.equal(
    directive?.Metrics.map((metric) => metric.Name),
    ['CallsPlaced'],
  );
  assert.is(emf.CallsPlaced, 3);
  assert.is(emf.service, 'callouts');
});

test.run();
