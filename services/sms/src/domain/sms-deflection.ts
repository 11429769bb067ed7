/**
 * The SMS deflection service: the rules of the conversation, written against ports only.
 *
 * Every message for one phone number — texts from the handset and items from the Connect chat stream — goes
 * into that number's mailbox and is processed under the number's lease, in timestamp order, once. A message
 * whose processing fails stays pending (the Lambda fails, SNS/Lambda retry, the sweeper redrives stale
 * mailboxes); after `maxAttempts` the sender is told it could not be delivered and the mailbox moves on.
 */
import {
  hasChat,
  isIdle,
  isOpen,
  newConversation,
  touch,
  transition,
  type Conversation,
  type ConversationContext,
  type EndReason,
  type IdlePolicy,
} from './conversation.ts';
import type { CustomerTexter } from './customer-texter.ts';
import { classifyInbound } from './keywords.ts';
import {
  VersionConflictError,
  type BotAnswer,
  type ChatGateway,
  type Clock,
  type ConversationRepository,
  type DomainEvents,
  type FaqBot,
  type FaqRepository,
  type Log,
  type Mailbox,
  type MailboxItem,
  type MetricsRepository,
  type OptOutRepository,
  type PhoneNumberValidator,
  type TokenCipher,
} from './ports.ts';
import { interpretChatItem, type ChatStreamItem } from './stream-events.ts';
import { fill, type ServiceTexts } from './texts.ts';

export interface SmsDeflectionOptions {
  texts: ServiceTexts;
  agentKeywords: readonly string[];
  /** Consecutive unanswered bot questions before escalating to an agent. */
  maxUnansweredBeforeEscalation: number;
  idle: IdlePolicy;
  /** Processing attempts per mailbox message before giving up and telling the sender. */
  maxAttempts: number;
  leaseSeconds: number;
  /**
   * How long the oldest pending message must have waited before processing starts, so a message SNS delivers
   * late (out of order) can still be sorted in front of a newer one. 0 processes at once.
   */
  reorderWindowMs: number;
  /** Display name of the customer participant in Connect. */
  chatDisplayName: string;
  /** Prefix agent messages with the agent's name ("Alex: …"). */
  prefixAgentName: boolean;
  /** Send our own opt-out confirmation (off when End User Messaging's managed opt-outs answer STOP). */
  sendOptOutConfirmation: boolean;
}

export interface SmsDeflectionDeps {
  conversations: ConversationRepository;
  mailbox: Mailbox;
  optOuts: OptOutRepository;
  texter: CustomerTexter;
  chat: ChatGateway;
  bot: FaqBot;
  faq: FaqRepository;
  cipher: TokenCipher;
  metrics: MetricsRepository;
  events: DomainEvents;
  phoneValidator: PhoneNumberValidator;
  clock: Clock;
  newId: () => string;
  sleep: (ms: number) => Promise<void>;
  log: Log;
}

export interface DeflectionRequest {
  phoneNumber: string;
  correlationId: string;
  callId?: string;
  department?: string;
  language?: string;
  defaultCountry?: string;
  attributes?: Record<string, string>;
}

export type DeflectionOutcome =
  | { outcome: 'offered'; conversationId: string; phoneNumber: string }
  | { outcome: 'duplicate'; conversationId: string; phoneNumber: string }
  | { outcome: 'already-open'; conversationId: string; phoneNumber: string }
  | { outcome: 'opted-out'; phoneNumber: string }
  | { outcome: 'invalid-number'; reason: string };

export interface InboundSms {
  originationNumber: string;
  destinationNumber: string;
  messageBody: string;
  inboundMessageId: string;
  /** When End User Messaging published it (SNS envelope Timestamp) — the ordering key. */
  receivedAt: string;
}

export interface DrainResult {
  phoneNumber: string;
  processed: number;
  /** Another worker holds the number's lease; it will process what was enqueued. */
  deferred: boolean;
}

const CONFLICT_RETRIES = 5;

/** The timestamp a mailbox item is ordered by (the ISO prefix of its orderKey). */
function orderTime(item: MailboxItem): number {
  const at = Date.parse(item.orderKey.slice(0, item.orderKey.indexOf('#')));
  return Number.isNaN(at) ? 0 : at;
}

function takeWhile<T>(items: readonly T[], keep: (item: T) => boolean): T[] {
  const taken: T[] = [];
  for (const item of items) {
    if (!keep(item)) break;
    taken.push(item);
  }
  return taken;
}

export class SmsDeflection {
  constructor(
    private readonly deps: SmsDeflectionDeps,
    private readonly options: SmsDeflectionOptions,
  ) {}

  private now(): Date {
    return this.deps.clock.now();
  }

  // ── Offer ────────────────────────────────────────────────────────────────────────────────────────────

  /** A caller accepted "text me instead": validate, respect opt-outs, open the conversation and text the offer. */
  async requestDeflection(request: DeflectionRequest): Promise<DeflectionOutcome> {
    const checked = await this.deps.phoneValidator.check(request.phoneNumber, request.defaultCountry);
    if (!checked.ok) return { outcome: 'invalid-number', reason: checked.reason };
    const phoneNumber = checked.e164;
    if (await this.deps.optOuts.isOptedOut(phoneNumber)) return { outcome: 'opted-out', phoneNumber };

    for (let attempt = 0; ; attempt += 1) {
      try {
        const existing = await this.deps.conversations.get(phoneNumber);
        if (existing && isOpen(existing)) {
          const sameCall = request.callId !== undefined && existing.context.callId === request.callId;
          if (!sameCall) return { outcome: 'already-open', conversationId: existing.conversationId, phoneNumber };
          // A redelivered request: finish what the first attempt may not have (the offer text).
          if (existing.state === 'offered' && !existing.offerSentAt) await this.sendOffer(existing);
          return { outcome: 'duplicate', conversationId: existing.conversationId, phoneNumber };
        }
        if (existing) await this.deps.conversations.archive(existing);
        const context: ConversationContext = {
          correlationId: request.correlationId,
          attributes: request.attributes ?? {},
          ...(request.callId ? { callId: request.callId } : {}),
          ...(request.department ? { department: request.department } : {}),
          ...(request.language ? { language: request.language } : {}),
        };
        const created = await this.deps.conversations.create(
          newConversation({ conversationId: this.deps.newId(), phoneNumber, context, now: this.now() }),
          existing ? existing.version : null,
        );
        await this.deps.metrics.increment('offered', this.now());
        await this.sendOffer(created);
        return { outcome: 'offered', conversationId: created.conversationId, phoneNumber };
      } catch (error) {
        if (error instanceof VersionConflictError && attempt < CONFLICT_RETRIES) continue;
        throw error;
      }
    }
  }

  private async sendOffer(conversation: Conversation): Promise<void> {
    await this.deps.texter.text(conversation.phoneNumber, this.options.texts.offer);
    await this.appendOutbound(conversation, 'service', this.options.texts.offer, `offer#${conversation.conversationId}`);
    await this.deps.conversations.save(touch(conversation, this.now(), { offerSentAt: this.now().toISOString() }), conversation.version);
  }

  // ── Entry points for the two SNS streams ─────────────────────────────────────────────────────────────

  /** A text from a handset (End User Messaging two-way SMS). Idempotent by inboundMessageId. */
  async receiveSms(sms: InboundSms): Promise<DrainResult & { duplicate: boolean }> {
    const messageId = `sms#${sms.inboundMessageId}`;
    const result = await this.deps.mailbox.enqueue(sms.originationNumber, {
      messageId,
      orderKey: `${sms.receivedAt}#${messageId}`,
      enqueuedAt: this.now().toISOString(),
      payload: {
        kind: 'inbound-sms',
        body: sms.messageBody,
        inboundMessageId: sms.inboundMessageId,
        destinationNumber: sms.destinationNumber,
      },
    });
    const intent = classifyInbound(sms.messageBody, { agentKeywords: this.options.agentKeywords });
    if (intent.kind === 'stop' && result === 'enqueued') {
      // Honoured at once, ahead of the mailbox: an earlier message stuck on a failing provider must not delay an
      // opt-out. Nothing is texted to the number from here on; the mailbox ends the conversation in its turn.
      // (Not for a duplicate delivery: a late copy of an old STOP must not undo a later START.)
      await this.deps.optOuts.add({ phoneNumber: sms.originationNumber, optedOutAt: sms.receivedAt, keyword: intent.keyword, source: 'sms' });
    }
    // Drain even for a duplicate: the first delivery may have enqueued and then crashed before processing.
    const drained = await this.drain(sms.originationNumber);
    return { ...drained, duplicate: result === 'duplicate' };
  }

  /** An item from the Connect chat stream (StartContactStreaming → SNS). */
  async receiveChatItem(
    item: ChatStreamItem,
    visibility: string | undefined,
  ): Promise<(DrainResult & { duplicate: boolean }) | { ignored: string }> {
    const signal = interpretChatItem(item, visibility);
    if (signal.kind === 'ignored') return { ignored: signal.why };
    const link = (await this.linkOf(item.ContactId)) ?? (item.InitialContactId ? await this.linkOf(item.InitialContactId) : undefined);
    if (!link) return { ignored: `no conversation for contact ${item.ContactId}` };
    const messageId = `chat#${item.Id}`;
    const result = await this.deps.mailbox.enqueue(link.phoneNumber, {
      messageId,
      orderKey: `${item.AbsoluteTime}#${messageId}`,
      enqueuedAt: this.now().toISOString(),
      payload: { kind: 'chat', contactId: item.ContactId, conversationId: link.conversationId, itemId: item.Id, signal },
    });
    const drained = await this.drain(link.phoneNumber);
    return { ...drained, duplicate: result === 'duplicate' };
  }

  /** Contact → conversation links never change once written, so a found one is cached (bounded). */
  private readonly contactLinks = new Map<string, { phoneNumber: string; conversationId: string }>();

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

  // ── The mailbox ──────────────────────────────────────────────────────────────────────────────────────

  /**
   * Processes a number's pending messages under its lease. After releasing, looks again: a message enqueued
   * while we held the lease was left to us by a worker that could not take it.
   */
  async drain(phoneNumber: string): Promise<DrainResult> {
    const holder = this.deps.newId();
    let processed = 0;
    for (;;) {
      const now = this.now();
      const acquired = await this.deps.mailbox.acquireLease(
        phoneNumber,
        holder,
        now,
        new Date(now.getTime() + this.options.leaseSeconds * 1000),
      );
      if (!acquired) return { phoneNumber, processed, deferred: true };
      try {
        processed += await this.drainHeld(phoneNumber, holder, now.getTime());
      } finally {
        await this.deps.mailbox.releaseLease(phoneNumber, holder);
      }
      if ((await this.deps.mailbox.pending(phoneNumber)).length === 0) return { phoneNumber, processed, deferred: false };
    }
  }

  /**
   * Processes, in order, the pending messages that are at least `reorderWindowMs` old (by their own timestamp);
   * when only younger ones are left, waits until the oldest of them ripens and looks again — so a message SNS
   * delivers late still sorts in front of a newer one that arrived first.
   */
  private async drainHeld(phoneNumber: string, holder: string, leaseTakenAt: number): Promise<number> {
    let processed = 0;
    const window = this.options.reorderWindowMs;
    const leaseMs = this.options.leaseSeconds * 1000;
    let leaseFrom = leaseTakenAt;
    /**
     * Keeps the lease ours: renewed once half of it has passed. False when it expired and another worker took it —
     * then this worker stops at once, so two workers never process one number's messages side by side.
     */
    const holdLease = async (): Promise<boolean> => {
      const now = this.now().getTime();
      if (now - leaseFrom < leaseMs / 2) return true;
      const renewed = await this.deps.mailbox.acquireLease(phoneNumber, holder, new Date(now), new Date(now + leaseMs));
      if (renewed) leaseFrom = now;
      return renewed;
    };
    for (;;) {
      if (!(await holdLease())) return processed;
      const items = await this.deps.mailbox.pending(phoneNumber);
      if (items.length === 0) return processed;
      const ripeBefore = this.now().getTime() - window;
      const ripe = window <= 0 ? items : takeWhile(items, (item) => orderTime(item) <= ripeBefore);
      if (ripe.length === 0) {
        await this.deps.sleep(Math.max(1, orderTime(items[0] as MailboxItem) - ripeBefore));
        continue;
      }
      for (const item of ripe) {
        if (!(await holdLease())) return processed;
        // Undefined: another worker completed it meanwhile (its lease outlived ours) — never process twice.
        const attempt = await this.deps.mailbox.recordAttempt(phoneNumber, item.messageId);
        if (attempt === undefined) continue;
        let outcome: string;
        if (attempt > this.options.maxAttempts) {
          outcome = await this.giveUp(phoneNumber, item);
        } else {
          try {
            outcome = await this.process(phoneNumber, item);
          } catch (error) {
            this.deps.log.warn('mailbox message failed; it stays pending and is retried', {
              messageId: item.messageId,
              attempt,
              error: error instanceof Error ? error.message : String(error),
            });
            throw error;
          }
        }
        await this.deps.mailbox.complete(phoneNumber, item.messageId, outcome);
        processed += 1;
      }
      // What arrived meanwhile is picked up by drain()'s look after releasing the lease (one query, not two).
      return processed;
    }
  }

  /** One message, retried from a fresh read when another writer changed the conversation meanwhile. */
  private async process(phoneNumber: string, item: MailboxItem): Promise<string> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        const conversation = await this.deps.conversations.get(phoneNumber);
        const payload = item.payload;
        if (payload.kind === 'inbound-sms') return await this.onText(phoneNumber, conversation, payload.body, payload.inboundMessageId);
        return await this.onChat(conversation, payload);
      } catch (error) {
        if (error instanceof VersionConflictError && attempt < CONFLICT_RETRIES) continue;
        throw error;
      }
    }
  }

  private async giveUp(phoneNumber: string, item: MailboxItem): Promise<string> {
    await this.deps.metrics.increment('undeliverable', this.now());
    const payload = item.payload;
    this.deps.log.error('mailbox message given up after every attempt', { messageId: item.messageId, attempts: item.attempts });
    if (payload.kind === 'inbound-sms') {
      await this.deps.texter.text(phoneNumber, this.options.texts.undeliverable);
      return 'undeliverable';
    }
    if (payload.signal.kind === 'message') {
      const conversation = await this.deps.conversations.get(phoneNumber);
      if (conversation && isOpen(conversation) && conversation.conversationId === payload.conversationId) {
        const connectionToken = await this.connection(conversation);
        await this.deps.chat.sendMessage({
          connectionToken: connectionToken.token,
          text: fill(this.options.texts.undeliverableToAgent, { text: payload.signal.text.slice(0, 200) }),
          clientToken: `undeliverable#${payload.itemId}`,
        });
      }
      return 'undeliverable';
    }
    // A join/leave/end signal that kept failing: end the conversation without texting.
    const conversation = await this.deps.conversations.get(phoneNumber);
    if (conversation && isOpen(conversation) && conversation.conversationId === payload.conversationId) {
      await this.end(conversation, 'undeliverable', { text: undefined, disconnect: false });
    }
    return 'undeliverable';
  }

  // ── Texts from the customer ──────────────────────────────────────────────────────────────────────────

  private async onText(phoneNumber: string, conversation: Conversation | undefined, body: string, inboundMessageId: string): Promise<string> {
    const texts = this.options.texts;
    const intent = classifyInbound(body, { agentKeywords: this.options.agentKeywords });
    const now = this.now();

    if (intent.kind === 'stop') {
      // Always honoured, in every state, before anything else can fail.
      await this.deps.optOuts.add({ phoneNumber, optedOutAt: now.toISOString(), keyword: intent.keyword, source: 'sms' });
      if (conversation && isOpen(conversation)) {
        await this.appendInbound(conversation, body, inboundMessageId);
        await this.end(conversation, 'opted-out', { text: undefined, disconnect: true });
      }
      await this.deps.metrics.increment('optedOut', now);
      await this.deps.events.optedOut(
        {
          phoneNumber,
          keyword: intent.keyword,
          optedOutAt: now.toISOString(),
          ...(conversation && isOpen(conversation) ? { conversationId: conversation.conversationId } : {}),
        },
        conversation?.context.correlationId ?? inboundMessageId,
      );
      if (this.options.sendOptOutConfirmation) await this.deps.texter.text(phoneNumber, texts.optOutConfirmation, { evenIfOptedOut: true });
      return 'opted-out';
    }
    if (intent.kind === 'help') {
      await this.deps.texter.text(phoneNumber, texts.help, { evenIfOptedOut: true });
      return 'help';
    }
    if (await this.deps.optOuts.isOptedOut(phoneNumber)) {
      if (intent.kind === 'start') {
        await this.deps.optOuts.remove(phoneNumber);
        await this.deps.texter.text(phoneNumber, texts.resubscribed);
        return 'resubscribed';
      }
      return 'ignored-opted-out';
    }
    if (!conversation || !isOpen(conversation)) {
      await this.deps.texter.text(phoneNumber, texts.noConversation);
      return 'no-conversation';
    }
    await this.appendInbound(conversation, body, inboundMessageId);
    const counted = { ...conversation.counters, inbound: conversation.counters.inbound + 1 };

    switch (conversation.state) {
      case 'offered': {
        if (intent.kind !== 'yes') {
          await this.deps.texter.text(phoneNumber, texts.offerReminder);
          await this.deps.conversations.save(touch(conversation, now, { counters: counted }), conversation.version);
          return 'offer-reminded';
        }
        const optedIn = await this.deps.conversations.save(transition(conversation, 'opted-in', now, { counters: counted }), conversation.version);
        await this.deps.metrics.increment('accepted', now);
        await this.startChat(optedIn);
        return 'accepted';
      }
      case 'opted-in': {
        // A previous attempt persisted consent but did not get the chat started: resume.
        const started = await this.startChat(touch(conversation, now, { counters: counted }));
        if (intent.kind === 'yes') return 'accepted';
        return this.onBotText(started, body, inboundMessageId, intent.kind === 'agent');
      }
      case 'bot': {
        if (intent.kind === 'yes') {
          // The welcome may not have gone out (the attempt that started the chat failed after saving): repeat it.
          await this.deps.texter.text(phoneNumber, texts.welcome);
          await this.deps.conversations.save(touch(conversation, now, { counters: counted }), conversation.version);
          return 'welcome-repeated';
        }
        return this.onBotText(touch(conversation, now, { counters: counted }), body, inboundMessageId, intent.kind === 'agent');
      }
      case 'queued':
      case 'agent': {
        await this.relayToChat(conversation, body, inboundMessageId);
        await this.deps.conversations.save(touch(conversation, now, { counters: counted }), conversation.version);
        return 'relayed';
      }
      default:
        return 'ignored';
    }
  }

  /** YES (or a resumed opt-in): start the Connect chat with the IVR context, stream it to SNS, connect as the customer. */
  private async startChat(conversation: Conversation): Promise<Conversation> {
    const context = conversation.context;
    const attributes: Record<string, string> = {
      ...context.attributes,
      channel: 'SMS',
      smsConversationId: conversation.conversationId,
      correlationId: context.correlationId,
      ...(context.callId ? { callId: context.callId } : {}),
      ...(context.department ? { department: context.department } : {}),
      ...(context.language ? { language: context.language } : {}),
    };
    // Client tokens derived from the conversation make every call idempotent when this step is retried.
    const started = await this.deps.chat.startChat({
      clientToken: conversation.conversationId,
      displayName: this.options.chatDisplayName,
      attributes,
    });
    // Link before streaming starts, so the first streamed item already finds its conversation.
    await this.deps.conversations.linkContact(started.contactId, conversation.phoneNumber, conversation.conversationId);
    await this.deps.chat.startStreaming({ contactId: started.contactId, clientToken: `stream-${conversation.conversationId}` });
    const connection = await this.deps.chat.createConnection(started.participantToken);
    const encryptionContext = { conversationId: conversation.conversationId };
    const now = this.now();
    const saved = await this.deps.conversations.save(
      transition(conversation, 'bot', now, {
        contactId: started.contactId,
        participantTokenCiphertext: await this.deps.cipher.encrypt(started.participantToken, encryptionContext),
        connectionTokenCiphertext: await this.deps.cipher.encrypt(connection.connectionToken, encryptionContext),
        connectionExpiresAt: connection.expiresAt,
      }),
      conversation.version,
    );
    await this.deps.events.conversationStarted(
      {
        conversationId: saved.conversationId,
        phoneNumber: saved.phoneNumber,
        contactId: started.contactId,
        startedAt: now.toISOString(),
        ...(context.department ? { department: context.department } : {}),
        ...(context.callId ? { callId: context.callId } : {}),
      },
      context.correlationId,
    );
    await this.deps.texter.text(saved.phoneNumber, this.options.texts.welcome);
    await this.appendOutbound(saved, 'service', this.options.texts.welcome, `welcome#${saved.conversationId}`);
    return saved;
  }

  private async onBotText(conversation: Conversation, body: string, inboundMessageId: string, wantsAgent: boolean): Promise<string> {
    const now = this.now();
    // The agent sees what the customer asked the bot when they pick the chat up.
    await this.relayToChat(conversation, body, inboundMessageId);
    if (wantsAgent) {
      await this.escalate(conversation);
      return 'escalated';
    }
    let answer: BotAnswer;
    try {
      answer = await this.deps.bot.ask({
        sessionId: conversation.conversationId,
        text: body,
        ...(conversation.context.language ? { language: conversation.context.language } : {}),
      });
    } catch (error) {
      // A bot that cannot answer (no version published yet, throttled) must not hold the conversation up:
      // the question counts as unanswered and the customer is offered an agent.
      this.deps.log.warn('FAQ bot failed; treating the question as unanswered', { error: error instanceof Error ? error.message : String(error) });
      answer = { answered: false };
    }
    if (answer.answered && answer.answer) {
      await this.deps.texter.text(conversation.phoneNumber, answer.answer);
      await this.appendOutbound(conversation, 'bot', answer.answer, `bot#${inboundMessageId}`);
      await this.deps.metrics.increment('answeredByBot', now);
      await this.deps.conversations.save(
        touch(conversation, now, {
          unansweredInARow: 0,
          counters: { ...conversation.counters, outbound: conversation.counters.outbound + 1, botAnswered: conversation.counters.botAnswered + 1 },
        }),
        conversation.version,
      );
      return 'answered-by-bot';
    }
    await this.deps.faq.countUnanswered(body, now.toISOString());
    await this.deps.metrics.increment('unanswered', now);
    const unanswered = touch(conversation, now, {
      unansweredInARow: conversation.unansweredInARow + 1,
      counters: { ...conversation.counters, botUnanswered: conversation.counters.botUnanswered + 1 },
    });
    if (unanswered.unansweredInARow >= this.options.maxUnansweredBeforeEscalation) {
      await this.escalate(unanswered, conversation.version);
      return 'escalated-unanswered';
    }
    await this.deps.texter.text(conversation.phoneNumber, this.options.texts.unanswered);
    await this.deps.conversations.save(unanswered, conversation.version);
    return 'unanswered';
  }

  private async escalate(conversation: Conversation, expectedVersion = conversation.version): Promise<void> {
    const now = this.now();
    await this.deps.conversations.save(transition(conversation, 'queued', now), expectedVersion);
    await this.deps.metrics.increment('escalated', now);
    await this.deps.texter.text(conversation.phoneNumber, this.options.texts.escalating);
    await this.appendOutbound(conversation, 'service', this.options.texts.escalating, `escalating#${conversation.conversationId}`);
  }

  private async relayToChat(conversation: Conversation, text: string, inboundMessageId: string): Promise<void> {
    const connection = await this.connection(conversation);
    // ClientToken = the inbound message id: a retried relay is not shown twice to the agent.
    await this.deps.chat.sendMessage({ connectionToken: connection.token, text, clientToken: inboundMessageId });
  }

  /** The decrypted connection token, recreated from the participant token when it has expired. */
  private async connection(conversation: Conversation): Promise<{ token: string }> {
    const context = { conversationId: conversation.conversationId };
    if (!conversation.connectionTokenCiphertext || !conversation.participantTokenCiphertext) {
      throw new Error(`conversation ${conversation.conversationId} has no chat connection`);
    }
    const expiresAt = conversation.connectionExpiresAt ? Date.parse(conversation.connectionExpiresAt) : Number.POSITIVE_INFINITY;
    if (expiresAt - 60_000 > this.now().getTime()) {
      return { token: await this.deps.cipher.decrypt(conversation.connectionTokenCiphertext, context) };
    }
    const participantToken = await this.deps.cipher.decrypt(conversation.participantTokenCiphertext, context);
    const fresh = await this.deps.chat.createConnection(participantToken);
    // Updates the conversation in hand: every caller saves it (touch/transition copy these fields) right after.
    conversation.connectionTokenCiphertext = await this.deps.cipher.encrypt(fresh.connectionToken, context);
    conversation.connectionExpiresAt = fresh.expiresAt;
    return { token: fresh.connectionToken };
  }

  // ── Items from the chat ──────────────────────────────────────────────────────────────────────────────

  private async onChat(conversation: Conversation | undefined, payload: Extract<MailboxItem['payload'], { kind: 'chat' }>): Promise<string> {
    if (!conversation || conversation.conversationId !== payload.conversationId || !isOpen(conversation)) return 'stale';
    const signal = payload.signal;
    const now = this.now();
    switch (signal.kind) {
      case 'message': {
        const text = signal.role === 'AGENT' && this.options.prefixAgentName && signal.displayName ? `${signal.displayName}: ${signal.text}` : signal.text;
        const sent = await this.deps.texter.text(conversation.phoneNumber, text);
        if (sent.suppressed) return 'suppressed-opted-out';
        await this.appendOutbound(conversation, signal.role === 'AGENT' ? 'agent' : 'system', signal.text, `chat#${payload.itemId}`);
        await this.deps.conversations.save(
          touch(conversation, now, { counters: { ...conversation.counters, outbound: conversation.counters.outbound + 1 } }),
          conversation.version,
        );
        return 'relayed-to-sms';
      }
      case 'agent-joined': {
        if (conversation.state === 'agent') return 'already-with-agent';
        const name = signal.displayName ?? 'An agent';
        await this.deps.conversations.save(transition(conversation, 'agent', now, { agentName: name }), conversation.version);
        await this.deps.metrics.increment('agentJoined', now);
        const joined = fill(this.options.texts.agentJoined, { agent: name });
        await this.deps.texter.text(conversation.phoneNumber, joined);
        await this.appendOutbound(conversation, 'service', joined, `chat#${payload.itemId}`);
        return 'agent-joined';
      }
      case 'agent-left':
        await this.end(conversation, 'agent-left', { text: this.options.texts.closing, disconnect: true });
        return 'ended';
      case 'chat-ended':
        await this.end(conversation, 'chat-ended', { text: this.options.texts.closing, disconnect: false });
        return 'ended';
      default:
        return 'ignored';
    }
  }

  // ── Ending ───────────────────────────────────────────────────────────────────────────────────────────

  private async end(conversation: Conversation, reason: EndReason, options: { text: string | undefined; disconnect: boolean }): Promise<Conversation> {
    const now = this.now();
    if (options.disconnect && hasChat(conversation) && conversation.connectionTokenCiphertext) {
      try {
        const connection = await this.connection(conversation);
        await this.deps.chat.disconnect({ connectionToken: connection.token, clientToken: `end-${conversation.conversationId}` });
      } catch (error) {
        // The conversation ends regardless (a STOP is always honoured); Connect ends the chat on its own timeout.
        this.deps.log.warn('could not disconnect the chat participant', {
          conversationId: conversation.conversationId,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
    const { participantTokenCiphertext: _p, connectionTokenCiphertext: _c, connectionExpiresAt: _e, ...withoutTokens } = conversation;
    const ended = await this.deps.conversations.save(transition(withoutTokens, 'ended', now, { endReason: reason }), conversation.version);
    await this.deps.metrics.increment('ended', now);
    await this.deps.events.conversationEnded(
      {
        conversationId: ended.conversationId,
        phoneNumber: ended.phoneNumber,
        reason,
        finalState: conversation.state,
        endedAt: now.toISOString(),
        inboundMessages: ended.counters.inbound,
        outboundMessages: ended.counters.outbound,
        answeredByBot: ended.counters.botAnswered,
        escalated: ended.escalatedAt !== undefined,
        ...(ended.contactId ? { contactId: ended.contactId } : {}),
      },
      ended.context.correlationId,
    );
    if (options.text) {
      await this.deps.texter.text(ended.phoneNumber, options.text);
      await this.appendOutbound(ended, 'service', options.text, `end#${ended.conversationId}`);
    }
    return ended;
  }

  /** Ends a conversation from the API (supervisor action). */
  async close(conversationId: string): Promise<Conversation | undefined> {
    for (let attempt = 0; ; attempt += 1) {
      const found = await this.deps.conversations.findById(conversationId);
      if (!found) return undefined;
      const current = await this.deps.conversations.get(found.phoneNumber);
      if (!current || current.conversationId !== conversationId || !isOpen(current)) return found;
      try {
        return await this.end(current, 'closed-by-api', { text: this.options.texts.closing, disconnect: true });
      } catch (error) {
        if (error instanceof VersionConflictError && attempt < CONFLICT_RETRIES) continue;
        throw error;
      }
    }
  }

  // ── Sweeper ──────────────────────────────────────────────────────────────────────────────────────────

  /** Ends idle conversations (TTL of the conversation) and redrives mailboxes whose messages are stuck. */
  async sweep(limit = 100): Promise<{ ended: number; redriven: number; failures: number }> {
    const now = this.now();
    const policy = this.options.idle;
    const horizon = new Date(now.getTime() - Math.min(policy.offerSeconds, policy.conversationSeconds) * 1000);
    let ended = 0;
    let failures = 0;
    for (const candidate of await this.deps.conversations.listOpenInactiveSince(horizon, limit)) {
      if (!isIdle(candidate, now, policy)) continue;
      const holder = this.deps.newId();
      // Under the number's lease so the sweeper never races a message being processed.
      if (!(await this.deps.mailbox.acquireLease(candidate.phoneNumber, holder, now, new Date(now.getTime() + this.options.leaseSeconds * 1000)))) continue;
      try {
        const current = await this.deps.conversations.get(candidate.phoneNumber);
        if (!current || !isIdle(current, now, policy)) continue;
        const offerOnly = current.state === 'offered';
        await this.end(current, offerOnly ? 'offer-expired' : 'idle', {
          // Nobody who never said YES gets another text.
          text: offerOnly ? undefined : fill(this.options.texts.idleClosing, { minutes: String(Math.round(policy.conversationSeconds / 60)) }),
          disconnect: true,
        });
        ended += 1;
      } catch (error) {
        failures += 1;
        this.deps.log.error('idle conversation could not be ended', { conversationId: candidate.conversationId, error: String(error) });
      } finally {
        await this.deps.mailbox.releaseLease(candidate.phoneNumber, holder);
      }
    }
    let redriven = 0;
    for (const phoneNumber of await this.deps.mailbox.stalePhoneNumbers(new Date(now.getTime() - this.options.leaseSeconds * 1000), limit)) {
      try {
        const result = await this.drain(phoneNumber);
        redriven += result.processed;
      } catch (error) {
        failures += 1;
        this.deps.log.warn('stale mailbox still failing', { error: error instanceof Error ? error.message : String(error) });
      }
    }
    return { ended, redriven, failures };
  }

  // ── Transcript ───────────────────────────────────────────────────────────────────────────────────────

  private async appendInbound(conversation: Conversation, text: string, inboundMessageId: string): Promise<void> {
    await this.deps.conversations.appendTranscript(conversation.conversationId, {
      at: this.now().toISOString(),
      direction: 'inbound',
      author: 'customer',
      text,
      messageId: `sms#${inboundMessageId}`,
    });
  }

  private async appendOutbound(conversation: Conversation, author: 'bot' | 'agent' | 'system' | 'service', text: string, messageId: string): Promise<void> {
    await this.deps.conversations.appendTranscript(conversation.conversationId, {
      at: this.now().toISOString(),
      direction: 'outbound',
      author,
      text,
      messageId,
    });
  }
}
