import type { SmaAction, SmaActionParameters, SmaActionType } from './action-schemas';

type Duration = number | string;
/** Pause takes its duration under exactly one of the two spellings found in AWS material. */
export type PauseParameters = { CallId?: string; ParticipantTag?: 'LEG-A' | 'LEG-B' } & (
  | { DurationInMilliseconds: Duration; DurationInMilliSeconds?: never }
  | { DurationInMilliSeconds: Duration; DurationInMilliseconds?: never }
);

/** One action of type T, as returned by its builder. */
export type SmaActionOf<T extends SmaActionType> = Extract<SmaAction, { Type: T }>;

/** Drops `undefined` members so the JSON sent to the service holds only what the handler set. */
function compact<T extends object>(parameters: T): T {
  return Object.fromEntries(Object.entries(parameters).filter(([, value]) => value !== undefined)) as T;
}

function builder<T extends SmaActionType>(type: T) {
  return (parameters: SmaActionParameters<T>): SmaActionOf<T> => ({ Type: type, Parameters: compact(parameters) }) as unknown as SmaActionOf<T>;
}

/**
 * Typed builders for every documented PSTN audio action. Parameters keep the documented PascalCase
 * names, so the AWS pages read one-to-one against handler code:
 *
 * ```ts
 * smaResponse([
 *   actions.speak({ CallId: legA(event).CallId, Text: 'Connecting you now.' }),
 *   actions.callAndBridge({ CallerIdNumber: from, Endpoints: [{ BridgeEndpointType: 'PSTN', Uri: to }] }),
 * ]);
 * ```
 */
export const actions = {
  speak: builder('Speak'),
  speakAndGetDigits: builder('SpeakAndGetDigits'),
  playAudio: builder('PlayAudio'),
  playAudioAndGetDigits: builder('PlayAudioAndGetDigits'),
  callAndBridge: builder('CallAndBridge'),
  /** Hangs up a leg; with no parameters the service hangs up the leg that invoked the Lambda. */
  hangup: (parameters: SmaActionParameters<'Hangup'> = {}): SmaActionOf<'Hangup'> => builder('Hangup')(parameters),
  /** Pauses for `DurationInMilliseconds` (the guide's Pause page spells it `DurationInMilliSeconds`). */
  pause: (parameters: PauseParameters): SmaActionOf<'Pause'> => builder('Pause')(parameters),
  receiveDigits: builder('ReceiveDigits'),
  sendDigits: builder('SendDigits'),
  recordAudio: builder('RecordAudio'),
  startCallRecording: builder('StartCallRecording'),
  stopCallRecording: builder('StopCallRecording'),
  pauseCallRecording: builder('PauseCallRecording'),
  resumeCallRecording: builder('ResumeCallRecording'),
  voiceFocus: builder('VoiceFocus'),
  joinChimeMeeting: builder('JoinChimeMeeting'),
  modifyChimeMeetingAttendees: builder('ModifyChimeMeetingAttendees'),
  startBotConversation: builder('StartBotConversation'),
} as const;
