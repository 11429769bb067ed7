/**
 * The PSTN audio service, simulated for one call: it sends the real handler real-shaped invocation events, carries
 * out the actions it answers with (ringing destinations according to a script), echoes transaction attributes, and
 * writes down everything — the transcript a developer reads to see what a caller would have heard.
 *
 * It also watches for the two failures that matter on a phone line: an invalid response (answered with
 * INVALID_LAMBDA_RESPONSE, as the service does) and silence (the caller left on an open line with nothing going on).
 */
import { randomUUID } from 'node:crypto';
import { smaResponseSchema, type SmaResponse } from '@switchboard/shared/chime';

/** What happens at each destination the handler dials, in order. */
export type AnswerScript = 'busy' | 'no-answer' | 'answer' | 'voicemail';

export interface SimulatedCall {
  from: string;
  to: string;
  /** One entry per destination dialled; missing entries ring out (no-answer). `answer` presses 1 when screened. */
  answer: AnswerScript[];
  /** Who hangs up once the call is connected. @default 'caller' */
  hangup?: 'caller' | 'destination';
}

export interface TranscriptEntry {
  sequence: number;
  invocation: string;
  /** The action the invocation reports on (ACTION_SUCCESSFUL/ACTION_FAILED/HANGUP). */
  actionData?: string;
  detail?: string;
  actions: Array<{ type: string; summary: string }>;
}

export interface CallTranscript {
  callId: string;
  from: string;
  to: string;
  /** Where the number is routed: only `sip-media-application` calls reach the forwarding handler. */
  route: string;
  entries: TranscriptEntry[];
  /** Destinations dialled, with the caller ID each one saw. */
  dialled: Array<{ to: string; callerId: string; result: AnswerScript }>;
  /** What the caller heard (prompt keys and spoken texts). */
  heard: string[];
  connected: { destination: string; index: number } | null;
  /** The caller was left on an open line with no action under way. */
  silence: boolean;
  invalidResponses: number;
  endedBy: 'caller' | 'destination' | 'platform';
}

export type SmaInvoker = (event: unknown) => Promise<SmaResponse>;

interface Leg {
  CallId: string;
  ParticipantTag: 'LEG-A' | 'LEG-B';
  To: string;
  From: string;
  Direction: 'Inbound' | 'Outbound';
  StartTimeInMilliseconds: string;
  Status: 'Connected' | 'Disconnected';
}

const MAX_INVOCATIONS = 40;

export interface SimulatorOptions {
  sipMediaApplicationId: string;
  awsAccountId?: string;
  awsRegion?: string;
  now?: () => Date;
}

export async function simulateCall(call: SimulatedCall, invoke: SmaInvoker, options: SimulatorOptions): Promise<CallTranscript> {
  const now = options.now ?? (() => new Date());
  const transactionId = randomUUID();
  const legA: Leg = {
    CallId: randomUUID(),
    ParticipantTag: 'LEG-A',
    To: call.to,
    From: call.from,
    Direction: 'Inbound',
    StartTimeInMilliseconds: String(now().getTime()),
    Status: 'Connected',
  };
  let legB: Leg | undefined;
  let attributes: Record<string, string> | undefined;
  let sequence = 0;
  let dialIndex = 0;
  let currentScript: AnswerScript | undefined;
  const transcript: CallTranscript = {
    callId: legA.CallId,
    from: call.from,
    to: call.to,
    route: 'sip-media-application',
    entries: [],
    dialled: [],
    heard: [],
    connected: null,
    silence: false,
    invalidResponses: 0,
    endedBy: 'platform',
  };

  const event = (type: string, extra: Record<string, unknown> = {}) => ({
    SchemaVersion: '1.0',
    Sequence: ++sequence,
    InvocationEventType: type,
    ...extra,
    CallDetails: {
      TransactionId: transactionId,
      ...(attributes ? { TransactionAttributes: { ...attributes } } : {}),
      AwsAccountId: options.awsAccountId ?? '000000000000',
      AwsRegion: options.awsRegion ?? 'us-east-1',
      SipMediaApplicationId: options.sipMediaApplicationId,
      Participants: [legA, ...(legB ? [legB] : [])].map((leg) => ({ ...leg })),
    },
  });

  let next: Record<string, unknown> | undefined = event('NEW_INBOUND_CALL');
  let finished = false;

  while (next && sequence <= MAX_INVOCATIONS) {
    const current: Record<string, unknown> = next;
    next = undefined;
    const response = await invoke(current);
    const valid = smaResponseSchema.safeParse(response);
    const entry: TranscriptEntry = {
      sequence: current.Sequence as number,
      invocation: current.InvocationEventType as string,
      actions: valid.success ? valid.data.Actions.map((a) => ({ type: a.Type, summary: summarise(a) })) : [],
    };
    const data = current.ActionData as { Type?: string; ErrorType?: string; ReceivedDigits?: string } | undefined;
    if (data?.Type) entry.actionData = data.Type;
    if (data?.ErrorType) entry.detail = data.ErrorType;
    if (data?.ReceivedDigits) entry.detail = `digits ${data.ReceivedDigits}`;
    transcript.entries.push(entry);
    if (finished) break;
    if (!valid.success) {
      transcript.invalidResponses += 1;
      next = event('INVALID_LAMBDA_RESPONSE', { ErrorType: 'InvalidActionParameter', ErrorMessage: valid.error.message.slice(0, 200) });
      continue;
    }
    if (valid.data.TransactionAttributes) attributes = valid.data.TransactionAttributes;

    let hungUpByAction = false;
    for (const action of valid.data.Actions) {
      const parameters = action.Parameters as Record<string, unknown>;
      const target = (parameters.CallId as string | undefined) ?? legA.CallId;
      if (action.Type === 'PlayAudio' || action.Type === 'Speak') {
        if (target === legA.CallId && legA.Status === 'Connected') {
          transcript.heard.push(action.Type === 'PlayAudio' ? `audio:${(parameters.AudioSource as { Key: string }).Key}` : `speech:${parameters.Text as string}`);
        }
        continue;
      }
      if (action.Type === 'Hangup') {
        const leg = target === legB?.CallId ? legB : legA;
        if (leg.Status === 'Connected') {
          leg.Status = 'Disconnected';
          hungUpByAction = true;
        }
        continue;
      }
      if (action.Type === 'CallAndBridge') {
        const endpoint = (parameters.Endpoints as Array<{ Uri: string }>)[0]!;
        const script = call.answer[dialIndex++] ?? 'no-answer';
        currentScript = script;
        transcript.dialled.push({ to: endpoint.Uri, callerId: parameters.CallerIdNumber as string, result: script });
        if (parameters.RingbackTone) transcript.heard.push(`ringback:${(parameters.RingbackTone as { Key: string }).Key}`);
        if (script === 'busy') {
          next = event('ACTION_FAILED', { ActionData: { Type: 'CallAndBridge', Parameters: parameters, ErrorType: 'CallNotAnswered', ErrorMessage: 'Busy Here', SipResponseCode: '486' } });
        } else if (script === 'no-answer') {
          next = event('ACTION_FAILED', { ActionData: { Type: 'CallAndBridge', Parameters: parameters, ErrorType: 'CallNotAnswered', ErrorMessage: 'Call not answered' } });
        } else {
          legB = {
            CallId: randomUUID(),
            ParticipantTag: 'LEG-B',
            To: endpoint.Uri,
            From: parameters.CallerIdNumber as string,
            Direction: 'Outbound',
            StartTimeInMilliseconds: String(now().getTime()),
            Status: 'Connected',
          };
          transcript.connected = { destination: endpoint.Uri, index: dialIndex - 1 };
          next = event('ACTION_SUCCESSFUL', { ActionData: { Type: 'CallAndBridge', Parameters: parameters } });
        }
        break;
      }
      if (action.Type === 'SpeakAndGetDigits' || action.Type === 'PlayAudioAndGetDigits') {
        if (target === legB?.CallId && legB.Status === 'Connected') {
          if (currentScript === 'answer') {
            next = event('ACTION_SUCCESSFUL', { ActionData: { Type: action.Type, Parameters: parameters, ReceivedDigits: '1' } });
          } else {
            // A mailbox plays its greeting and records; nobody presses anything.
            next = event('ACTION_FAILED', { ActionData: { Type: action.Type, Parameters: parameters, ErrorType: 'InvalidDigitsReceived', ErrorMessage: 'No digits received' } });
          }
        }
        break;
      }
    }

    if (legB && legB.Status === 'Disconnected' && transcript.connected?.destination === legB.To && currentScript !== 'answer') {
      // A screened destination that was hung up never really took the call.
      transcript.connected = null;
    }
    if (next) continue;

    if (legA.Status === 'Disconnected') {
      if (hungUpByAction) {
        transcript.endedBy = 'platform';
        if (legB?.Status === 'Connected') legB.Status = 'Disconnected';
        finished = true;
        next = event('HANGUP', { ActionData: { Type: 'Hangup', Parameters: { CallId: legA.CallId, ParticipantTag: 'LEG-A', SipResponseCode: '0' } } });
      }
      continue;
    }
    if (legB?.Status === 'Connected') {
      // Connected: the conversation happens, then someone hangs up.
      const side = call.hangup ?? 'caller';
      transcript.endedBy = side;
      if (side === 'caller') legA.Status = 'Disconnected';
      else legB.Status = 'Disconnected';
      next = event('HANGUP', { ActionData: { Type: 'Hangup', Parameters: { CallId: side === 'caller' ? legA.CallId : legB.CallId, ParticipantTag: side === 'caller' ? 'LEG-A' : 'LEG-B', SipResponseCode: '0' } } });
      if (side === 'destination') {
        // The handler must hang up the caller; its answer is carried out below and ends the call.
        const response = await invoke(next);
        const hangupEntry: TranscriptEntry = {
          sequence: sequence,
          invocation: 'HANGUP',
          actionData: 'Hangup',
          detail: 'LEG-B',
          actions: (smaResponseSchema.safeParse(response).data?.Actions ?? []).map((a) => ({ type: a.Type, summary: summarise(a) })),
        };
        transcript.entries.push(hangupEntry);
        const hangsUpCaller = hangupEntry.actions.some((a) => a.type === 'Hangup' && a.summary.includes(legA.CallId));
        if (!hangsUpCaller) transcript.silence = true;
        legA.Status = 'Disconnected';
        next = undefined;
      } else {
        finished = true;
      }
      continue;
    }
    // The caller is on the line, nothing is bridged and nothing is playing: dead air.
    transcript.silence = true;
    legA.Status = 'Disconnected';
    transcript.endedBy = 'caller';
    finished = true;
    next = event('HANGUP', { ActionData: { Type: 'Hangup', Parameters: { CallId: legA.CallId, ParticipantTag: 'LEG-A', SipResponseCode: '0' } } });
  }
  return transcript;
}

function summarise(action: { Type: string; Parameters: unknown }): string {
  const p = action.Parameters as Record<string, unknown>;
  switch (action.Type) {
    case 'CallAndBridge': {
      const endpoint = (p.Endpoints as Array<{ Uri: string }> | undefined)?.[0];
      return `dial ${endpoint?.Uri ?? '?'} as ${String(p.CallerIdNumber)} for ${String(p.CallTimeoutSeconds ?? 30)} s`;
    }
    case 'PlayAudio':
      return `play ${(p.AudioSource as { Key?: string } | undefined)?.Key ?? '?'}`;
    case 'Speak':
      return `say "${String(p.Text)}"`;
    case 'SpeakAndGetDigits':
      return `ask ${String(p.CallId)}: "${String((p.SpeechParameters as { Text?: string } | undefined)?.Text)}"`;
    case 'Hangup':
      return `hang up ${String(p.CallId ?? 'the invoking leg')}`;
    default:
      return action.Type;
  }
}
