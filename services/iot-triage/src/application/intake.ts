/**
 * What the topic rules deliver, turned into engine calls: error messages one at a time, telemetry in batches.
 * Malformed messages are rejected and counted — never thrown, so one bad device cannot block a batch or make the
 * queue redeliver good readings — while failures of the service itself propagate for the retry and the DLQ.
 */
import { evaluateReading, emptyDetectorState, type DetectionRule, type DetectionSignal } from '../domain/detectors.ts';
import { EARLIEST_DEVICE_SECONDS, LATEST_DEVICE_SECONDS, parseErrorMessage, parseTelemetry, type TelemetryMessage } from '../domain/messages.ts';
import type { DeviceRepository } from '../domain/ports.ts';
import { appendSamples, firingCodes, toSample, type TelemetrySample } from '../domain/telemetry-history.ts';
import { TriageEngine, type FaultOutcome } from './triage-engine.ts';

/** One message as a topic rule delivers it: the device id from topic(2), the payload, the broker's receive time. */
export interface InboundMessage {
  deviceId: string;
  payload: unknown;
  /** Epoch milliseconds (the rule's `timestamp()`). */
  receivedAt: number;
}

export interface Rejection {
  deviceId: string;
  reason: string;
}

export interface IntakeDependencies {
  engine: TriageEngine;
  devices: DeviceRepository;
  rules: () => Promise<readonly DetectionRule[]>;
  /** Devices of one telemetry batch processed side by side. @default 8 */
  deviceConcurrency?: number;
}

/** The broker's receive time must be a real instant (epoch milliseconds between 2000 and 2100). */
function receiveTimeProblem(receivedAt: number): string | undefined {
  return Number.isFinite(receivedAt) && receivedAt >= EARLIEST_DEVICE_SECONDS * 1000 && receivedAt < LATEST_DEVICE_SECONDS * 1000
    ? undefined
    : `received_at: must be epoch milliseconds between 2000 and 2100, got ${receivedAt}`;
}

export async function ingestError(deps: IntakeDependencies, message: InboundMessage): Promise<{ outcome?: FaultOutcome; rejected?: Rejection }> {
  const late = receiveTimeProblem(message.receivedAt);
  if (late) return { rejected: { deviceId: message.deviceId, reason: late } };
  const parsed = parseErrorMessage(message.deviceId, message.payload);
  if (!parsed.ok) return { rejected: { deviceId: message.deviceId, reason: parsed.reason } };
  const occurredAt = new Date(parsed.value.timestamp !== undefined ? parsed.value.timestamp * 1000 : message.receivedAt).toISOString();
  const outcome = await deps.engine.reportFault({
    deviceId: message.deviceId,
    code: parsed.value.error_code,
    detectedBy: 'error',
    occurredAt,
    // The device stamps each error once; a redelivery carries the same stamp.
    signalKey: `error@${parsed.value.timestamp ?? message.receivedAt}`,
    context: { deviceTimestamp: parsed.value.timestamp ?? message.receivedAt / 1000 },
  });
  if (outcome.kind === 'unknown-device') return { rejected: { deviceId: message.deviceId, reason: 'unknown device' } };
  return { outcome };
}

export interface TelemetryBatchResult {
  accepted: number;
  rejected: Rejection[];
  /** Readings older than what the detectors already saw (a late redelivery). */
  stale: number;
  signals: Array<DetectionSignal & { deviceId: string }>;
  outcomes: FaultOutcome[];
}

export async function ingestTelemetryBatch(deps: IntakeDependencies, messages: readonly InboundMessage[]): Promise<TelemetryBatchResult> {
  const result: TelemetryBatchResult = { accepted: 0, rejected: [], stale: 0, signals: [], outcomes: [] };
  const rules = await deps.rules();
  const byDevice = new Map<string, InboundMessage[]>();
  for (const message of messages) byDevice.set(message.deviceId, [...(byDevice.get(message.deviceId) ?? []), message]);

  const processDevice = async (deviceId: string, batch: InboundMessage[]) => {
    const [device, active] = await Promise.all([deps.devices.get(deviceId), deps.engine.activeIncidents(deviceId)]);
    if (!device) {
      result.rejected.push(...batch.map(() => ({ deviceId, reason: 'unknown device' })));
      return;
    }
    let state = device.detector ?? emptyDetectorState();
    const storedUpTo = device.lastReceivedAt ?? 0;
    let lastReceivedAt = storedUpTo;
    // Read once per device and batch; re-read only after the engine acted. Readings that neither raise nor clear
    // a detector and meet no incident waiting on telemetry cost no queries.
    let watching = active.some(TriageEngine.watchesTelemetry);
    let last: { reading: TelemetryMessage; at: number } | undefined;
    const samples: TelemetrySample[] = [];
    // Standard queues do not keep order: the rule's receive time does.
    for (const message of [...batch].sort((a, b) => a.receivedAt - b.receivedAt)) {
      // Older than what an earlier batch already fed the detectors: a late redelivery. (Equal stamps within one
      // batch are distinct readings; the rule's clock has millisecond resolution.)
      const badTime = receiveTimeProblem(message.receivedAt);
      if (badTime) {
        result.rejected.push({ deviceId, reason: badTime });
        continue;
      }
      if (message.receivedAt <= storedUpTo) {
        result.stale += 1;
        continue;
      }
      const parsed = parseTelemetry(deviceId, message.payload);
      if (!parsed.ok) {
        result.rejected.push({ deviceId, reason: parsed.reason });
        continue;
      }
      const evaluated = evaluateReading(rules, state, parsed.value);
      state = evaluated.state;
      lastReceivedAt = Math.max(lastReceivedAt, message.receivedAt);
      last = { reading: parsed.value, at: message.receivedAt };
      samples.push(toSample(parsed.value, message.receivedAt, firingCodes(rules, state)));
      result.accepted += 1;
      result.signals.push(...evaluated.signals.map((s) => ({ ...s, deviceId })));
      // The engine acts before the state is saved: if it fails, the batch is retried and the same signal is
      // recognised by its key instead of being lost with a detector state that already moved on.
      if (evaluated.signals.length > 0 || watching) {
        result.outcomes.push(
          ...(await deps.engine.observeTelemetry(deviceId, parsed.value, new Date(message.receivedAt).toISOString(), evaluated.signals)),
        );
        watching = (await deps.engine.activeIncidents(deviceId)).some(TriageEngine.watchesTelemetry);
      }
    }
    if (last) {
      await deps.devices.saveTelemetryState(deviceId, {
        lastTelemetry: last.reading,
        lastSeenAt: new Date(last.at).toISOString(),
        detector: state,
        lastReceivedAt,
        // The same write as the detector state: the chart costs no extra request, only the bytes of the window.
        history: appendSamples(device.history, samples),
      });
    }
  };
  // Devices are independent (their own detector state and incidents): process them side by side, each in order.
  const queue = [...byDevice.entries()];
  const workers = Array.from({ length: Math.min(deps.deviceConcurrency ?? 8, queue.length) }, async () => {
    for (let next = queue.shift(); next; next = queue.shift()) await processDevice(...next);
  });
  await Promise.all(workers);
  return result;
}
