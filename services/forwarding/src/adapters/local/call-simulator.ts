/**
 * A call to a forwarded number, simulated for the local stage (`POST /simulator/calls`), the tests and the benches:
 * the kit's one PSTN audio simulator (`simulateSmaCall`, @switchboard/shared/chime/testing) drives the real handler;
 * this file only says what each dialled destination does and writes the transcript in forwarding's terms — what the
 * caller heard, who was dialled with which caller ID, whether anyone was left in silence.
 */
import { simulateSmaCall, type SimulatedSmaCall } from '@switchboard/shared/chime/testing';
import type { SmaAction, SmaResponse } from '@switchboard/shared/chime';

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
  /** The failure's ErrorType, `digits N`, or the leg a HANGUP reports. */
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

export interface SimulatorOptions {
  sipMediaApplicationId: string;
  awsAccountId?: string;
  awsRegion?: string;
  now?: () => Date;
}

export async function simulateCall(call: SimulatedCall, invoke: SmaInvoker, options: SimulatorOptions): Promise<CallTranscript> {
  const script = (attempt: number): AnswerScript => call.answer[attempt] ?? 'no-answer';
  const simulated = await simulateSmaCall({
    from: call.from,
    to: call.to,
    sipMediaApplicationId: options.sipMediaApplicationId,
    awsAccountId: options.awsAccountId ?? '000000000000',
    ...(options.awsRegion ? { awsRegion: options.awsRegion } : {}),
    ...(options.now ? { clock: () => options.now!().getTime() } : {}),
    handler: invoke,
    world: {
      // A mailbox answers like a person; it just never presses anything.
      bridge: (_endpoint, attempt) => {
        const what = script(attempt);
        return what === 'voicemail' ? 'answer' : what;
      },
      // Screening: the person who answers presses 1; a mailbox does not.
      digits: (leg, _action, bridges) => (leg === 'LEG-B' && script(bridges.length - 1) === 'answer' ? '1' : undefined),
      hangupBy: call.hangup === 'destination' ? 'callee' : 'caller',
    },
  });
  return transcriptOf(call, simulated);
}

function transcriptOf(call: SimulatedCall, simulated: SimulatedSmaCall): CallTranscript {
  const dialled = simulated.bridges.map((b, index) => ({ to: b.uri, callerId: b.callerId, result: call.answer[index] ?? 'no-answer' }));
  const accepted = simulated.bridges.map((b, index) => ({ b, index })).filter(({ b }) => b.result === 'answer' && !b.hungUpByApplication);
  const connected = accepted.at(-1);
  return {
    callId: simulated.callId,
    from: call.from,
    to: call.to,
    route: 'sip-media-application',
    entries: simulated.transcript.map((entry) => ({
      sequence: entry.sequence,
      invocation: entry.event.type,
      ...(entry.event.action ? { actionData: entry.event.action } : {}),
      ...(entry.event.digits
        ? { detail: `digits ${entry.event.digits}` }
        : entry.event.detail
          ? { detail: entry.event.detail }
          : entry.event.leg
            ? { detail: entry.event.leg }
            : {}),
      actions: entry.actions.map((a) => ({ type: a.Type, summary: summarise(a) })),
    })),
    dialled,
    heard: simulated.heard.filter((h) => h.kind !== 'bot').map((h) => `${h.kind}:${h.text}`),
    connected: connected ? { destination: connected.b.uri, index: connected.index } : null,
    silence: simulated.silence !== undefined,
    invalidResponses: simulated.invalid.length,
    endedBy:
      simulated.endedBy === 'callee' ? 'destination' : simulated.endedBy === 'application' || simulated.endedBy === undefined ? 'platform' : 'caller',
  };
}

function summarise(action: SmaAction): string {
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
