/**
 * A stand-in for the Chime SDK PSTN audio service: places a simulated call on the SIP media application
 * and drives the REAL SMA handler with real-shaped invocation events, acting on every action it returns
 * the way the service does — speaks, runs the bot conversation (through the local Lex stand-in and the
 * real code hook), collects digits, bridges (answered, busy or no answer, as scripted) and hangs up.
 *
 * The result is the ordered transcript of events and actions, and how the call ended. A response the
 * real service would reject (schema) or a call left in silence ends the simulation with that outcome, so
 * tests and the local stage see exactly the bugs a caller would.
 */
import { randomUUID } from 'node:crypto';
import {
  smaResponseSchema,
  type SmaAction,
  type SmaEventInput,
  type SmaResponse,
} from '@switchboard/shared/chime';
import type { AgentLine } from '../../application/agent-line.ts';
import type { CallerTurn, LocalLexBot } from './local-lex-bot.ts';

/**
 * What a bridge attempt meets. `agent`: a Voice Connector extension rings on the agent line (the console's agent
 * page) and the agent's answer, decline or silence decides; a PSTN number answers.
 */
export type BridgeOutcome = 'answer' | 'busy' | 'no-answer' | 'agent';

export interface SimulatedCallScript {
  from: string;
  to: string;
  /** What the caller says to the bot, one entry per turn (a retry uses the next entry). */
  say?: string | string[];
  /** Keys pressed to the bot instead of speech (one turn per entry). */
  digits?: string | string[];
  /** Answer to "press 1 to hold, 2 to continue by text", when offered. Absent: no key. */
  smsOfferKey?: string;
  /** What each CallAndBridge attempt meets, in order. @default every attempt is answered */
  bridge?: BridgeOutcome[];
  /** Who ends a bridged call. @default 'caller' */
  hangupBy?: 'caller' | 'callee';
  /** The caller hangs up instead of answering the bot. */
  callerHangsUpDuringBot?: boolean;
}

export interface TranscriptEntry {
  sequence: number;
  /** The invocation event sent to the handler. */
  event: { type: string; action?: string; detail?: string };
  /** The actions the handler returned, as sent. */
  actions: SmaAction[];
  transactionAttributes?: Record<string, string>;
  /** What the caller heard or did while those actions ran (bot turns, speech, keys). */
  notes: string[];
}

export type CallOutcome =
  | { kind: 'bridged'; endpoint: { type: string; uri: string; arn?: string }; sipHeaders: Record<string, string>; endedBy: 'caller' | 'callee' }
  | { kind: 'hung-up'; by: 'application' | 'caller' }
  | { kind: 'invalid-response'; error: string }
  | { kind: 'silence'; after: string }
  | { kind: 'too-many-steps' };

export interface SimulatedCall {
  callId: string;
  transactionId: string;
  transcript: TranscriptEntry[];
  outcome: CallOutcome;
  /** Everything spoken to the caller, in order (Speak, bot prompts, bot answers). */
  heard: string[];
}

export interface CallSimulatorOptions {
  /** The SMA handler under test (`createSmaCallHandler(...)` or the Lambda's `handler`). */
  handler: (event: unknown) => Promise<unknown>;
  bot: LocalLexBot;
  accountId?: string;
  region?: string;
  sipMediaApplicationId?: string;
  /** @default Date.now */
  now?: () => number;
  /** What rings for a bridge scripted `agent` (the PBX stand-in). Absent: such a bridge is not answered. */
  agentLine?: AgentLine;
}

const MAX_STEPS = 30;

type Leg = { CallId: string; ParticipantTag: 'LEG-A' | 'LEG-B'; To: string; From: string; Direction: 'Inbound' | 'Outbound'; StartTimeInMilliseconds: string; Status: 'Connected' | 'Disconnected' };

export class CallSimulator {
  constructor(private readonly options: CallSimulatorOptions) {}

  async place(script: SimulatedCallScript): Promise<SimulatedCall> {
    const now = this.options.now ?? Date.now;
    const callId = randomUUID();
    const transactionId = randomUUID();
    const legA: Leg = { CallId: callId, ParticipantTag: 'LEG-A', To: script.to, From: script.from, Direction: 'Inbound', StartTimeInMilliseconds: String(now()), Status: 'Connected' };
    let legB: Leg | undefined;
    let attributes: Record<string, string> | undefined;
    let sequence = 0;
    const transcript: TranscriptEntry[] = [];
    const heard: string[] = [];
    const turns: CallerTurn[] = [
      ...toList(script.say).map((text) => ({ text, mode: 'Speech' as const })),
      ...toList(script.digits).map((text) => ({ text, mode: 'DTMF' as const })),
    ];
    const bridgeOutcomes = [...(script.bridge ?? [])];
    // How the call is ending, once known (reported when the last HANGUP has been answered).
    let lastOutcome: CallOutcome | undefined;
    let bridgedTo: { type: string; uri: string; arn?: string } | undefined;
    let bridgedHeaders: Record<string, string> = {};
    // Set when an agent answered on the agent line: resolves with who hung up.
    let agentHangUp: Promise<'caller' | 'callee'> | undefined;

    const send = async (
      type: string,
      extra: { ActionData?: Record<string, unknown>; ErrorType?: string; ErrorMessage?: string } = {},
    ): Promise<{ response: SmaResponse } | { error: string }> => {
      sequence += 1;
      const participants = [legA, ...(legB ? [legB] : [])].map((leg) => ({ ...leg }));
      const event = {
        SchemaVersion: '1.0',
        Sequence: sequence,
        InvocationEventType: type,
        ...extra,
        CallDetails: {
          TransactionId: transactionId,
          ...(attributes ? { TransactionAttributes: attributes } : {}),
          AwsAccountId: this.options.accountId ?? '123456789012',
          AwsRegion: this.options.region ?? 'us-east-1',
          SipRuleId: 'local-sip-rule',
          SipMediaApplicationId: this.options.sipMediaApplicationId ?? 'local-sma',
          Participants: participants,
        },
      } as SmaEventInput;
      const raw = await this.options.handler(event);
      const entry: TranscriptEntry = {
        sequence,
        event: { type, ...(extra.ActionData?.Type ? { action: String(extra.ActionData.Type) } : {}), ...(extra.ActionData?.ErrorType || extra.ErrorType ? { detail: String(extra.ActionData?.ErrorType ?? extra.ErrorType) } : {}) },
        actions: [],
        notes: [],
      };
      transcript.push(entry);
      const parsed = smaResponseSchema.safeParse(raw);
      if (!parsed.success) return { error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
      entry.actions = parsed.data.Actions;
      if (parsed.data.TransactionAttributes) {
        attributes = parsed.data.TransactionAttributes;
        entry.transactionAttributes = attributes;
      }
      return { response: parsed.data };
    };

    const finish = (outcome: CallOutcome): SimulatedCall => ({ callId, transactionId, transcript, outcome, heard });

    let result = await send('NEW_INBOUND_CALL');
    for (let step = 0; step < MAX_STEPS; step++) {
      if ('error' in result) return finish({ kind: 'invalid-response', error: result.error });
      const list = result.response.Actions;
      const entry = transcript[transcript.length - 1]!;
      if (list.length === 0) {
        if (legA.Status === 'Disconnected') return finish(lastOutcome ?? { kind: 'hung-up', by: 'caller' });
        if (legB?.Status === 'Connected') {
          // Bridged and talking: the agent on the line, else the script, decides who hangs up.
          const by = agentHangUp ? await agentHangUp : (script.hangupBy ?? 'caller');
          const leaving = by === 'caller' ? legA : legB;
          leaving.Status = 'Disconnected';
          entry.notes.push(`${by} hangs up`);
          lastOutcome = { kind: 'bridged', endpoint: bridgedTo!, sipHeaders: bridgedHeaders, endedBy: by };
          result = await send('HANGUP', { ActionData: { Type: 'Hangup', Parameters: { SipResponseCode: '0', CallId: leaving.CallId, ParticipantTag: leaving.ParticipantTag } } });
          continue;
        }
        return finish({ kind: 'silence', after: describe(transcript[transcript.length - 2]) });
      }
      let next: Promise<{ response: SmaResponse } | { error: string }> | undefined;
      for (const [index, action] of list.entries()) {
        const last = index === list.length - 1;
        const p = action.Parameters as Record<string, unknown>;
        switch (action.Type) {
          case 'Speak':
            heard.push(String(p.Text));
            entry.notes.push(`caller hears: ${String(p.Text)}`);
            if (last) next = send('ACTION_SUCCESSFUL', { ActionData: { Type: 'Speak', Parameters: p } });
            break;
          case 'Pause':
            if (last) next = send('ACTION_SUCCESSFUL', { ActionData: { Type: 'Pause', Parameters: p } });
            break;
          case 'StartBotConversation': {
            const configuration = (p.Configuration ?? {}) as { WelcomeMessages?: { Content: string }[]; SessionState?: { SessionAttributes?: Record<string, string> } };
            for (const m of configuration.WelcomeMessages ?? []) {
              heard.push(m.Content);
              entry.notes.push(`bot says: ${m.Content}`);
            }
            if (script.callerHangsUpDuringBot) {
              legA.Status = 'Disconnected';
              entry.notes.push('caller hangs up during the bot conversation');
              lastOutcome = { kind: 'hung-up', by: 'caller' };
              next = send('HANGUP', { ActionData: { Type: 'Hangup', Parameters: { SipResponseCode: '0', CallId: legA.CallId, ParticipantTag: 'LEG-A' } } });
              break;
            }
            const conversation = await this.options.bot.converse(String(p.CallId ?? callId), configuration.SessionState?.SessionAttributes ?? {}, turns.splice(0));
            for (const turn of conversation.turns) {
              entry.notes.push(`caller ${turn.input.mode === 'DTMF' ? 'presses' : 'says'}: ${turn.input.text}`);
              for (const said of turn.botSaid) {
                heard.push(said);
                entry.notes.push(`bot says: ${said}`);
              }
            }
            next = send('ACTION_SUCCESSFUL', { ActionData: { Type: 'StartBotConversation', Parameters: p, IntentResult: conversation.intentResult } });
            break;
          }
          case 'SpeakAndGetDigits': {
            const speech = p.SpeechParameters as { Text: string };
            heard.push(speech.Text);
            entry.notes.push(`caller hears: ${speech.Text}`);
            const key = script.smsOfferKey;
            if (key !== undefined && new RegExp(String(p.InputDigitsRegex ?? '.*')).test(key)) {
              entry.notes.push(`caller presses: ${key}`);
              next = send('ACTION_SUCCESSFUL', { ActionData: { Type: 'SpeakAndGetDigits', Parameters: p, ReceivedDigits: key } });
            } else {
              entry.notes.push('caller presses nothing');
              next = send('ACTION_FAILED', { ActionData: { Type: 'SpeakAndGetDigits', Parameters: p, ErrorType: 'InvalidDigitsReceived', ErrorMessage: 'No digits received' } });
            }
            break;
          }
          case 'CallAndBridge': {
            const endpoint = (p.Endpoints as { BridgeEndpointType: string; Uri: string; Arn?: string }[])[0]!;
            const scripted = bridgeOutcomes.shift() ?? 'answer';
            let outcome: Exclude<BridgeOutcome, 'agent'> = scripted === 'agent' ? 'answer' : scripted;
            if (scripted === 'agent' && endpoint.BridgeEndpointType === 'AWS') {
              const headers = (p.SipHeaders as Record<string, string> | undefined) ?? {};
              const dialled = this.options.agentLine
                ? await this.options.agentLine.dial({ callId, extension: endpoint.Uri, from: String(p.CallerIdNumber ?? legA.From), sipHeaders: headers }, Number(p.CallTimeoutSeconds ?? 30))
                : ({ outcome: 'no-answer' } as const);
              outcome = dialled.outcome;
              if (dialled.outcome === 'answer') agentHangUp = dialled.ended;
              entry.notes.push(`ringing extension ${endpoint.Uri} on the agent line`);
            }
            entry.notes.push(`dialling ${endpoint.BridgeEndpointType} ${endpoint.Uri}: ${outcome}`);
            if (outcome === 'answer') {
              legB = { CallId: randomUUID(), ParticipantTag: 'LEG-B', To: endpoint.Uri, From: String(p.CallerIdNumber), Direction: 'Outbound', StartTimeInMilliseconds: String(now()), Status: 'Connected' };
              bridgedTo = { type: endpoint.BridgeEndpointType, uri: endpoint.Uri, ...(endpoint.Arn ? { arn: endpoint.Arn } : {}) };
              bridgedHeaders = { ...((p.SipHeaders as Record<string, string> | undefined) ?? {}) };
              next = send('ACTION_SUCCESSFUL', { ActionData: { Type: 'CallAndBridge', Parameters: { ...p, CallId: legA.CallId } } });
            } else {
              next = send('ACTION_FAILED', {
                ActionData: {
                  Type: 'CallAndBridge',
                  Parameters: { ...p, CallId: legA.CallId },
                  // The documented failure is CallNotAnswered; a busy destination is reported with its SIP cause.
                  ErrorType: 'CallNotAnswered',
                  ErrorMessage: outcome === 'busy' ? 'Call busy (SIP 486 Busy Here)' : 'Call not answered',
                },
              });
            }
            break;
          }
          case 'Hangup': {
            const target = [legA, legB].find((leg) => leg && leg.CallId === p.CallId) ?? legA;
            target.Status = 'Disconnected';
            entry.notes.push(`application hangs up ${target.ParticipantTag}`);
            if (target === legA) lastOutcome ??= { kind: 'hung-up', by: 'application' };
            // Every remaining action is moot once LEG-A is gone; the service reports the hang-up.
            if (target === legA || last) {
              next = send('HANGUP', { ActionData: { Type: 'Hangup', Parameters: { SipResponseCode: String(p.SipResponseCode ?? '0'), CallId: target.CallId, ParticipantTag: target.ParticipantTag } } });
            }
            break;
          }
          default:
            entry.notes.push(`(simulator ignores ${action.Type})`);
            if (last) next = send('ACTION_SUCCESSFUL', { ActionData: { Type: action.Type, Parameters: p } });
        }
        if (next !== undefined) break;
      }
      if (next === undefined) return finish({ kind: 'silence', after: describe(entry) });
      result = await next;
      if (legA.Status === 'Disconnected' && (legB === undefined || legB.Status === 'Disconnected') && 'response' in result && result.response.Actions.length === 0) {
        return finish(lastOutcome ?? { kind: 'hung-up', by: 'caller' });
      }
    }
    return finish({ kind: 'too-many-steps' });
  }
}

function toList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function describe(entry: TranscriptEntry | undefined): string {
  if (entry === undefined) return 'the start of the call';
  return `${entry.event.type}${entry.event.action ? ` (${entry.event.action})` : ''}`;
}
