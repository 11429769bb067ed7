/**
 * What the SIP media application does on every invocation of a call to a forwarded number. Pure: the handler
 * looks the forward up, passes it in with the time, and maps the decision to a response.
 *
 * The call's state rides in transaction attributes (echoed back by the service on every invocation), so each
 * event is decided from the event alone — no table read after the first, and the destination list cannot change
 * under a call that is already ringing through it.
 *
 * Flows:
 * - NEW_INBOUND_CALL with an active forward → CallAndBridge to destination 1 (please-wait ringback, chosen caller ID)
 * - CallAndBridge fails (busy, no answer, …) → the next destination → after the last, the message and Hangup
 * - screening: when a destination answers it hears "press 1"; anything else (a voicemail) moves on to the next
 * - no active forward (none, disabled, outside its schedule) → the message and Hangup
 * - HANGUP by either side → hang up the other leg
 * - everything else (RINGING, CALL_ANSWERED, DIGITS_RECEIVED, …) → an empty, valid action list
 */
import {
  actions,
  bridgeCallerId,
  e164Address,
  bridgeEstablished,
  legA,
  legB,
  transactionAttributes,
  type SmaAction,
  type SmaEvent,
  type SmaEventSalvage,
} from '@switchboard/shared/chime';
import { isE164 } from '@switchboard/shared/phone';
import type { Destination, Forward } from './forward.ts';
import { scheduleApplies } from './schedule.ts';

export interface PromptSettings {
  /** S3 bucket (same account as the SMA, readable by voiceconnector.chime.amazonaws.com) holding the prompts. */
  bucket: string;
  /** Ringback the caller hears while a destination rings. */
  pleaseWaitKey: string;
  /** "We were unable to connect your call." */
  unableToConnectKey: string;
  /** Polly voice for spoken texts (custom no-answer message, screening prompt). */
  voiceId: string;
  languageCode: string;
}

/** Outcome names of the CallForwarded contract. */
export type CallOutcome = 'answered' | 'busy' | 'noAnswer' | 'refused' | 'notForwarded' | 'failed';

export interface CallForwardedFact {
  callId: string;
  phoneNumber: string;
  destinationIndex: number | null;
  outcome: CallOutcome;
  durationSeconds: number;
  endedBy: 'caller' | 'destination' | 'platform';
}

export interface SmaDecision {
  actions: SmaAction[];
  transactionAttributes?: Record<string, string>;
  /** Set once per call, when its outcome is known. */
  fact?: CallForwardedFact;
}

/** The forward lookup as the handler saw it: found, absent, or failed (timeout, throttling). */
export type ForwardLookup = { kind: 'found'; forward: Forward } | { kind: 'absent' } | { kind: 'unavailable' };

/** Call states kept in the `st` attribute. */
type CallState = 'ringing' | 'screening' | 'connected' | 'closing';

/** Attribute keys (the service allows 10; these are 8). */
const A = {
  forwarded: 'fwd',
  destinations: 'dst',
  index: 'idx',
  callerId: 'cid',
  screening: 'scr',
  message: 'msg',
  state: 'st',
  bridgedAt: 'tb',
} as const;

export const screeningDigit = '1';

/** The number the SMA looks up on NEW_INBOUND_CALL: the dialled number of the caller's leg. */
export function forwardedNumberOf(event: SmaEvent): string {
  const to = legA(event).To;
  // A call that reaches the SMA through a SIP rule may carry the number as a SIP or tel: URI.
  return e164Address(to) ?? to;
}

export function needsLookup(event: SmaEvent): boolean {
  return event.InvocationEventType === 'NEW_INBOUND_CALL';
}

function encodeDestinations(destinations: Destination[]): string {
  return destinations.map((d) => `${d.number}~${d.ringTimeoutSeconds}`).join('|');
}

function decodeDestinations(encoded: string | undefined): Destination[] {
  if (!encoded) return [];
  return encoded
    .split('|')
    .map((part) => {
      const [number, timeout] = part.split('~');
      return { number: number ?? '', ringTimeoutSeconds: Math.min(120, Math.max(1, Number(timeout) || 25)) };
    })
    .filter((d) => isE164(d.number));
}

function unableToConnect(callId: string, prompts: PromptSettings, message: string | undefined): SmaAction[] {
  const say = message
    ? actions.speak({ CallId: callId, Text: message, Engine: 'neural', LanguageCode: prompts.languageCode, VoiceId: prompts.voiceId })
    : actions.playAudio({ CallId: callId, AudioSource: { Type: 'S3', BucketName: prompts.bucket, Key: prompts.unableToConnectKey } });
  return [say, actions.hangup({ CallId: callId, SipResponseCode: '0' })];
}

function bridgeTo(destination: Destination, callerId: string, prompts: PromptSettings): SmaAction {
  return actions.callAndBridge({
    CallTimeoutSeconds: destination.ringTimeoutSeconds,
    CallerIdNumber: callerId,
    RingbackTone: { Type: 'S3', BucketName: prompts.bucket, Key: prompts.pleaseWaitKey },
    Endpoints: [{ BridgeEndpointType: 'PSTN', Uri: destination.number }],
  });
}

function screeningPrompt(callId: string, forwarded: string, prompts: PromptSettings): SmaAction {
  const speech = (text: string) => ({ Text: text, Engine: 'neural' as const, LanguageCode: prompts.languageCode, VoiceId: prompts.voiceId });
  // Digits spoken one by one ("5 5 5 0 1 0 0") so Polly does not read a phone number as an amount.
  const lastFour = forwarded.slice(-4).split('').join(' ');
  return actions.speakAndGetDigits({
    CallId: callId,
    SpeechParameters: speech(`You have a forwarded call for the number ending in ${lastFour}. Press ${screeningDigit} to accept it.`),
    FailureSpeechParameters: speech(`Press ${screeningDigit} to accept the call.`),
    MinNumberOfDigits: 1,
    MaxNumberOfDigits: 1,
    InputDigitsRegex: `^${screeningDigit}$`,
    Repeat: 2,
    InBetweenDigitsDurationInMilliseconds: 5000,
    RepeatDurationInMilliseconds: 6000,
  });
}

/** Busy and no-answer are told apart by the error type, message or SIP code the service reports. */
export function classifyBridgeFailure(event: SmaEvent): 'busy' | 'noAnswer' | 'failed' {
  const data = event.ActionData;
  const parameters = (data?.Parameters ?? {}) as Record<string, unknown>;
  const text = `${data?.ErrorType ?? ''} ${data?.ErrorMessage ?? ''}`.toLowerCase();
  const sip = String(parameters.SipResponseCode ?? (data as Record<string, unknown> | undefined)?.SipResponseCode ?? '');
  if (text.includes('busy') || sip === '486' || sip === '600') return 'busy';
  if (
    text.includes('notanswered') ||
    text.includes('not answered') ||
    text.includes('noanswer') ||
    text.includes('no answer') ||
    sip === '480' ||
    sip === '408' ||
    sip === '487'
  ) {
    return 'noAnswer';
  }
  return 'failed';
}

function startedAtMs(event: SmaEvent): number | undefined {
  const start = Number(legA(event).StartTimeInMilliseconds);
  return Number.isFinite(start) && start > 0 ? start : undefined;
}

function secondsBetween(fromMs: number | undefined, now: Date): number {
  if (fromMs === undefined) return 0;
  return Math.max(0, Math.round((now.getTime() - fromMs) / 100) / 10);
}

function callerIdFor(forward: Forward, event: SmaEvent): string | undefined {
  // Showing the real caller is allowed for PSTN bridges (the From of LEG-A); a withheld or malformed caller ID
  // cannot be presented, so the forwarded number stands in for it — read as E.164 even from a SIP or tel: URI.
  return bridgeCallerId(legA(event), { preferCaller: forward.callerId === 'original-caller' });
}

/**
 * The decision for one invocation. `lookup` matters only for NEW_INBOUND_CALL (see `needsLookup`).
 */
export function decide(event: SmaEvent, lookup: ForwardLookup | undefined, now: Date, prompts: PromptSettings): SmaDecision {
  const attributes = transactionAttributes(event);
  const callerLeg = legA(event);
  const callId = callerLeg.CallId;
  const forwarded = attributes[A.forwarded] ?? forwardedNumberOf(event);
  const state = attributes[A.state] as CallState | undefined;
  /** The caller is talking to a destination that accepted the call: only a hang-up changes that. */
  const bridged = state === 'connected' || (state === undefined && bridgeEstablished(event.CallDetails.Participants));
  const destinations = decodeDestinations(attributes[A.destinations]);
  const index = Number(attributes[A.index] ?? '0') || 0;
  const message = attributes[A.message];

  const fact = (
    outcome: CallOutcome,
    destinationIndex: number | null,
    endedBy: CallForwardedFact['endedBy'],
    fromMs = startedAtMs(event),
  ): CallForwardedFact => ({
    callId,
    phoneNumber: forwarded,
    destinationIndex,
    outcome,
    durationSeconds: secondsBetween(fromMs, now),
    endedBy,
  });
  const closing = (extra: Partial<SmaDecision> = {}): SmaDecision => ({
    actions: unableToConnect(callId, prompts, message),
    transactionAttributes: { ...attributes, [A.state]: 'closing' },
    ...extra,
  });
  /** After destination `index` failed with `outcome`: ring the next one, or give up politely. */
  const moveOn = (outcome: CallOutcome, before: SmaAction[] = []): SmaDecision => {
    const next = index + 1;
    const destination = destinations[next];
    if (destination) {
      return {
        actions: [...before, bridgeTo(destination, attributes[A.callerId] ?? forwarded, prompts)],
        transactionAttributes: { ...attributes, [A.index]: String(next), [A.state]: 'ringing' },
      };
    }
    return {
      actions: [...before, ...unableToConnect(callId, prompts, message)],
      transactionAttributes: { ...attributes, [A.state]: 'closing' },
      fact: fact(outcome, destinations.length > 0 ? index : null, 'platform'),
    };
  };

  switch (event.InvocationEventType) {
    case 'NEW_INBOUND_CALL': {
      const base = { [A.forwarded]: forwarded };
      if (!lookup || lookup.kind === 'unavailable') {
        return {
          actions: unableToConnect(callId, prompts, undefined),
          transactionAttributes: { ...base, [A.state]: 'closing' },
          fact: fact('failed', null, 'platform'),
        };
      }
      const forward = lookup.kind === 'found' ? lookup.forward : undefined;
      if (!forward?.enabled || forward.destinations.length === 0 || !scheduleApplies(forward.schedule, now)) {
        const text = forward?.noAnswerMessage;
        return {
          actions: unableToConnect(callId, prompts, text),
          transactionAttributes: { ...base, [A.state]: 'closing' },
          fact: fact('notForwarded', null, 'platform'),
        };
      }
      const callerId = callerIdFor(forward, event);
      if (callerId === undefined) {
        // Neither the caller nor the dialled number is a number the bridge could present: no invalid CallAndBridge.
        return {
          actions: unableToConnect(callId, prompts, undefined),
          transactionAttributes: { ...base, [A.state]: 'closing' },
          fact: fact('failed', null, 'platform'),
        };
      }
      const next: Record<string, string> = {
        ...base,
        [A.destinations]: encodeDestinations(forward.destinations),
        [A.index]: '0',
        [A.callerId]: callerId,
        [A.screening]: forward.screening ? '1' : '0',
        [A.state]: 'ringing',
      };
      if (forward.noAnswerMessage) next[A.message] = forward.noAnswerMessage;
      return { actions: [bridgeTo(forward.destinations[0]!, callerId, prompts)], transactionAttributes: next };
    }

    case 'ACTION_SUCCESSFUL': {
      const type = event.ActionData.Type;
      if (bridged) return { actions: [] };
      if (type === 'CallAndBridge' && state === 'ringing') {
        const callee = legB(event);
        if (attributes[A.screening] === '1') {
          if (callee)
            return {
              actions: [screeningPrompt(callee.CallId, forwarded, prompts)],
              transactionAttributes: { ...attributes, [A.state]: 'screening' },
            };
          // Screening is on but the answering leg is not in the event: it cannot be asked to press 1, and an
          // unscreened bridge could be a voicemail. Drop it (by tag) and move on.
          return moveOn('failed', [actions.hangup({ ParticipantTag: 'LEG-B', SipResponseCode: '0' })]);
        }
        return { actions: [], transactionAttributes: { ...attributes, [A.state]: 'connected', [A.bridgedAt]: String(now.getTime()) } };
      }
      if (type === 'SpeakAndGetDigits' && state === 'screening') {
        if (event.ActionData.ReceivedDigits === screeningDigit) {
          return { actions: [], transactionAttributes: { ...attributes, [A.state]: 'connected', [A.bridgedAt]: String(now.getTime()) } };
        }
        return refuse();
      }
      // Closing: the apology and its Hangup are already running.
      if (state === 'closing') return { actions: [] };
      // Anything else (lost attributes, an action we did not send): never leave the caller on a silent line.
      return closing({ fact: fact('failed', destinations.length > 0 ? index : null, 'platform') });
    }

    case 'ACTION_FAILED': {
      const type = event.ActionData.Type;
      if (bridged) return { actions: [] };
      if (type === 'CallAndBridge' && state === 'ringing') return moveOn(classifyBridgeFailure(event));
      if (type === 'SpeakAndGetDigits' && state === 'screening') return refuse();
      if (type === 'PlayAudio' && state === 'closing') {
        // The recorded prompt could not be played (bucket policy, missing key): say it with Polly instead.
        return {
          actions: [
            actions.speak({
              CallId: callId,
              Text: 'We were unable to connect your call. Goodbye.',
              Engine: 'neural',
              LanguageCode: prompts.languageCode,
              VoiceId: prompts.voiceId,
            }),
            actions.hangup({ CallId: callId, SipResponseCode: '0' }),
          ],
          transactionAttributes: attributes,
        };
      }
      if (state === 'screening') return { actions: [] };
      if (type === 'Speak' || type === 'PlayAudio') {
        // Even the apology failed: end the call rather than leave the caller on an open, silent line.
        return {
          actions: [actions.hangup({ CallId: callId, SipResponseCode: '0' })],
          transactionAttributes: { ...attributes, [A.state]: 'closing' },
        };
      }
      // Any other failure (lost attributes, an action we did not expect): apologise and end the call.
      return closing();
    }

    case 'HANGUP': {
      const gone = event.CallDetails.Participants.find((p) => p.Status === 'Disconnected') ?? participantFromActionData(event) ?? callerLeg;
      const other = event.CallDetails.Participants.find((p) => p.CallId !== gone.CallId && p.Status !== 'Disconnected');
      const hangUpOther = other ? [actions.hangup({ CallId: other.CallId, SipResponseCode: '0' })] : [];
      const bridgedAt = Number(attributes[A.bridgedAt]) || undefined;
      if (state === 'closing') return { actions: hangUpOther, transactionAttributes: attributes };
      if (gone.ParticipantTag === 'LEG-A') {
        const outcome: CallOutcome = state === 'connected' ? 'answered' : state === 'screening' ? 'refused' : 'noAnswer';
        return {
          actions: hangUpOther,
          transactionAttributes: { ...attributes, [A.state]: 'closing' },
          ...(state ? { fact: fact(outcome, index, 'caller', state === 'connected' ? bridgedAt : undefined) } : {}),
        };
      }
      // LEG-B hung up.
      if (state === 'connected') {
        return {
          actions: hangUpOther,
          transactionAttributes: { ...attributes, [A.state]: 'closing' },
          fact: fact('answered', index, 'destination', bridgedAt),
        };
      }
      // The destination hung up while being screened: treat it as a refusal and move on.
      if (state === 'screening') return moveOn('refused');
      // LEG-B gone while we were moving on (we hung it up after a refusal): nothing to do.
      return { actions: [], transactionAttributes: attributes };
    }

    case 'INVALID_LAMBDA_RESPONSE':
      // A rejected answer about an established bridge changes nothing: the two parties keep talking.
      if (bridged) return { actions: [] };
      // The previous answer was rejected; the service keeps the caller on the line waiting for a valid one.
      if (state === 'closing') return { actions: [actions.hangup({ CallId: callId, SipResponseCode: '0' })] };
      return closing({ fact: fact('failed', destinations.length > 0 ? index : null, 'platform') });

    case 'NEW_OUTBOUND_CALL':
    case 'RINGING':
    case 'CALL_ANSWERED':
    case 'ACTION_INTERRUPTED':
    case 'DIGITS_RECEIVED':
    case 'CALL_UPDATE_REQUESTED':
      // Valid no-ops: the service continues with what it was doing.
      return { actions: [] };
  }

  function refuse(): SmaDecision {
    const callee = legB(event);
    const dropCallee = callee && callee.Status !== 'Disconnected' ? [actions.hangup({ CallId: callee.CallId, SipResponseCode: '0' })] : [];
    // State goes back to "ringing" before LEG-B's HANGUP arrives, so that HANGUP is not read as the call ending.
    const decision = moveOn('refused', dropCallee);
    return decision;
  }
}

function participantFromActionData(event: SmaEvent) {
  const callId = (event.ActionData?.Parameters as Record<string, unknown> | undefined)?.CallId;
  return typeof callId === 'string' ? event.CallDetails.Participants.find((p) => p.CallId === callId) : undefined;
}

/** Progress notifications: whatever we answered before is still running. */
const PROGRESS = ['RINGING', 'CALL_ANSWERED', 'ACTION_INTERRUPTED', 'DIGITS_RECEIVED', 'CALL_UPDATE_REQUESTED', 'NEW_OUTBOUND_CALL'];

/**
 * The answer when the event could not be read or deciding failed: valid, never silence for a caller who is
 * not bridged, and never an interruption of a bridge that is up.
 * - a bridge a destination accepted (our `st` says connected, or both legs are connected and we wrote no
 *   state): nothing;
 * - HANGUP: hang up the legs still connected;
 * - a progress notification: nothing (the previous actions are still running);
 * - anything else: a bridged leg that was never screened is dropped, and the caller hears the apology.
 */
export function fallbackActions(
  salvage: Pick<SmaEventSalvage, 'invocationEventType' | 'actionType' | 'legs' | 'transactionAttributes'>,
  prompts: PromptSettings,
): SmaAction[] {
  const state = salvage.transactionAttributes[A.state];
  const caller = salvage.legs.find((leg) => leg.participantTag === 'LEG-A') ?? salvage.legs[0];
  const callee = salvage.legs.find((leg) => leg.participantTag === 'LEG-B');
  const type = salvage.invocationEventType;
  if (type === 'HANGUP') {
    // The leg that left reads Disconnected; whoever is still connected is hung up with it.
    return salvage.legs.filter((leg) => leg.status === 'Connected').map((leg) => actions.hangup({ CallId: leg.callId, SipResponseCode: '0' }));
  }
  // A new call has no bridge yet, whatever its (malformed) legs say.
  // The service reporting that an unscreened bridge connected is the bridge coming up, however garbled the rest.
  const answered =
    type === 'ACTION_SUCCESSFUL' &&
    salvage.actionType === 'CallAndBridge' &&
    state === 'ringing' &&
    salvage.transactionAttributes[A.screening] !== '1';
  const established = type !== 'NEW_INBOUND_CALL' && (answered || state === 'connected' || (state === undefined && bridgeEstablished(salvage.legs)));
  if (established) return [];
  if (type !== undefined && PROGRESS.includes(type)) return [];
  const dropCallee = callee && callee.status !== 'Disconnected' ? [actions.hangup({ CallId: callee.callId, SipResponseCode: '0' })] : [];
  if (caller) return [...dropCallee, ...unableToConnect(caller.callId, prompts, undefined)];
  return [actions.hangup({})];
}
