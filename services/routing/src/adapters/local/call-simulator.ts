/**
 * A call to the routing number, simulated for the local stage (`POST /simulator/calls`) and the tests: the kit's
 * one PSTN audio simulator (`simulateSmaCall`, @switchboard/shared/chime/testing) drives the REAL SMA handler with
 * real-shaped events; this file says what the caller does (speech or keys to the bot through the local Lex
 * stand-in and the real code hook, the key for the SMS offer, what each bridge meets) and reads how the call ended.
 * A response the real service would reject (schema) or a caller left in silence is the call's outcome, so tests and
 * the local stage see exactly the bugs a caller would.
 */
import { randomUUID } from 'node:crypto';
import type { SmaAction } from '@switchboard/shared/chime';
import { simulateSmaCall, type SimulatedSmaCall } from '@switchboard/shared/chime/testing';
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

export class CallSimulator {
  constructor(private readonly options: CallSimulatorOptions) {}

  async place(script: SimulatedCallScript): Promise<SimulatedCall> {
    const turns: CallerTurn[] = [
      ...toList(script.say).map((text) => ({ text, mode: 'Speech' as const })),
      ...toList(script.digits).map((text) => ({ text, mode: 'DTMF' as const })),
    ];
    // LEG-A's call id is chosen here so the agent line can name the call it rings for.
    const callerCallId = randomUUID();
    const ids = [callerCallId];
    // Set when an agent answered on the agent line: resolves with who hung up.
    let agentHangUp: Promise<'caller' | 'callee'> | undefined;
    const simulated = await simulateSmaCall({
      transactionId: randomUUID(),
      ids: () => ids.shift() ?? randomUUID(),
      from: script.from,
      to: script.to,
      awsAccountId: this.options.accountId ?? '123456789012',
      awsRegion: this.options.region ?? 'us-east-1',
      sipMediaApplicationId: this.options.sipMediaApplicationId ?? 'local-sma',
      sipRuleId: 'local-sip-rule',
      ...(this.options.now ? { clock: this.options.now } : {}),
      handler: this.options.handler,
      maxInvocations: 30,
      world: {
        bridge: async (endpoint, attempt, action) => {
          const scripted = script.bridge?.[attempt] ?? 'answer';
          if (scripted !== 'agent') return scripted;
          if (endpoint.type !== 'AWS') return 'answer';
          if (!this.options.agentLine) return 'no-answer';
          const dialled = await this.options.agentLine.dial(
            {
              callId: callerCallId,
              extension: endpoint.uri,
              from: action.Parameters.CallerIdNumber,
              sipHeaders: { ...(action.Parameters.SipHeaders ?? {}) },
            },
            Number(action.Parameters.CallTimeoutSeconds ?? 30),
          );
          if (dialled.outcome === 'answer') agentHangUp = dialled.ended;
          return dialled.outcome;
        },
        digits: (leg) => (leg === 'LEG-A' ? script.smsOfferKey : undefined),
        // Bridged and talking: the agent on the line, else the script, decides who hangs up.
        hangupBy: () => agentHangUp ?? script.hangupBy ?? 'caller',
        bot: async (action, callId) => {
          if (script.callerHangsUpDuringBot) return { kind: 'caller-hangs-up' };
          const configuration = (action.Parameters.Configuration ?? {}) as { SessionState?: { SessionAttributes?: Record<string, string> } };
          const conversation = await this.options.bot.converse(callId, configuration.SessionState?.SessionAttributes ?? {}, turns.splice(0));
          const notes: string[] = [];
          const said: string[] = [];
          for (const turn of conversation.turns) {
            notes.push(`caller ${turn.input.mode === 'DTMF' ? 'presses' : 'says'}: ${turn.input.text}`);
            for (const text of turn.botSaid) {
              said.push(text);
              notes.push(`bot says: ${text}`);
            }
          }
          return { kind: 'result', intentResult: conversation.intentResult, notes, said };
        },
      },
    });
    return {
      callId: simulated.callId,
      transactionId: simulated.transactionId,
      transcript: simulated.transcript.map((entry) => ({
        sequence: entry.sequence,
        event: {
          type: entry.event.type,
          ...(entry.event.action ? { action: entry.event.action } : {}),
          ...(entry.event.detail ? { detail: entry.event.detail } : {}),
        },
        actions: entry.actions,
        ...(entry.transactionAttributes ? { transactionAttributes: entry.transactionAttributes } : {}),
        notes: entry.notes,
      })),
      outcome: outcomeOf(simulated),
      heard: simulated.heard.filter((h) => h.kind === 'speech' || h.kind === 'bot').map((h) => h.text),
    };
  }
}

function outcomeOf(call: SimulatedSmaCall): CallOutcome {
  if (call.invalid.length > 0) return { kind: 'invalid-response', error: call.invalid[0]! };
  if (call.silence) return { kind: 'silence', after: call.silence.after };
  if (call.tooManySteps) return { kind: 'too-many-steps' };
  const bridge = call.bridges.filter((b) => b.result === 'answer').at(-1);
  if (bridge && call.endedWhileBridged && (call.endedBy === 'caller' || call.endedBy === 'callee')) {
    return {
      kind: 'bridged',
      endpoint: { type: bridge.type, uri: bridge.uri, ...(bridge.arn ? { arn: bridge.arn } : {}) },
      sipHeaders: bridge.sipHeaders,
      endedBy: call.endedBy,
    };
  }
  return { kind: 'hung-up', by: call.endedBy === 'application' ? 'application' : 'caller' };
}

function toList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
