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
import { actions, legA, legB, transactionAttributes, type SmaAction, type SmaEvent } from '@switchboard/shared/chime';
import { e164Pattern, type Destination, type Forward } from './forward.ts';
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
  return legA(event).To;
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
    .filter((d) => e164Pattern.test(d.number));
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
  if (text.includes('notanswered') || text.includes('not answered') || text.includes('noanswer') || text.includes('no answer') || sip === '480' || sip === '408' || sip === '487') {
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

function callerIdFor(forward: Forward, event: SmaEvent): string {
  const caller = legA(event);
  // Showing the real caller is allowed for PSTN bridges (the From of LEG-A); a withheld or malformed caller ID
  // cannot be presented, so the forwarded number stands in for it.
  if (forward.callerId === 'original-caller' && e164Pattern.test(caller.From)) return caller.From;
  return caller.To;
}

/**
 * The decision for one invocation. `lookup` matters only for NEW_INBOUND_CALL (see `needsLookup`).
 */
export function decide(event: SmaEvent, lookup: ForwardLookup | undefined, now: Date, prompts: PromptSettings): SmaDecision {
  const attributes = transactionAttributes(event);
  const callerLeg = legA(event);
  const callId = callerLeg.CallId;
  const forwarded = attributes[A.forwarded] ?? callerLeg.To;
  const state = attributes[A.state] as CallState | undefined;
  const destinations = decodeDestinations(attributes[A.destinations]);
  const index = Number(attributes[A.index] ?? '0') || 0;
  const message = attributes[A.message];

  const fact = (outcome: CallOutcome, destinationIndex: number | null, endedBy: CallForwardedFact['endedBy'], fromMs = startedAtMs(event)): CallForwardedFact => ({
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
      const base = { [A.forwarded]: callerLeg.To };
      if (!lookup || lookup.kind === 'unavailable') {
        return { actions: unableToConnect(callId, prompts, undefined), transactionAttributes: { ...base, [A.state]: 'closing' }, fact: fact('failed', null, 'platform') };
      }
      const forward = lookup.kind === 'found' ? lookup.forward : undefined;
      if (!forward || !forward.enabled || forward.destinations.length === 0 || !scheduleApplies(forward.schedule, now)) {
        const text = forward?.noAnswerMessage;
        return {
          actions: unableToConnect(callId, prompts, text),
          transactionAttributes: { ...base, [A.state]: 'closing' },
          fact: fact('notForwarded', null, 'platform'),
        };
      }
      const callerId = callerIdFor(forward, event);
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
      if (type === 'CallAndBridge' && state === 'ringing') {
        const callee = legB(event);
        if (attributes[A.screening] === '1' && callee) {
          return { actions: [screeningPrompt(callee.CallId, forwarded, prompts)], transactionAttributes: { ...attributes, [A.state]: 'screening' } };
        }
        return { actions: [], transactionAttributes: { ...attributes, [A.state]: 'connected', [A.bridgedAt]: String(now.getTime()) } };
      }
      if (type === 'SpeakAndGetDigits' && state === 'screening') {
        if (event.ActionData.ReceivedDigits === screeningDigit) {
          return { actions: [], transactionAttributes: { ...attributes, [A.state]: 'connected', [A.bridgedAt]: String(now.getTime()) } };
        }
        return refuse();
      }
      return { actions: [] };
    }

    case 'ACTION_FAILED': {
      const type = event.ActionData.Type;
      if (type === 'CallAndBridge' && state === 'ringing') return moveOn(classifyBridgeFailure(event));
      if (type === 'SpeakAndGetDigits' && state === 'screening') return refuse();
      if (type === 'PlayAudio' && state === 'closing') {
        // The recorded prompt could not be played (bucket policy, missing key): say it with Polly instead.
        return {
          actions: [
            actions.speak({ CallId: callId, Text: 'We were unable to connect your call. Goodbye.', Engine: 'neural', LanguageCode: prompts.languageCode, VoiceId: prompts.voiceId }),
            actions.hangup({ CallId: callId, SipResponseCode: '0' }),
          ],
          transactionAttributes: attributes,
        };
      }
      if (state === 'connected' || state === 'screening') return { actions: [] };
      if (type === 'Speak' || type === 'PlayAudio') {
        // Even the apology failed: end the call rather than leave the caller on an open, silent line.
        return { actions: [actions.hangup({ CallId: callId, SipResponseCode: '0' })], transactionAttributes: { ...attributes, [A.state]: 'closing' } };
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
        return { actions: hangUpOther, transactionAttributes: { ...attributes, [A.state]: 'closing' }, fact: fact('answered', index, 'destination', bridgedAt) };
      }
      // The destination hung up while being screened: treat it as a refusal and move on.
      if (state === 'screening') return moveOn('refused');
      // LEG-B gone while we were moving on (we hung it up after a refusal): nothing to do.
      return { actions: [], transactionAttributes: attributes };
    }

    case 'INVALID_LAMBDA_RESPONSE':
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

/** The answer when anything went wrong before a decision could be made: valid, and never silence. */
export function fallbackActions(invocationEventType: unknown, callerCallId: string | undefined, prompts: PromptSettings): SmaAction[] {
  const quiet = ['HANGUP', 'RINGING', 'CALL_ANSWERED', 'ACTION_INTERRUPTED', 'DIGITS_RECEIVED', 'ACTION_SUCCESSFUL', 'CALL_UPDATE_REQUESTED', 'NEW_OUTBOUND_CALL'];
  if (typeof invocationEventType === 'string' && quiet.includes(invocationEventType)) return [];
  if (callerCallId) return unableToConnect(callerCallId, prompts, undefined);
  return [actions.hangup({})];
}
