/**
 * Ending a conversation, whatever the cause (STOP, idle, the agent left, the chat ended or expired, a supervisor
 * closed it): leave the chat when asked, drop the Connect tokens, save it `ended`, publish SmsConversationEnded, and
 * text the closing line when there is one.
 */
import { hasChat, isOpen, transition, type Conversation, type EndReason } from '../domain/conversation.ts';
import { say, Transcript, withConflictRetry, type NarrowContext } from './conversation-kit.ts';

export type EndingContext = NarrowContext<'conversations' | 'metrics' | 'events' | 'clock' | 'texter', 'texts'>;

export class ConversationEnding {
  private readonly transcript: Transcript;

  constructor(
    private readonly context: EndingContext,
    /** Leaves the Connect chat (never throws); a function that never starts chats has none. */
    private readonly leaveChat?: (conversation: Conversation) => Promise<void>,
  ) {
    this.transcript = new Transcript(context);
  }

  async end(conversation: Conversation, reason: EndReason, options: { text: string | undefined; disconnect: boolean }): Promise<Conversation> {
    const { deps } = this.context;
    const now = deps.clock.now();
    if (options.disconnect && hasChat(conversation) && this.leaveChat) await this.leaveChat(conversation);
    const { participantTokenCiphertext: _p, connectionTokenCiphertext: _c, connectionExpiresAt: _e, ...withoutTokens } = conversation;
    const ended = await deps.conversations.save(transition(withoutTokens, 'ended', now, { endReason: reason }), conversation.version);
    await deps.metrics.increment('ended', now);
    await deps.events.conversationEnded(
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
      await say(
        this.context,
        this.transcript,
        { phoneNumber: ended.phoneNumber, conversation: ended },
        { author: 'service', text: options.text, messageId: `end#${ended.conversationId}` },
      );
    }
    return ended;
  }

  /** Ends a conversation from the API (a supervisor's action). Undefined when there is no such conversation. */
  async close(conversationId: string): Promise<Conversation | undefined> {
    const { deps, options } = this.context;
    return withConflictRetry(async () => {
      const found = await deps.conversations.findById(conversationId);
      if (!found) return undefined;
      const current = await deps.conversations.get(found.phoneNumber);
      if (!current || current.conversationId !== conversationId || !isOpen(current)) return found;
      return this.end(current, 'closed-by-api', { text: options.texts.closing, disconnect: true });
    });
  }
}
