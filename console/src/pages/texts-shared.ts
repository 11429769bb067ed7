import type { components } from '../api/generated/sms.ts';

export type Conversation = components['schemas']['Conversation'];

export const stateLabels: Record<Conversation['state'], string> = {
  offered: 'Offered',
  'opted-in': 'Opted in',
  bot: 'With the bot',
  queued: 'Waiting for an agent',
  agent: 'With an agent',
  ended: 'Ended',
};

export const stateIndicator: Record<Conversation['state'], 'pending' | 'info' | 'in-progress' | 'warning' | 'success' | 'stopped'> = {
  offered: 'pending',
  'opted-in': 'info',
  bot: 'in-progress',
  queued: 'warning',
  agent: 'success',
  ended: 'stopped',
};

/**
 * How long the customer has waited for a person: from escalation to the agent joining (or to now while
 * queued). Before escalation nobody is waiting; the bot answers at once.
 */
export function waitMs(conversation: Conversation, now: number): number | undefined {
  if (!conversation.escalatedAt) return undefined;
  const from = Date.parse(conversation.escalatedAt);
  const to = conversation.agentJoinedAt ? Date.parse(conversation.agentJoinedAt) : conversation.endedAt ? Date.parse(conversation.endedAt) : now;
  return to - from;
}
