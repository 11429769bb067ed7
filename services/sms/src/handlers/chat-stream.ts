/**
 * Outbound: Connect chat streaming (StartContactStreaming → SNS) → this Lambda. AGENT and SYSTEM messages the
 * customer may see (MessageVisibility CUSTOMER or ALL) become texts; agent joined / left and chat ended move
 * the conversation. Errors propagate so SNS/Lambda retry; ordering and deduplication happen in the mailbox.
 */
import type { SNSEvent } from 'aws-lambda';
import { chatStreamItemSchema } from '../domain/stream-events.ts';
import { logFrom, type SmsService } from '../wiring.ts';
import type { Log } from '../domain/ports.ts';
import { awsRuntime, logger } from '../aws-runtime.ts';

export function createChatStreamHandler(service: () => SmsService, log: Pick<Log, 'info'> = logFrom(logger)) {
  return async (event: SNSEvent) => {
    const results = [];
    for (const record of event.Records) {
      const item = chatStreamItemSchema.parse(JSON.parse(record.Sns.Message));
      const visibility = record.Sns.MessageAttributes?.MessageVisibility?.Value;
      const result = await service().deflection.receiveChatItem(item, visibility);
      // The result names the phone number: log only what it says about processing (never a full number).
      const outcome = 'ignored' in result ? { ignored: result.ignored } : { duplicate: result.duplicate, processed: result.processed, deferred: result.deferred };
      log.info('chat stream item', { contactId: item.ContactId, itemId: item.Id, type: item.Type, contentType: item.ContentType, ...outcome });
      results.push(result);
    }
    return results;
  };
}

export const handler = createChatStreamHandler(() => awsRuntime().service);
