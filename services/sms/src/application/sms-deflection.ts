/**
 * The SMS deflection service's entry points, over its ports: a deflection request, a text from a handset, an item
 * from the Connect chat stream, a supervisor's close and the sweep. Texts and chat items go into the number's
 * mailbox (mailbox-processor.ts) and are carried out in their turn by inbound-texts.ts and chat-items.ts; the
 * decisions themselves are the domain's (domain/conversation-rules.ts).
 */
import type { Conversation } from '../domain/conversation.ts';
import { classifyInbound } from '../domain/keywords.ts';
import type { MailboxItem } from '../domain/ports.ts';
import { interpretChatItem, type ChatStreamItem } from '../domain/stream-events.ts';
import { ChatItems } from './chat-items.ts';
import { ChatSession } from './chat-session.ts';
import { withConflictRetry, type SmsContext, type SmsDeflectionDeps, type SmsDeflectionOptions } from './conversation-kit.ts';
import { ConversationEnding } from './conversation-ending.ts';
import { DeflectionOffers, type DeflectionOutcome, type DeflectionRequest } from './deflection-offer.ts';
import { InboundTexts } from './inbound-texts.ts';
import { MailboxProcessor, type DrainResult } from './mailbox-processor.ts';
import { sweep, type SweepResult } from './sweeper.ts';

export type { DeflectionOutcome, DeflectionRequest, DrainResult, SmsDeflectionDeps, SmsDeflectionOptions, SweepResult };

export interface InboundSms {
  originationNumber: string;
  destinationNumber: string;
  messageBody: string;
  inboundMessageId: string;
  /** When End User Messaging published it (SNS envelope Timestamp) — the ordering key. */
  receivedAt: string;
}

export class SmsDeflection {
  private readonly context: SmsContext;
  private readonly ending: ConversationEnding;
  /** Only in functions that take deflection requests (they have the number validator). */
  private readonly offers: DeflectionOffers | undefined;
  private readonly texts: InboundTexts;
  private readonly chatItems: ChatItems;
  private readonly mailbox: MailboxProcessor;
  /** Contact → conversation links never change once written, so a found one is cached (bounded). */
  private readonly contactLinks = new Map<string, { phoneNumber: string; conversationId: string }>();

  constructor(deps: SmsDeflectionDeps, options: SmsDeflectionOptions) {
    this.context = { deps, options };
    const chat = new ChatSession(this.context);
    this.ending = new ConversationEnding(this.context, (conversation) => chat.disconnect(conversation));
    const { phoneValidator } = deps;
    this.offers = phoneValidator ? new DeflectionOffers({ deps: { ...deps, phoneValidator }, options }, this.ending) : undefined;
    this.texts = new InboundTexts(this.context, chat, this.ending);
    this.chatItems = new ChatItems(this.context, chat, this.ending);
    this.mailbox = new MailboxProcessor(
      deps,
      { process: (phoneNumber, item) => this.process(phoneNumber, item), giveUp: (phoneNumber, item) => this.giveUp(phoneNumber, item) },
      { maxAttempts: options.maxAttempts, leaseSeconds: options.leaseSeconds, reorderWindowMs: options.reorderWindowMs },
    );
  }

  private get deps() {
    return this.context.deps;
  }

  /** A caller accepted "text me instead" (the event, or `POST /deflections`). */
  requestDeflection(request: DeflectionRequest): Promise<DeflectionOutcome> {
    if (!this.offers) throw new Error('this function takes no deflection requests (it was composed without a phone-number validator)');
    return this.offers.request(request);
  }

  /** A text from a handset (End User Messaging two-way SMS). Idempotent by inboundMessageId. */
  async receiveSms(sms: InboundSms): Promise<DrainResult & { duplicate: boolean }> {
    const messageId = `sms#${sms.inboundMessageId}`;
    const result = await this.deps.mailbox.enqueue(sms.originationNumber, {
      messageId,
      orderKey: `${sms.receivedAt}#${messageId}`,
      enqueuedAt: this.deps.clock.now().toISOString(),
      payload: { kind: 'inbound-sms', body: sms.messageBody, inboundMessageId: sms.inboundMessageId, destinationNumber: sms.destinationNumber },
    });
    const intent = classifyInbound(sms.messageBody, { agentKeywords: this.context.options.agentKeywords });
    if (intent.kind === 'stop' && result === 'enqueued') {
      // Honoured at once, ahead of the mailbox: an earlier message stuck on a failing provider must not delay an
      // opt-out. Nothing is texted to the number from here on; the mailbox ends the conversation in its turn.
      // (Not for a duplicate delivery: a late copy of an old STOP must not undo a later START.)
      await this.deps.optOuts.add({ phoneNumber: sms.originationNumber, optedOutAt: sms.receivedAt, keyword: intent.keyword, source: 'sms' });
    }
    // Drain even for a duplicate: the first delivery may have enqueued and then crashed before processing.
    const drained = await this.mailbox.drain(sms.originationNumber);
    return { ...drained, duplicate: result === 'duplicate' };
  }

  /** An item from the Connect chat stream (StartContactStreaming → SNS). */
  async receiveChatItem(item: ChatStreamItem, visibility: string | undefined): Promise<(DrainResult & { duplicate: boolean }) | { ignored: string }> {
    const signal = interpretChatItem(item, visibility);
    if (signal.kind === 'ignored') return { ignored: signal.why };
    const link = (await this.linkOf(item.ContactId)) ?? (item.InitialContactId ? await this.linkOf(item.InitialContactId) : undefined);
    if (!link) return { ignored: `no conversation for contact ${item.ContactId}` };
    const messageId = `chat#${item.Id}`;
    const result = await this.deps.mailbox.enqueue(link.phoneNumber, {
      messageId,
      orderKey: `${item.AbsoluteTime}#${messageId}`,
      enqueuedAt: this.deps.clock.now().toISOString(),
      payload: { kind: 'chat', contactId: item.ContactId, conversationId: link.conversationId, itemId: item.Id, signal },
    });
    const drained = await this.mailbox.drain(link.phoneNumber);
    return { ...drained, duplicate: result === 'duplicate' };
  }

  /** Processes a number's pending messages (the sweeper's redrive, and after every enqueue). */
  drain(phoneNumber: string): Promise<DrainResult> {
    return this.mailbox.drain(phoneNumber);
  }

  /** Ends a conversation from the API (supervisor action). */
  close(conversationId: string): Promise<Conversation | undefined> {
    return this.ending.close(conversationId);
  }

  /** Ends idle conversations and redrives mailboxes whose messages are stuck. */
  sweep(limit = 100): Promise<SweepResult> {
    return sweep(this.context, { ending: this.ending, mailbox: this.mailbox }, limit);
  }

  private async linkOf(contactId: string): Promise<{ phoneNumber: string; conversationId: string } | undefined> {
    const cached = this.contactLinks.get(contactId);
    if (cached) return cached;
    const found = await this.deps.conversations.findByContact(contactId);
    if (found) {
      if (this.contactLinks.size >= 10_000) this.contactLinks.delete(this.contactLinks.keys().next().value as string);
      this.contactLinks.set(contactId, found);
    }
    return found;
  }

  /** One message, retried from a fresh read when another writer changed the conversation meanwhile. */
  private process(phoneNumber: string, item: MailboxItem): Promise<string> {
    return withConflictRetry(async () => {
      const conversation = await this.deps.conversations.get(phoneNumber);
      const payload = item.payload;
      if (payload.kind === 'inbound-sms') return this.texts.handle(phoneNumber, conversation, payload.body, payload.inboundMessageId);
      return this.chatItems.handle(conversation, payload);
    });
  }

  private async giveUp(phoneNumber: string, item: MailboxItem): Promise<string> {
    await this.deps.metrics.increment('undeliverable', this.deps.clock.now());
    this.deps.log.error('mailbox message given up after every attempt', { messageId: item.messageId, attempts: item.attempts });
    const conversation = await this.deps.conversations.get(phoneNumber);
    const payload = item.payload;
    if (payload.kind === 'inbound-sms') return this.texts.giveUp(phoneNumber, conversation, payload.inboundMessageId);
    return this.chatItems.giveUp(conversation, payload);
  }
}
