/**
 * The Connect chat plumbing of a conversation: starting the chat contact (IVR context as attributes), streaming it
 * to SNS, connecting as the customer, keeping the participant and connection tokens encrypted at rest, refreshing
 * an expired connection, relaying the customer's texts into the chat and disconnecting at the end.
 */
import { transition, type Conversation } from '../domain/conversation.ts';
import { ChatEndedError } from '../domain/ports.ts';
import { errorText, say, Transcript, type SmsContext } from './conversation-kit.ts';

export class ChatSession {
  private readonly transcript: Transcript;

  constructor(private readonly context: SmsContext) {
    this.transcript = new Transcript(context);
  }

  private get deps() {
    return this.context.deps;
  }

  /**
   * YES (or a resumed opt-in): starts the Connect chat, links it to the conversation, streams it to SNS, connects as
   * the customer, saves the conversation in `bot` and texts `welcome`. Every Connect call carries a client token
   * derived from the conversation, so a retried step opens no second chat.
   */
  async start(conversation: Conversation, welcome: { text: string; messageId: string }): Promise<Conversation> {
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
    const started = await this.deps.chat.startChat({
      clientToken: conversation.conversationId,
      displayName: this.context.options.chatDisplayName,
      attributes,
    });
    // Link before streaming starts, so the first streamed item already finds its conversation.
    await this.deps.conversations.linkContact(started.contactId, conversation.phoneNumber, conversation.conversationId);
    await this.deps.chat.startStreaming({ contactId: started.contactId, clientToken: `stream-${conversation.conversationId}` });
    const connection = await this.deps.chat.createConnection(started.participantToken);
    const encryptionContext = { conversationId: conversation.conversationId };
    const now = this.deps.clock.now();
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
    await say(this.context, this.transcript, { phoneNumber: saved.phoneNumber, conversation: saved }, { author: 'service', ...welcome });
    return saved;
  }

  /** Posts a customer text (or a note) into the chat. ClientToken = the message id: a retried relay is not shown twice. */
  async relay(conversation: Conversation, text: string, clientToken: string): Promise<void> {
    const connection = await this.connection(conversation);
    try {
      await this.deps.chat.sendMessage({ connectionToken: connection.token, text, clientToken });
    } catch (error) {
      if (!(error instanceof ChatEndedError)) throw error;
      // The connection may be what expired, not the chat: one fresh connection from the participant token (which
      // throws ChatEndedError itself when the chat is gone), then the message again.
      const fresh = await this.connection(conversation, { refresh: true });
      await this.deps.chat.sendMessage({ connectionToken: fresh.token, text, clientToken });
    }
  }

  /** Leaves the chat as the customer. Never fails the caller: the conversation ends regardless (Connect times the chat out). */
  async disconnect(conversation: Conversation): Promise<void> {
    if (!conversation.connectionTokenCiphertext) return;
    try {
      const connection = await this.connection(conversation);
      await this.deps.chat.disconnect({ connectionToken: connection.token, clientToken: `end-${conversation.conversationId}` });
    } catch (error) {
      this.deps.log.warn('could not disconnect the chat participant', { conversationId: conversation.conversationId, error: errorText(error) });
    }
  }

  /** The decrypted connection token, recreated from the participant token when it has expired. */
  private async connection(conversation: Conversation, options: { refresh?: boolean } = {}): Promise<{ token: string }> {
    const context = { conversationId: conversation.conversationId };
    if (!conversation.connectionTokenCiphertext || !conversation.participantTokenCiphertext) {
      throw new Error(`conversation ${conversation.conversationId} has no chat connection`);
    }
    const expiresAt = conversation.connectionExpiresAt ? Date.parse(conversation.connectionExpiresAt) : Number.POSITIVE_INFINITY;
    if (!options.refresh && expiresAt - 60_000 > this.deps.clock.now().getTime()) {
      return { token: await this.deps.cipher.decrypt(conversation.connectionTokenCiphertext, context) };
    }
    const participantToken = await this.deps.cipher.decrypt(conversation.participantTokenCiphertext, context);
    const fresh = await this.deps.chat.createConnection(participantToken);
    // Updates the conversation in hand: every caller saves it (touch/transition copy these fields) right after.
    conversation.connectionTokenCiphertext = await this.deps.cipher.encrypt(fresh.connectionToken, context);
    conversation.connectionExpiresAt = fresh.expiresAt;
    return { token: fresh.connectionToken };
  }
}
