/**
 * Inbound SMS: End User Messaging two-way SMS → SNS → this function. Each record is parsed and validated to the
 * limits of what it reaches (E.164 sender for the opt-out event, a body that fits the mailbox and transcript items);
 * a record that cannot be valid however often it is retried is rejected with its reason in the log instead of
 * failing into the dead-letter queue. Everything else is handed to the number's mailbox (idempotent by
 * inboundMessageId, ordered by the SNS timestamp) and errors propagate, so SNS/Lambda retries and the on-failure
 * destination keep every text.
 */
import * as z from '@switchboard/shared/zod-mini';
import type { Log } from '../domain/ports.ts';
import { describeIssues, inboundSmsPayloadSchema, parseSnsMessage, snsEventSchema } from '../domain/stream-events.ts';
import type { SmsDeflection } from './sms-deflection.ts';

/** `+14255550182` → `+1425***0182`: never a full number in a log line. */
export function maskNumber(e164: string): string {
  return e164.length > 8 ? `${e164.slice(0, 5)}***${e164.slice(-4)}` : '***';
}

export function createInboundSmsHandler(deflection: () => SmsDeflection, log: Log) {
  return async (event: unknown) => {
    const envelope = z.safeParse(snsEventSchema, event);
    if (!envelope.success) {
      log.error('inbound SMS event rejected: not an SNS event', { reason: describeIssues(envelope.error) });
      return [{ rejected: describeIssues(envelope.error) }];
    }
    const results = [];
    for (const record of envelope.data.Records) {
      const payload = parseSnsMessage(inboundSmsPayloadSchema, record.Sns.Message);
      if (!payload.ok) {
        log.error('inbound SMS rejected: the payload is not a valid two-way SMS message', {
          snsMessageId: record.Sns.MessageId,
          reason: payload.reason,
        });
        results.push({ rejected: payload.reason });
        continue;
      }
      const sms = payload.value;
      const result = await deflection().receiveSms({
        originationNumber: sms.originationNumber,
        destinationNumber: sms.destinationNumber,
        messageBody: sms.messageBody,
        inboundMessageId: sms.inboundMessageId,
        receivedAt: record.Sns.Timestamp,
      });
      log.info('inbound SMS', {
        from: maskNumber(sms.originationNumber),
        inboundMessageId: sms.inboundMessageId,
        duplicate: result.duplicate,
        processed: result.processed,
        deferred: result.deferred,
      });
      results.push(result);
    }
    return results;
  };
}
