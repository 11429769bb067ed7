/**
 * The conversation state machine: one conversation per phone number.
 *
 *   offered ──YES──▶ opted-in ──chat started──▶ bot ──"agent"/unanswered──▶ queued ──agent joined──▶ agent
 *      │                 │                       │  └──────────agent joined───────────────────────────▲
 *      └─────────────────┴───────────────────────┴──── STOP / idle / chat ended / agent left ──▶ ended
 *
 * `opted-in` is a checkpoint: consent is persisted before Connect is called, so a Connect failure leaves a
 * conversation that the retry resumes (StartChatContact is idempotent by client token). Every write carries
 * `version` and is conditional on the version read, so two writers never silently overwrite each other.
 */

export const CONVERSATION_STATES = ['offered', 'opted-in', 'bot', 'queued', 'agent', 'ended'] as const;
export type ConversationState = (typeof CONVERSATION_STATES)[number];

export type EndReason =
  | 'opted-out'
  | 'idle'
  | 'chat-ended'
  | 'agent-left'
  | 'offer-expired'
  | 'closed-by-api'
  | 'undeliverable'
  /** The Connect chat had ended or expired without a stream event saying so (found when relaying failed). */
  | 'chat-expired'
  /** The opt-in offer could not be texted (provider failed on every attempt). */
  | 'offer-failed';

export interface ConversationContext {
  /** Ties the conversation to the call that asked for it (routing's correlation id). */
  correlationId: string;
  callId?: string;
  department?: string;
  language?: string;
  /** IVR context handed to the agent as Connect contact attributes. */
  attributes: Record<string, string>;
}

export interface Conversation {
  conversationId: string;
  phoneNumber: string;
  state: ConversationState;
  /** Incremented on every write; writes are conditional on the previous value. */
  version: number;
  context: ConversationContext;
  createdAt: string;
  updatedAt: string;
  lastActivityAt: string;
  /** Set once the opt-in text went out; a retried request re-sends it when missing. */
  offerSentAt?: string;
  /** Attempts at texting the offer that failed (the request gives up and reports the failure at the limit). */
  offerAttempts?: number;
  /** Who asked for the deflection (`switchboard.routing`, `api:<user>`), for spend limits and the failure report. */
  requestedBy?: string;
  /** Identity of the request (event id or API request id): the key its failure report is published under. */
  requestKey?: string;
  optedInAt?: string;
  escalatedAt?: string;
  agentJoinedAt?: string;
  agentName?: string;
  endedAt?: string;
  endReason?: EndReason;
  contactId?: string;
  /** KMS ciphertexts (base64) of the Connect participant and connection tokens — never stored in clear. */
  participantTokenCiphertext?: string;
  connectionTokenCiphertext?: string;
  connectionExpiresAt?: string;
  /** Consecutive questions the bot could not answer (escalates at the configured limit). */
  unansweredInARow: number;
  counters: { inbound: number; outbound: number; botAnswered: number; botUnanswered: number };
}

const transitions: Record<ConversationState, readonly ConversationState[]> = {
  offered: ['opted-in', 'ended'],
  'opted-in': ['bot', 'queued', 'agent', 'ended'],
  bot: ['queued', 'agent', 'ended'],
  queued: ['agent', 'ended'],
  agent: ['ended'],
  ended: [],
};

export class InvalidTransitionError extends Error {
  constructor(
    readonly from: ConversationState,
    readonly to: ConversationState,
  ) {
    super(`conversation cannot go from ${from} to ${to}`);
    this.name = 'InvalidTransitionError';
  }
}

export function canTransition(from: ConversationState, to: ConversationState): boolean {
  return transitions[from].includes(to);
}

export function isOpen(conversation: Pick<Conversation, 'state'> | undefined): boolean {
  return conversation !== undefined && conversation.state !== 'ended';
}

/** A chat contact exists (Connect was asked to start it) in these states. */
export function hasChat(conversation: Conversation): boolean {
  return conversation.contactId !== undefined && conversation.state !== 'ended';
}

export function newConversation(input: { conversationId: string; phoneNumber: string; context: ConversationContext; now: Date }): Conversation {
  const at = input.now.toISOString();
  return {
    conversationId: input.conversationId,
    phoneNumber: input.phoneNumber,
    state: 'offered',
    version: 0,
    context: input.context,
    createdAt: at,
    updatedAt: at,
    lastActivityAt: at,
    unansweredInARow: 0,
    counters: { inbound: 0, outbound: 0, botAnswered: 0, botUnanswered: 0 },
  };
}

/** Returns the conversation moved to `to` (a new object), or throws when the move is not allowed. */
export function transition(
  conversation: Conversation,
  to: ConversationState,
  now: Date,
  patch: Partial<Omit<Conversation, 'state' | 'version' | 'conversationId' | 'phoneNumber'>> = {},
): Conversation {
  if (!canTransition(conversation.state, to)) throw new InvalidTransitionError(conversation.state, to);
  const at = now.toISOString();
  const stamps: Partial<Conversation> = {};
  if (to === 'opted-in') stamps.optedInAt = at;
  if (to === 'queued') stamps.escalatedAt = at;
  if (to === 'agent') stamps.agentJoinedAt = at;
  if (to === 'ended') stamps.endedAt = at;
  return { ...conversation, ...stamps, ...patch, state: to, updatedAt: at, lastActivityAt: at };
}

/** Same state, new data (activity, counters, tokens). */
export function touch(
  conversation: Conversation,
  now: Date,
  patch: Partial<Omit<Conversation, 'state' | 'version' | 'conversationId' | 'phoneNumber'>> = {},
): Conversation {
  const at = now.toISOString();
  return { ...conversation, ...patch, updatedAt: at, lastActivityAt: at };
}

/** Idle limit per state: an unanswered offer lives longer than a chat nobody types in. */
export interface IdlePolicy {
  offerSeconds: number;
  conversationSeconds: number;
}

export function isIdle(conversation: Conversation, now: Date, policy: IdlePolicy): boolean {
  if (!isOpen(conversation)) return false;
  const limit = conversation.state === 'offered' ? policy.offerSeconds : policy.conversationSeconds;
  return now.getTime() - Date.parse(conversation.lastActivityAt) >= limit * 1000;
}
