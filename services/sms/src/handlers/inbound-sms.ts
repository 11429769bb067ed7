/**
 * Inbound SMS: End User Messaging two-way SMS → SNS → this Lambda. Parses each record, hands it to the
 * number's mailbox (idempotent by inboundMessageId, ordered by the SNS timestamp) and lets errors propagate,
 * so SNS/Lambda retries and the on-failure destination keep every text.
 */
import type { SNSEvent } from 'aws-lambda';
import { maskPhoneNumber } from '@switchboard/shared/phone';
import { inboundSmsPayloadSchema } from '../domain/stream-events.ts';
import { logFrom, type SmsService } from '../wiring.ts';
import type { Log } from '../domain/ports.ts';
import { awsRuntime, logger } from '../aws-runtime.ts';

export function createInboundSmsHandler(service: () => SmsService, log: Pick<Log, 'info'> = logFrom(logger)) {
  return async (event: SNSEvent) => {
    const results = [];
    for (const record of event.Records) {
      const payload = inboundSmsPayloadSchema.parse(JSON.parse(record.Sns.Message));
      const result = await service().deflection.receiveSms({
        originationNumber: payload.originationNumber,
        destinationNumber: payload.destinationNumber,
        messageBody: payload.messageBody,
        inboundMessageId: payload.inboundMessageId,
        receivedAt: record.Sns.Timestamp,
      });
      log.info('inbound SMS', {
        from: maskPhoneNumber(payload.originationNumber),
        inboundMessageId: payload.inboundMessageId,
        duplicate: result.duplicate,
        processed: result.processed,
        deferred: result.deferred,
      });
      results.push(result);
    }
    return results;
  };
}

export const handler = createInboundSmsHandler(() => awsRuntime().service);
