/**
 * A simulated Amazon Connect instance for chat: the local stand-in behind the ChatGateway port
 * (StartChatContact, StartContactStreaming, CreateParticipantConnection, SendMessage, DisconnectParticipant)
 * and a simulated agent (see the queue, join, reply, end). Every chat item is streamed the way
 * StartContactStreaming streams it: an SNS message whose body is the chat item and whose `MessageVisibility`
 * attribute says who may see it — delivered to the real outbound handler.
 */
import { randomUUID } from 'node:crypto';
import type { SNSEvent } from 'aws-lambda';
import { ChatEndedError, type ChatGateway, type ChatStart } from '../../domain/ports.ts';
import { CHAT_EVENT, type ChatStreamItem } from '../../domain/stream-events.ts';
import { snsEvent } from './sns-delivery.ts';

export interface SimulatedContact {
  contactId: string;
  attributes: Record<string, string>;
  customerName: string;
  state: 'queued' | 'connected' | 'ended';
  agentName?: string;
  streaming: boolean;
  startedAt: string;
  transcript: ChatStreamItem[];
}

type Operation = 'startChat' | 'startStreaming' | 'createConnection' | 'sendMessage' | 'disconnect';

export class ConnectUnavailableError extends Error {
  override readonly name = 'ServiceUnavailableException';
}

export class SimulatedConnect implements ChatGateway {
  private readonly contacts = new Map<string, SimulatedContact>();
  private readonly byClientToken = new Map<string, ChatStart>();
  private readonly participantTokens = new Map<string, string>();
  private readonly connectionTokens = new Map<string, { contactId: string; expiresAt: number }>();
  private readonly sentClientTokens = new Set<string>();
  private readonly lastItemTime = new Map<string, number>();
  private readonly failures = new Map<Operation, number>();

  constructor(
    private readonly options: {
      topicArn: string;
      publish: (event: SNSEvent) => void;
      now?: () => Date;
      /** What the chat contact flow says when the contact enters the queue (a SYSTEM message). */
      queueGreeting?: string;
      connectionTtlSeconds?: number;
    },
  ) {}

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /** Makes the next `count` calls of an operation fail like a throttled or unavailable Connect. */
  failNext(operation: Operation, count: number): void {
    this.failures.set(operation, count);
  }

  private maybeFail(operation: Operation): void {
    const left = this.failures.get(operation) ?? 0;
    if (left > 0) {
      this.failures.set(operation, left - 1);
      throw new ConnectUnavailableError(`${operation}: Connect unavailable (simulated)`);
    }
  }

  async startChat(input: { clientToken: string; displayName: string; attributes: Record<string, string> }): Promise<ChatStart> {
    this.maybeFail('startChat');
    const existing = this.byClientToken.get(input.clientToken);
    if (existing) return existing; // ClientToken idempotency, as StartChatContact
    const contactId = randomUUID();
    const participantToken = `pt-${randomUUID()}`;
    this.contacts.set(contactId, {
      contactId,
      attributes: { ...input.attributes },
      customerName: input.displayName,
      state: 'queued',
      streaming: false,
      startedAt: this.now().toISOString(),
      transcript: [],
    });
    this.participantTokens.set(participantToken, contactId);
    const start = { contactId, participantToken };
    this.byClientToken.set(input.clientToken, start);
    return start;
  }

  async startStreaming(input: { contactId: string; clientToken: string }): Promise<void> {
    this.maybeFail('startStreaming');
    const contact = this.contact(input.contactId);
    if (contact.streaming) return;
    contact.streaming = true;
    if (this.options.queueGreeting)
      this.emit(
        contact,
        { Type: 'MESSAGE', ParticipantRole: 'SYSTEM', ContentType: 'text/plain', Content: this.options.queueGreeting, DisplayName: 'SYSTEM_MESSAGE' },
        'ALL',
      );
  }

  async createConnection(participantToken: string): Promise<{ connectionToken: string; expiresAt: string }> {
    this.maybeFail('createConnection');
    const contactId = this.participantTokens.get(participantToken);
    // What Connect answers (403 AccessDeniedException) once the chat is gone, as the port names it.
    if (!contactId || this.contacts.get(contactId)?.state === 'ended') throw new ChatEndedError('Invalid participant token: the chat has ended');
    const connectionToken = `ct-${randomUUID()}`;
    const expiresAt = this.now().getTime() + (this.options.connectionTtlSeconds ?? 86_400) * 1000;
    this.connectionTokens.set(connectionToken, { contactId, expiresAt });
    return { connectionToken, expiresAt: new Date(expiresAt).toISOString() };
  }

  private contactForConnection(connectionToken: string): SimulatedContact {
    const connection = this.connectionTokens.get(connectionToken);
    if (!connection || connection.expiresAt < this.now().getTime()) throw new ChatEndedError('Invalid or expired connection token');
    const contact = this.contacts.get(connection.contactId);
    if (!contact) throw new ChatEndedError(`contact ${connection.contactId} no longer exists`);
    return contact;
  }

  async sendMessage(input: { connectionToken: string; text: string; clientToken: string }): Promise<void> {
    this.maybeFail('sendMessage');
    const contact = this.contactForConnection(input.connectionToken);
    if (contact.state === 'ended') throw new ChatEndedError('Chat has ended');
    const key = `${contact.contactId}#${input.clientToken}`;
    if (this.sentClientTokens.has(key)) return;
    this.sentClientTokens.add(key);
    this.emit(
      contact,
      { Type: 'MESSAGE', ParticipantRole: 'CUSTOMER', ContentType: 'text/plain', Content: input.text, DisplayName: contact.customerName },
      'ALL',
    );
  }

  async disconnect(input: { connectionToken: string; clientToken: string }): Promise<void> {
    this.maybeFail('disconnect');
    const contact = this.contactForConnection(input.connectionToken);
    if (contact.state === 'ended') return;
    this.emit(
      contact,
      { Type: 'EVENT', ParticipantRole: 'CUSTOMER', ContentType: CHAT_EVENT.participantLeft, DisplayName: contact.customerName },
      'ALL',
    );
    this.finish(contact);
  }

  // ── The simulated agent ──────────────────────────────────────────────────────────────────────────────

  list(): SimulatedContact[] {
    return [...this.contacts.values()].map((contact) => structuredClone(contact));
  }

  get(contactId: string): SimulatedContact | undefined {
    const contact = this.contacts.get(contactId);
    return contact ? structuredClone(contact) : undefined;
  }

  join(contactId: string, agentName: string): void {
    const contact = this.contact(contactId);
    if (contact.state !== 'queued') throw new Error(`contact ${contactId} is ${contact.state}`);
    contact.state = 'connected';
    contact.agentName = agentName;
    this.emit(contact, { Type: 'EVENT', ParticipantRole: 'AGENT', ContentType: CHAT_EVENT.participantJoined, DisplayName: agentName }, 'ALL');
  }

  reply(contactId: string, text: string, visibility: 'ALL' | 'CUSTOMER' | 'AGENT' = 'ALL'): ChatStreamItem {
    const contact = this.contact(contactId);
    if (contact.state !== 'connected' || !contact.agentName) throw new Error(`no agent in contact ${contactId}`);
    return this.emit(
      contact,
      { Type: 'MESSAGE', ParticipantRole: 'AGENT', ContentType: 'text/plain', Content: text, DisplayName: contact.agentName },
      visibility,
    );
  }

  /**
   * The chat disappears without a word on the stream: what a restart of the local stage does to every chat (this
   * instance lives in memory), and what a chat that outlived ChatDurationInMinutes looks like when its end event
   * was lost. Every later participant call answers ChatEndedError.
   */
  vanish(contactId: string): void {
    const contact = this.contact(contactId);
    contact.state = 'ended';
    for (const [token, connection] of this.connectionTokens) if (connection.contactId === contactId) this.connectionTokens.delete(token);
  }

  /** The agent ends the chat: participant left, then chat ended (what Connect streams). */
  end(contactId: string): void {
    const contact = this.contact(contactId);
    if (contact.state === 'ended') return;
    if (contact.agentName)
      this.emit(contact, { Type: 'EVENT', ParticipantRole: 'AGENT', ContentType: CHAT_EVENT.participantLeft, DisplayName: contact.agentName }, 'ALL');
    this.finish(contact);
  }

  private finish(contact: SimulatedContact): void {
    this.emit(contact, { Type: 'EVENT', ParticipantRole: 'SYSTEM', ContentType: CHAT_EVENT.chatEnded, DisplayName: 'SYSTEM_MESSAGE' }, 'ALL');
    contact.state = 'ended';
  }

  private contact(contactId: string): SimulatedContact {
    const contact = this.contacts.get(contactId);
    if (!contact) throw Object.assign(new Error(`contact ${contactId} not found`), { name: 'ResourceNotFoundException' });
    return contact;
  }

  private emit(
    contact: SimulatedContact,
    partial: Omit<ChatStreamItem, 'Id' | 'AbsoluteTime' | 'ContactId'>,
    visibility: 'ALL' | 'CUSTOMER' | 'AGENT',
  ): ChatStreamItem {
    // Strictly increasing per contact (millisecond resolution, like Connect's AbsoluteTime).
    const at = Math.max(this.now().getTime(), (this.lastItemTime.get(contact.contactId) ?? 0) + 1);
    this.lastItemTime.set(contact.contactId, at);
    const item: ChatStreamItem = {
      ...partial,
      Id: randomUUID(),
      AbsoluteTime: new Date(at).toISOString(),
      ContactId: contact.contactId,
      InitialContactId: contact.contactId,
      ParticipantId: randomUUID(),
    };
    contact.transcript.push(item);
    if (contact.streaming) {
      this.options.publish(
        snsEvent({
          topicArn: this.options.topicArn,
          message: JSON.stringify(item),
          timestamp: new Date().toISOString(),
          attributes: {
            MessageVisibility: visibility,
            ContactId: item.ContactId,
            InitialContactId: item.InitialContactId ?? item.ContactId,
            Type: item.Type,
            ParticipantRole: item.ParticipantRole ?? '',
            ...(item.ContentType ? { ContentType: item.ContentType } : {}),
          },
        }),
      );
    }
    return item;
  }
}
