/**
 * Outbound: Connect chat streaming (StartContactStreaming → SNS) → this function. AGENT and SYSTEM messages the
 * customer may see (MessageVisibility CUSTOMER or ALL) become texts; agent joined / left and chat ended move the
 * conversation. A record that is not a chat item is rejected with its reason in the log; errors propagate so
 * SNS/Lambda retry; ordering and deduplication happen in the mailbox.
 */
import * as z from '@switchboard/shared/zod-mini';
import type { Log } from '../domain/ports.ts';
import { chatStreamItemSchema, describeIssues, parseSnsMessage, snsEventSchema } from '../domain/stream-events.ts';
import type { SmsDeflection } from './sms-deflection.ts';

export function createChatStreamHandler(deflection: () => SmsDeflection, log: Log) {
  return async (event: unknown) => {
    const envelope = z.safeParse(snsEventSchema, event);
    if (!envelope.success) {
      log.error('chat stream event rejected: not an SNS event', { reason: describeIssues(envelope.error) });
      return [{ rejected: describeIssues(envelope.error) }];
    }
    const results = [];
    for (const record of envelope.data.Records) {
      const parsed = parseSnsMessage(chatStreamItemSchema, record.Sns.Message);
      if (!parsed.ok) {
        log.error('chat stream item rejected: not a Connect chat item', { snsMessageId: record.Sns.MessageId, reason: parsed.reason });
        results.push({ rejected: parsed.reason });
        continue;
      }
      const item = parsed.value;
      const visibility = record.Sns.MessageAttributes?.MessageVisibility?.Value;
      const result = await deflection().receiveChatItem(item, visibility);
      // The result names the phone number: log only what it says about processing (never a full number).
      const outcome =
        'ignored' in result ? { ignored: result.ignored } : { duplicate: result.duplicate, processed: result.processed, deferred: result.deferred };
      log.info('chat stream item', { contactId: item.ContactId, itemId: item.Id, type: item.Type, contentType: item.ContentType, ...outcome });
      results.push(result);
    }
    return results;
  };
}
