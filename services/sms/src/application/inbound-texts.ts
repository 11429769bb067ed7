/**
 * A text from the handset, in its mailbox turn: the conversation rules decide (domain/conversation-rules.ts), this
 * carries the decision out — opt-out and opt-in, HELP, the offer, the FAQ bot, escalation, relaying into the chat —
 * and records every line the handset received in the transcript.
 *
 * A chat that ended or expired on the Connect side without a stream event saying so (ChatEndedError) is found when
 * a text cannot be relayed: the conversation is ended and a fresh chat started with the same context, so the
 * customer is never answered "could not pass on your last message" for every text that follows.
 */
import { decideBotAnswer, decideText } from '../domain/conversation-rules.ts';
import { isOpen, newConversation, touch, transition, type Conversation } from '../domain/conversation.ts';
import { classifyInbound } from '../domain/keywords.ts';
import { ChatEndedError, type BotAnswer } from '../domain/ports.ts';
import type { ChatSession } from './chat-session.ts';
import { errorText, say, Transcript, type SmsContext } from './conversation-kit.ts';
import type { ConversationEnding } from './conversation-ending.ts';

export class InboundTexts {
  private readonly transcript: Transcript;

  constructor(
    private readonly context: SmsContext,
    private readonly chat: ChatSession,
    private readonly ending: ConversationEnding,
  ) {
    this.transcript = new Transcript(context);
  }

  private get deps() {
    return this.context.deps;
  }

  private get texts() {
    return this.context.options.texts;
  }

  async handle(phoneNumber: string, conversation: Conversation | undefined, body: string, inboundMessageId: string): Promise<string> {
    const { deps, texts } = this;
    const intent = classifyInbound(body, { agentKeywords: this.context.options.agentKeywords });
    const now = deps.clock.now();
    const open = conversation && isOpen(conversation) ? conversation : undefined;
    // STOP and HELP are decided without the opt-out read: both are answered whatever the list says.
    const optedOut = intent.kind === 'stop' || intent.kind === 'help' ? false : await deps.optOuts.isOptedOut(phoneNumber);
    const decision = decideText({ intent, optedOut, conversation });
    const reply = (text: string, messageId: string, evenIfOptedOut = false) =>
      say(this.context, this.transcript, { phoneNumber, conversation: open }, { author: 'service', text, messageId, evenIfOptedOut });

    switch (decision.kind) {
      case 'opt-out': {
        await deps.optOuts.add({ phoneNumber, optedOutAt: now.toISOString(), keyword: decision.keyword, source: 'sms' });
        if (open) {
          await this.transcript.inbound(open, body, inboundMessageId);
          await this.ending.end(open, 'opted-out', { text: undefined, disconnect: true });
        }
        await deps.metrics.increment('optedOut', now);
        await deps.events.optedOut(
          { phoneNumber, keyword: decision.keyword, optedOutAt: now.toISOString(), ...(open ? { conversationId: open.conversationId } : {}) },
          conversation?.context.correlationId ?? inboundMessageId,
        );
        if (this.context.options.sendOptOutConfirmation) await deps.texter.text(phoneNumber, texts.optOutConfirmation, { evenIfOptedOut: true });
        return 'opted-out';
      }
      case 'help':
        if (open) await this.transcript.inbound(open, body, inboundMessageId);
        await reply(texts.help, `help#${inboundMessageId}`, true);
        return 'help';
      case 'opt-in':
        await deps.optOuts.remove(phoneNumber);
        // Routing keeps its own projection of who may be texted from SmsOptedOut / SmsOptedIn.
        await deps.events.optedIn(
          { phoneNumber, keyword: decision.keyword, optedInAt: now.toISOString() },
          conversation?.context.correlationId ?? inboundMessageId,
        );
        await deps.texter.text(phoneNumber, texts.resubscribed);
        return 'resubscribed';
      case 'ignore-opted-out':
        return 'ignored-opted-out';
      case 'no-conversation':
        await deps.texter.text(phoneNumber, texts.noConversation);
        return 'no-conversation';
      default:
        break;
    }

    const current = open as Conversation;
    await this.transcript.inbound(current, body, inboundMessageId);
    const counted = { ...current.counters, inbound: current.counters.inbound + 1 };
    switch (decision.kind) {
      case 'remind-offer':
        await reply(texts.offerReminder, `reminder#${inboundMessageId}`);
        await deps.conversations.save(touch(current, now, { counters: counted }), current.version);
        return 'offer-reminded';
      case 'accept': {
        const optedIn = await deps.conversations.save(transition(current, 'opted-in', now, { counters: counted }), current.version);
        await deps.metrics.increment('accepted', now);
        await this.chat.start(optedIn, { text: texts.welcome, messageId: `welcome#${optedIn.conversationId}` });
        return 'accepted';
      }
      case 'resume-chat': {
        // An earlier attempt persisted consent but did not get the chat started: resume.
        const started = await this.chat.start(touch(current, now, { counters: counted }), {
          text: texts.welcome,
          messageId: `welcome#${current.conversationId}`,
        });
        if (decision.then === 'nothing') return 'accepted';
        return this.withLiveChat(started, body, inboundMessageId, (live) => this.askBot(live, body, inboundMessageId, decision.wantsAgent));
      }
      case 'repeat-welcome':
        // The welcome may not have gone out (the attempt that started the chat failed after saving): repeat it.
        await reply(texts.welcome, `welcome-again#${inboundMessageId}`);
        await deps.conversations.save(touch(current, now, { counters: counted }), current.version);
        return 'welcome-repeated';
      case 'ask-bot':
        return this.withLiveChat(touch(current, now, { counters: counted }), body, inboundMessageId, (live) =>
          this.askBot(live, body, inboundMessageId, decision.wantsAgent),
        );
      case 'relay':
        return this.withLiveChat(current, body, inboundMessageId, async (live) => {
          await this.chat.relay(live, body, inboundMessageId);
          await deps.conversations.save(touch(live, now, { counters: { ...live.counters, inbound: live.counters.inbound + 1 } }), live.version);
          return 'relayed';
        });
      default:
        return 'ignored';
    }
  }

  /**
   * Runs `step`; when it finds the chat gone (ChatEndedError), ends the conversation, starts a fresh chat with the
   * same context — the customer's consent stands, they are writing in this thread — and runs `step` on it.
   */
  private async withLiveChat(
    conversation: Conversation,
    body: string,
    inboundMessageId: string,
    step: (live: Conversation) => Promise<string>,
  ): Promise<string> {
    try {
      return await step(conversation);
    } catch (error) {
      if (!(error instanceof ChatEndedError)) throw error;
      this.deps.log.warn('the Connect chat had ended or expired; starting a fresh one', {
        conversationId: conversation.conversationId,
        error: errorText(error),
      });
      const fresh = await this.restart(conversation, inboundMessageId);
      await this.transcript.inbound(fresh, body, inboundMessageId);
      const outcome = await step(fresh);
      return `chat-restarted:${outcome}`;
    }
  }

  private async restart(conversation: Conversation, inboundMessageId: string): Promise<Conversation> {
    const { deps } = this;
    const ended = await this.ending.end(conversation, 'chat-expired', { text: undefined, disconnect: false });
    await deps.conversations.archive(ended);
    const now = deps.clock.now();
    const created = await deps.conversations.create(
      {
        ...newConversation({ conversationId: deps.newId(), phoneNumber: ended.phoneNumber, context: ended.context, now }),
        ...(ended.requestKey ? { requestKey: ended.requestKey } : {}),
        ...(ended.requestedBy ? { requestedBy: ended.requestedBy } : {}),
        offerSentAt: ended.offerSentAt ?? now.toISOString(),
      },
      ended.version,
    );
    const optedIn = await deps.conversations.save(transition(created, 'opted-in', now), created.version);
    let started = await this.chat.start(optedIn, { text: this.texts.chatRestarted, messageId: `restarted#${inboundMessageId}` });
    // Someone who was waiting for (or talking to) an agent goes straight back to the agent queue.
    if (conversation.state === 'queued' || conversation.state === 'agent') {
      started = await deps.conversations.save(transition(started, 'queued', deps.clock.now()), started.version);
    }
    return started;
  }

  /** The FAQ bot's turn (the question is posted into the chat as well, so the agent sees it on pick-up). */
  private async askBot(conversation: Conversation, body: string, inboundMessageId: string, wantsAgent: boolean): Promise<string> {
    const { deps, texts } = this;
    const now = deps.clock.now();
    await this.chat.relay(conversation, body, inboundMessageId);
    if (conversation.state !== 'bot') {
      // Restarted for a customer who was already queued: the text is in the chat, the agent answers.
      await deps.conversations.save(
        touch(conversation, now, { counters: { ...conversation.counters, inbound: conversation.counters.inbound + 1 } }),
        conversation.version,
      );
      return 'relayed';
    }
    if (wantsAgent) {
      await this.escalate(conversation);
      return 'escalated';
    }
    let answer: BotAnswer;
    try {
      answer = await deps.bot.ask({
        sessionId: conversation.conversationId,
        text: body,
        ...(conversation.context.language ? { language: conversation.context.language } : {}),
      });
    } catch (error) {
      // A bot that cannot answer (no version published yet, throttled) must not hold the conversation up:
      // the question counts as unanswered and the customer is offered an agent.
      deps.log.warn('FAQ bot failed; treating the question as unanswered', { error: errorText(error) });
      answer = { answered: false };
    }
    const decision = decideBotAnswer({
      answer: answer.answered ? answer.answer : undefined,
      unansweredInARow: conversation.unansweredInARow,
      maxUnansweredBeforeEscalation: this.context.options.maxUnansweredBeforeEscalation,
    });
    const to = { phoneNumber: conversation.phoneNumber, conversation };
    if (decision.kind === 'answered') {
      await say(this.context, this.transcript, to, { author: 'bot', text: decision.answer, messageId: `bot#${inboundMessageId}` });
      await deps.metrics.increment('answeredByBot', now);
      await deps.conversations.save(
        touch(conversation, now, {
          unansweredInARow: 0,
          counters: { ...conversation.counters, outbound: conversation.counters.outbound + 1, botAnswered: conversation.counters.botAnswered + 1 },
        }),
        conversation.version,
      );
      return 'answered-by-bot';
    }
    await deps.faq.countUnanswered(body, now.toISOString());
    await deps.metrics.increment('unanswered', now);
    const unanswered = touch(conversation, now, {
      unansweredInARow: conversation.unansweredInARow + 1,
      counters: { ...conversation.counters, botUnanswered: conversation.counters.botUnanswered + 1 },
    });
    if (decision.kind === 'escalate-unanswered') {
      await this.escalate(unanswered, conversation.version);
      return 'escalated-unanswered';
    }
    // The bot's "Sorry, I don't know that one" reached the handset: it is the bot's line in the transcript.
    await say(this.context, this.transcript, to, { author: 'bot', text: texts.unanswered, messageId: `bot#${inboundMessageId}` });
    await deps.conversations.save(
      touch(unanswered, now, { counters: { ...unanswered.counters, outbound: unanswered.counters.outbound + 1 } }),
      conversation.version,
    );
    return 'unanswered';
  }

  private async escalate(conversation: Conversation, expectedVersion = conversation.version): Promise<void> {
    const { deps, texts } = this;
    const now = deps.clock.now();
    const queued = await deps.conversations.save(transition(conversation, 'queued', now), expectedVersion);
    await deps.metrics.increment('escalated', now);
    await say(
      this.context,
      this.transcript,
      { phoneNumber: queued.phoneNumber, conversation: queued },
      { author: 'service', text: texts.escalating, messageId: `escalating#${queued.conversationId}` },
    );
  }

  /** After every attempt at a text failed: the customer is told (once), the mailbox moves on. */
  async giveUp(phoneNumber: string, conversation: Conversation | undefined, inboundMessageId: string): Promise<string> {
    await say(
      this.context,
      this.transcript,
      { phoneNumber, conversation: conversation && isOpen(conversation) ? conversation : undefined },
      { author: 'service', text: this.texts.undeliverable, messageId: `undeliverable#${inboundMessageId}` },
    );
    return 'undeliverable';
  }
}
