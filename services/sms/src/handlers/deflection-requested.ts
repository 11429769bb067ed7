/**
 * SmsDeflectionRequested (EventBridge rule built from the contract's pattern) → offer the caller SMS.
 * Redelivery is harmless: a request for the same call finds the open conversation and only completes it.
 */
import type { EventBridgeEvent } from 'aws-lambda';
import { SmsDeflectionRequested } from '@switchboard/shared/contracts';
import { maskPhoneNumber } from '@switchboard/shared/phone';
import type { DeflectionOutcome } from '../domain/sms-deflection.ts';
import { logFrom, type SmsService } from '../wiring.ts';
import type { Log } from '../domain/ports.ts';
import { awsRuntime, logger } from '../aws-runtime.ts';

export function createDeflectionRequestedHandler(service: () => SmsService, log: Pick<Log, 'info'> = logFrom(logger)) {
  return async (event: EventBridgeEvent<string, unknown> | { detail: unknown }): Promise<DeflectionOutcome> => {
    const { metadata, data } = SmsDeflectionRequested.parse(event);
    const outcome = await service().deflection.requestDeflection({
      phoneNumber: data.phoneNumber,
      correlationId: metadata.correlationId,
      ...(data.callId ? { callId: data.callId } : {}),
      ...(data.department ? { department: data.department } : {}),
      ...(data.languageCode ? { language: data.languageCode } : {}),
      attributes: {
        ...(data.context ?? {}),
        requestedBy: data.requestedBy,
        ...(data.expectedWaitSeconds !== undefined ? { expectedWaitSeconds: String(data.expectedWaitSeconds) } : {}),
      },
    });
    log.info('deflection requested', {
      correlationId: metadata.correlationId,
      phoneNumber: maskPhoneNumber(data.phoneNumber),
      outcome: outcome.outcome,
    });
    return outcome;
  };
}

export const handler = createDeflectionRequestedHandler(() => awsRuntime().service);
