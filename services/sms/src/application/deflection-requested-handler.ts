/**
 * SmsDeflectionRequested (EventBridge rule built from the contract's pattern) → offer the caller SMS. Redelivery is
 * harmless: a request for the same call finds the open conversation and only completes it, and a failure is
 * reported once (the request's event id is the key). An event that is not the contract's is rejected with a clear
 * error (it fails into the rule's dead-letter queue, where it is kept); attributes beyond the limits of what they
 * reach (the conversation item, the Connect contact) are dropped with their names logged.
 */
import { SmsDeflectionRequested } from '@switchboard/shared/contracts';
import { DEFLECTION_LIMITS, fitAttributes } from '../domain/deflection-limits.ts';
import type { Log } from '../domain/ports.ts';
import { maskNumber } from './inbound-sms-handler.ts';
import type { DeflectionOutcome, DeflectionRequest } from './sms-deflection.ts';

const cut = (value: string | undefined, max: number) => (value === undefined ? undefined : value.slice(0, max));

export function createDeflectionRequestedHandler(
  deflection: () => { requestDeflection(request: DeflectionRequest): Promise<DeflectionOutcome> },
  log: Log,
) {
  return async (event: unknown): Promise<DeflectionOutcome> => {
    const { metadata, data } = SmsDeflectionRequested.parse(event);
    const { kept, dropped } = fitAttributes({
      ...(data.context ?? {}),
      requestedBy: data.requestedBy,
      ...(data.expectedWaitSeconds !== undefined ? { expectedWaitSeconds: String(data.expectedWaitSeconds) } : {}),
    });
    if (dropped.length > 0)
      log.warn('deflection request attributes dropped: beyond the limits of the Connect contact', { correlationId: metadata.correlationId, dropped });
    const callId = cut(data.callId, DEFLECTION_LIMITS.callIdLength);
    const department = cut(data.department, DEFLECTION_LIMITS.departmentLength);
    const language = cut(data.languageCode, DEFLECTION_LIMITS.languageCodeLength);
    const outcome = await deflection().requestDeflection({
      phoneNumber: data.phoneNumber,
      correlationId: metadata.correlationId,
      requestKey: metadata.id,
      requestedBy: data.requestedBy.slice(0, 256),
      ...(callId ? { callId } : {}),
      ...(department ? { department } : {}),
      ...(language ? { language } : {}),
      attributes: kept,
    });
    log.info('deflection requested', { correlationId: metadata.correlationId, phoneNumber: maskNumber(data.phoneNumber), outcome: outcome.outcome });
    return outcome;
  };
}
