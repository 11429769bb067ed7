/**
 * Publishes the domain's facts as the platform's event contracts (EventBridge in AWS, the local bus on the
 * local stage — both behind the kit's EventBus port).
 */
import type { EventBus } from '@switchboard/shared/bus';
import { SmsConversationEnded, SmsConversationStarted, SmsDeflectionFailed, SmsOptedIn, SmsOptedOut } from '@switchboard/shared/contracts';
import type { EndReason } from '../domain/conversation.ts';
import type { DeflectionFailure, DomainEvents } from '../domain/ports.ts';

/** The contract's reason groups; the exact reason travels in `reasonDetail`. */
const contractReason: Record<EndReason, 'chatEnded' | 'agentLeft' | 'idle' | 'optedOut' | 'declined' | 'error'> = {
  'opted-out': 'optedOut',
  idle: 'idle',
  'chat-ended': 'chatEnded',
  'agent-left': 'agentLeft',
  'offer-expired': 'declined',
  'closed-by-api': 'chatEnded',
  undeliverable: 'error',
  'chat-expired': 'chatEnded',
  'offer-failed': 'error',
};

const reasonDetail: Record<EndReason, string> = {
  'opted-out': 'optedOut',
  idle: 'idle',
  'chat-ended': 'chatEnded',
  'agent-left': 'agentLeft',
  'offer-expired': 'offerExpired',
  'closed-by-api': 'closedByApi',
  undeliverable: 'undeliverable',
  'chat-expired': 'chatExpired',
  'offer-failed': 'offerFailed',
};

export class BusDomainEvents implements DomainEvents {
  constructor(private readonly bus: EventBus) {}

  async conversationStarted(data: Parameters<DomainEvents['conversationStarted']>[0], correlationId: string): Promise<void> {
    await this.bus.publish(
      SmsConversationStarted,
      {
        conversationId: data.conversationId,
        phoneNumber: data.phoneNumber,
        startedAt: data.startedAt,
        ...(data.callId ? { callId: data.callId } : {}),
        ...(data.department ? { department: data.department } : {}),
        ...(data.contactId ? { contactId: data.contactId } : {}),
      },
      { correlationId },
    );
  }

  async conversationEnded(data: Parameters<DomainEvents['conversationEnded']>[0], correlationId: string): Promise<void> {
    await this.bus.publish(
      SmsConversationEnded,
      {
        conversationId: data.conversationId,
        phoneNumber: data.phoneNumber,
        reason: contractReason[data.reason],
        reasonDetail: reasonDetail[data.reason],
        reached: data.finalState,
        messagesFromCustomer: data.inboundMessages,
        messagesToCustomer: data.outboundMessages,
        endedAt: data.endedAt,
        answeredByBot: data.answeredByBot,
        escalated: data.escalated,
        ...(data.contactId ? { contactId: data.contactId } : {}),
      },
      { correlationId },
    );
  }

  async optedOut(data: Parameters<DomainEvents['optedOut']>[0], correlationId: string): Promise<void> {
    await this.bus.publish(
      SmsOptedOut,
      {
        phoneNumber: data.phoneNumber,
        keyword: data.keyword,
        optedOutAt: data.optedOutAt,
        ...(data.conversationId ? { conversationId: data.conversationId } : {}),
      },
      { correlationId },
    );
  }

  async optedIn(data: Parameters<DomainEvents['optedIn']>[0], correlationId: string): Promise<void> {
    await this.bus.publish(SmsOptedIn, data, { correlationId });
  }

  async deflectionFailed(data: DeflectionFailure, options: { correlationId: string; id: string }): Promise<void> {
    await this.bus.publish(
      SmsDeflectionFailed,
      {
        phoneNumber: data.phoneNumber,
        reason: data.reason,
        // The contract caps the detail at 500 characters (it is a line in the caller's call log).
        detail: data.detail.slice(0, 500),
        failedAt: data.failedAt,
        ...(data.callId ? { callId: data.callId } : {}),
      },
      options,
    );
  }
}
