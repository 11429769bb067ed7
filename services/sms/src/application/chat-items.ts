/**
 * An item from the Connect chat stream, in its mailbox turn: agent and system messages become texts, the agent
 * joining or leaving and the chat ending move the conversation (decided by domain/conversation-rules.ts).
 */
import { decideChatSignal } from '../domain/conversation-rules.ts';
import { isOpen, touch, transition, type Conversation } from '../domain/conversation.ts';
import type { MailboxPayload } from '../domain/ports.ts';
import { fill } from '../domain/texts.ts';
import type { ChatSession } from './chat-session.ts';
import { say, Transcript, type SmsContext } from './conversation-kit.ts';
import type { ConversationEnding } from './conversation-ending.ts';

type ChatPayload = Extract<MailboxPayload, { kind: 'chat' }>;

export class ChatItems {
  private readonly transcript: Transcript;

  constructor(
    private readonly context: SmsContext,
    private readonly chat: ChatSession,
    private readonly ending: ConversationEnding,
  ) {
    this.transcript = new Transcript(context);
  }

  async handle(conversation: Conversation | undefined, payload: ChatPayload): Promise<string> {
    const { deps, options } = this.context;
    const decision = decideChatSignal({
      conversation,
      conversationId: payload.conversationId,
      signal: payload.signal,
      prefixAgentName: options.prefixAgentName,
    });
    const now = deps.clock.now();
    const current = conversation as Conversation;
    switch (decision.kind) {
      case 'stale':
        return 'stale';
      case 'relay-to-sms': {
        const sent = await deps.texter.text(current.phoneNumber, decision.text);
        if (sent.suppressed) return 'suppressed-opted-out';
        const line = payload.signal.kind === 'message' ? payload.signal.text : decision.text;
        await this.transcript.outbound(current, decision.author, line, `chat#${payload.itemId}`);
        await deps.conversations.save(
          touch(current, now, { counters: { ...current.counters, outbound: current.counters.outbound + 1 } }),
          current.version,
        );
        return 'relayed-to-sms';
      }
      case 'already-with-agent':
        return 'already-with-agent';
      case 'agent-joined': {
        const joined = await deps.conversations.save(transition(current, 'agent', now, { agentName: decision.agentName }), current.version);
        await deps.metrics.increment('agentJoined', now);
        await say(
          this.context,
          this.transcript,
          { phoneNumber: joined.phoneNumber, conversation: joined },
          { author: 'service', text: fill(options.texts.agentJoined, { agent: decision.agentName }), messageId: `chat#${payload.itemId}` },
        );
        return 'agent-joined';
      }
      case 'end':
        await this.ending.end(current, decision.reason, { text: options.texts.closing, disconnect: decision.disconnect });
        return 'ended';
      default:
        return 'ignored';
    }
  }

  /** After every attempt at a chat item failed: the agent gets a note for a message; a join/leave/end ends the conversation. */
  async giveUp(conversation: Conversation | undefined, payload: ChatPayload): Promise<string> {
    const { options } = this.context;
    const current = conversation && isOpen(conversation) && conversation.conversationId === payload.conversationId ? conversation : undefined;
    if (!current) return 'undeliverable';
    if (payload.signal.kind === 'message') {
      await this.chat.relay(
        current,
        fill(options.texts.undeliverableToAgent, { text: payload.signal.text.slice(0, 200) }),
        `undeliverable#${payload.itemId}`,
      );
      return 'undeliverable';
    }
    await this.ending.end(current, 'undeliverable', { text: undefined, disconnect: false });
    return 'undeliverable';
  }
}
