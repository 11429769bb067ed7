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

const E164_ADDRESS = /^(?:(?:sips?|tel):)?(\+[1-9]\d{6,14})(?:[@;>].*)?$/i;

/**
 * The E.164 number of a leg's `From` or `To`, read from a plain number, a `tel:` URI or a SIP URI whose
 * user part is a number (`sip:+18005550100@10.0.0.1`); `undefined` for a withheld caller ("anonymous"),
 * an extension or anything else. What CallAndBridge's CallerIdNumber can carry.
 */
export function e164Address(value: string | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  const match = E164_ADDRESS.exec(value.trim());
  return match?.[1];
}

/**
 * The caller id a CallAndBridge presents, always E.164: LEG-A's From when it is a number (the caller),
 * else the number that was dialled (ours), else `fallback` (a number of the account, from config).
 * `undefined` when none is a number — the handler must then not bridge.
 */
export function bridgeCallerId(
  caller: { From?: string | undefined; To?: string | undefined },
  options: { preferCaller?: boolean; fallback?: string | undefined } = {},
): string | undefined {
  const from = e164Address(caller.From);
  const to = e164Address(caller.To);
  const fallback = e164Address(options.fallback);
  return options.preferCaller === false ? (to ?? fallback) : (from ?? to ?? fallback);
}

/** A bridge is up when both the caller's leg and the bridged leg report `Connected`. */
export function bridgeEstablished(
  legs: ReadonlyArray<{
    participantTag?: string | undefined;
    ParticipantTag?: string | undefined;
    status?: string | undefined;
    Status?: string | undefined;
  }>,
): boolean {
  const connected = (tag: string) =>
    legs.some((leg) => (leg.participantTag ?? leg.ParticipantTag)?.toUpperCase() === tag && (leg.status ?? leg.Status) === 'Connected');
  return connected('LEG-A') && connected('LEG-B');
}
