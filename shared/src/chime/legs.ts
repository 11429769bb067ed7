import type { Participant, SmaEvent } from './event-schema';

/** The caller's leg (LEG-A). Every event has it: the service always reports the originating leg. */
export function legA(event: SmaEvent): Participant {
  const leg = event.CallDetails.Participants.find((participant) => participant.ParticipantTag === 'LEG-A');
  // The schema guarantees at least one participant; an event without LEG-A falls back to the first one.
  return leg ?? event.CallDetails.Participants[0]!;
}

/** The bridged leg (LEG-B), present once a CallAndBridge has dialled out. */
export function legB(event: SmaEvent): Participant | undefined {
  return event.CallDetails.Participants.find((participant) => participant.ParticipantTag === 'LEG-B');
}

/** The participant by call id. */
export function participant(event: SmaEvent, callId: string): Participant | undefined {
  return event.CallDetails.Participants.find((candidate) => candidate.CallId === callId);
}

/**
 * The leg on the other side of `callId` (LEG-A ↔ LEG-B), e.g. to hang up the caller when the
 * bridged party hangs up. Undefined when the call has a single leg or `callId` is not on it.
 */
export function otherLeg(event: SmaEvent, callId: string): Participant | undefined {
  const self = participant(event, callId);
  if (self === undefined) return undefined;
  return event.CallDetails.Participants.find((candidate) => candidate.CallId !== callId && candidate.ParticipantTag !== self.ParticipantTag);
}
