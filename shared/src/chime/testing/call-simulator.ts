/**
 * The PSTN audio service, simulated for one call: drives a REAL SIP media application handler with the
 * real-shaped events of `SmaCallScript` and carries out the actions it answers with, the way the service does —
 * speaks and plays (what the caller hears is written down), collects digits, runs a bot conversation, bridges
 * (answered, busy or no answer, as the world says), hangs legs up and reports every hang-up it should.
 *
 * One engine for every service's tests and local-stage simulators; a service maps its own script ("what each
 * destination does", "what the caller says to the bot") onto a `CallWorld` and reads the neutral transcript.
 *
 * What the service does, as simulated:
 * - after the last action of a response completes it invokes ACTION_SUCCESSFUL (or ACTION_FAILED) for it;
 * - a response that fails the action schemas is answered with INVALID_LAMBDA_RESPONSE (counted in `invalid`);
 * - a Hangup of LEG-A ends the actions of that response and is reported as HANGUP; a Hangup of another leg is
 *   reported only when it is the response's last action (otherwise the next action's outcome comes first);
 * - a bridged call with nothing under way is a conversation: then `world.hangupBy` hangs up (HANGUP);
 * - a caller on the line with nothing under way is in silence: recorded, then the caller hangs up (HANGUP);
 * - the call is over when no leg is connected and its last HANGUP has been answered.
 */
import { smaResponseSchema, type SmaAction, type SmaActionOf, type SmaResponse } from '../index';
import type { IntentResult } from '../bot-result-schema';
import type { ParticipantTag, SmaEvent } from '../event-schema';
import { SmaCallScript, type SmaCallOptions } from './index';

/** What a dialled endpoint does. */
export type BridgeResult = 'answer' | 'busy' | 'no-answer';

export interface BridgeEndpoint {
  type: string;
  uri: string;
  arn?: string;
}

/** A bot conversation's end, as the world decides it (routing: its local Lex bot and code hook). */
export type BotConversationEnd =
  | { kind: 'result'; intentResult: IntentResult; notes?: string[]; said?: string[] }
  /** The caller hangs up instead of talking to the bot. */
  | { kind: 'caller-hangs-up' };

/** Everything outside the handler: the people and endpoints on the call. */
export interface CallWorld {
  /**
   * What the `attempt`-th CallAndBridge (0-based) meets. A promise lets the world wait on someone — a person
   * answering on a local agent page. @default 'answer'
   */
  bridge?(endpoint: BridgeEndpoint, attempt: number, action: SmaActionOf<'CallAndBridge'>): BridgeResult | Promise<BridgeResult>;
  /**
   * Keys entered on `leg` for a digit-collecting action (`bridges`: the call's bridges so far, the last one is the
   * leg B on the line); undefined: nothing pressed. @default undefined
   */
  digits?(leg: ParticipantTag, action: SmaAction, bridges: readonly SimulatedBridge[]): string | undefined;
  /** Runs a StartBotConversation. Without it a bot conversation fails (ACTION_FAILED). */
  bot?(action: SmaActionOf<'StartBotConversation'>, callId: string): Promise<BotConversationEnd> | BotConversationEnd;
  /** Who ends a bridged conversation; a function is asked when the conversation starts (it may wait). @default 'caller' */
  hangupBy?: 'caller' | 'callee' | (() => 'caller' | 'callee' | Promise<'caller' | 'callee'>);
}

export interface SimulatedEvent {
  type: SmaEvent['InvocationEventType'];
  /** ActionData.Type of ACTION_SUCCESSFUL / ACTION_FAILED / HANGUP. */
  action?: string;
  /** ErrorType of a failure or of INVALID_LAMBDA_RESPONSE. */
  detail?: string;
  /** ReceivedDigits reported. */
  digits?: string;
  /** The leg a HANGUP reports. */
  leg?: ParticipantTag;
}

export interface SimulatedTranscriptEntry {
  sequence: number;
  event: SimulatedEvent;
  /** The actions the handler answered with (empty when the answer was invalid). */
  actions: SmaAction[];
  transactionAttributes?: Record<string, string>;
  /** What happened while those actions ran, in words. */
  notes: string[];
}

export interface HeardItem {
  kind: 'speech' | 'audio' | 'ringback' | 'bot';
  /** Spoken text, or the audio's S3 key. */
  text: string;
}

export interface SimulatedBridge extends BridgeEndpoint {
  callerId: string;
  result: BridgeResult;
  sipHeaders: Record<string, string>;
  /** The application hung this leg up itself (a screened call refused, a mailbox). */
  hungUpByApplication: boolean;
}

export interface SimulatedSmaCall {
  callId: string;
  transactionId: string;
  transcript: SimulatedTranscriptEntry[];
  /** What the caller (LEG-A) heard, in order. */
  heard: HeardItem[];
  /** Every CallAndBridge, in order. */
  bridges: SimulatedBridge[];
  /** Schema problems of each invalid response. */
  invalid: string[];
  /** The caller was left on an open line with nothing under way, after this invocation. */
  silence?: { after: string };
  /** Who ended the call first: the caller, the bridged callee or the application (a Hangup of LEG-A). */
  endedBy?: 'caller' | 'callee' | 'application';
  /** Whether a bridge was up when the call ended. */
  endedWhileBridged: boolean;
  tooManySteps: boolean;
}

export interface SimulateSmaCallOptions extends SmaCallOptions {
  /** The handler under test: its Lambda `handler` or the function it wraps. */
  handler: (event: unknown) => Promise<unknown> | unknown;
  world?: CallWorld;
  /** @default 40 */
  maxInvocations?: number;
}

/** Places one call on the handler and plays it to its end. */
export async function simulateSmaCall(options: SimulateSmaCallOptions): Promise<SimulatedSmaCall> {
  const { handler, world = {}, maxInvocations = 40, ...callOptions } = options;
  const call = new SmaCallScript(callOptions);
  const result: SimulatedSmaCall = {
    callId: call.legA.CallId,
    transactionId: call.transactionId,
    transcript: [],
    heard: [],
    bridges: [],
    invalid: [],
    endedWhileBridged: false,
    tooManySteps: false,
  };
  const bridged = () => call.legB?.Status === 'Connected';
  const connected = (tag: ParticipantTag) => (tag === 'LEG-A' ? call.legA.Status === 'Connected' : call.legB?.Status === 'Connected');
  const legOf = (parameters: Record<string, unknown>): ParticipantTag => {
    if (parameters.ParticipantTag === 'LEG-B' || (call.legB && parameters.CallId === call.legB.CallId)) return 'LEG-B';
    return 'LEG-A';
  };
  const ended = (by: 'caller' | 'callee' | 'application') => {
    if (result.endedBy !== undefined) return;
    result.endedBy = by;
    result.endedWhileBridged = bridged();
  };
  const describe = (entry: SimulatedTranscriptEntry | undefined) =>
    entry ? `${entry.event.type}${entry.event.action ? ` (${entry.event.action})` : ''}` : 'the start of the call';

  let next: SmaEvent | undefined = call.newInboundCall();
  let over = false;
  while (next !== undefined) {
    if (result.transcript.length >= maxInvocations) {
      result.tooManySteps = true;
      break;
    }
    const event: SmaEvent = next;
    next = undefined;
    const raw = await handler(event);
    const data = (
      event as { ActionData?: { Type?: string; ErrorType?: string; ReceivedDigits?: string; Parameters?: { ParticipantTag?: ParticipantTag } } }
    ).ActionData;
    const errorType = data?.ErrorType ?? (event as { ErrorType?: string }).ErrorType;
    const entry: SimulatedTranscriptEntry = {
      sequence: event.Sequence,
      event: {
        type: event.InvocationEventType,
        ...(data?.Type ? { action: data.Type } : {}),
        ...(errorType ? { detail: errorType } : {}),
        ...(data?.ReceivedDigits ? { digits: data.ReceivedDigits } : {}),
        ...(event.InvocationEventType === 'HANGUP' && data?.Parameters?.ParticipantTag ? { leg: data.Parameters.ParticipantTag } : {}),
      },
      actions: [],
      notes: [],
    };
    result.transcript.push(entry);
    const parsed = smaResponseSchema.safeParse(raw);
    if (!parsed.success) {
      const problem = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      result.invalid.push(problem);
      entry.notes.push(`invalid response: ${problem}`);
      if (over) break;
      next = call.invalidLambdaResponse('InvalidActionParameter', problem.slice(0, 200));
      continue;
    }
    const response: SmaResponse = parsed.data;
    entry.actions = response.Actions;
    call.respond(response);
    if (response.TransactionAttributes) entry.transactionAttributes = { ...response.TransactionAttributes };
    // The answer to the call's last HANGUP is recorded, never carried out: there is no call left.
    if (over) break;

    const list = response.Actions;
    for (const [index, action] of list.entries()) {
      const last = index === list.length - 1;
      const p = action.Parameters as Record<string, unknown>;
      const leg = legOf(p);
      switch (action.Type) {
        case 'Speak':
        case 'PlayAudio': {
          const text = action.Type === 'Speak' ? String(p.Text) : String((p.AudioSource as { Key?: string } | undefined)?.Key);
          if (leg === 'LEG-A' && connected('LEG-A')) {
            result.heard.push({ kind: action.Type === 'Speak' ? 'speech' : 'audio', text });
            entry.notes.push(`caller hears: ${text}`);
          } else entry.notes.push(`${leg} hears: ${text}`);
          if (last) next = call.actionSuccessful(action);
          break;
        }
        case 'StartBotConversation': {
          const configuration = (p.Configuration ?? {}) as { WelcomeMessages?: { Content: string }[] };
          for (const m of configuration.WelcomeMessages ?? []) {
            result.heard.push({ kind: 'bot', text: m.Content });
            entry.notes.push(`bot says: ${m.Content}`);
          }
          const end = world.bot ? await world.bot(action as SmaActionOf<'StartBotConversation'>, String(p.CallId ?? call.legA.CallId)) : undefined;
          if (end === undefined) {
            next = call.actionFailed(action, 'BotConversationFailed', 'no bot in this simulation');
          } else if (end.kind === 'caller-hangs-up') {
            entry.notes.push('caller hangs up during the bot conversation');
            ended('caller');
            next = call.hangup('LEG-A');
          } else {
            entry.notes.push(...(end.notes ?? []));
            for (const said of end.said ?? []) result.heard.push({ kind: 'bot', text: said });
            next = call.actionSuccessful(action, { IntentResult: end.intentResult });
          }
          break;
        }
        case 'SpeakAndGetDigits':
        case 'PlayAudioAndGetDigits': {
          if (!connected(leg)) break;
          const prompt =
            action.Type === 'SpeakAndGetDigits'
              ? { kind: 'speech' as const, text: String((p.SpeechParameters as { Text?: string } | undefined)?.Text) }
              : { kind: 'audio' as const, text: String((p.AudioSource as { Key?: string } | undefined)?.Key) };
          if (leg === 'LEG-A') result.heard.push(prompt);
          entry.notes.push(`${leg === 'LEG-A' ? 'caller' : leg} hears: ${prompt.text}`);
          const keys = world.digits?.(leg, action, result.bridges);
          if (keys !== undefined && new RegExp(String(p.InputDigitsRegex ?? '.*')).test(keys)) {
            entry.notes.push(`${leg === 'LEG-A' ? 'caller' : leg} presses: ${keys}`);
            next = call.actionSuccessful(action, { ReceivedDigits: keys });
          } else {
            entry.notes.push(`${leg === 'LEG-A' ? 'caller' : leg} presses nothing`);
            next = call.actionFailed(action, 'InvalidDigitsReceived', 'No digits received');
          }
          break;
        }
        case 'CallAndBridge': {
          const bridge = action as SmaActionOf<'CallAndBridge'>;
          const target = bridge.Parameters.Endpoints[0]!;
          const endpoint: BridgeEndpoint = { type: target.BridgeEndpointType, uri: target.Uri, ...(target.Arn ? { arn: target.Arn } : {}) };
          const outcome = (await world.bridge?.(endpoint, result.bridges.length, bridge)) ?? 'answer';
          result.bridges.push({
            ...endpoint,
            callerId: bridge.Parameters.CallerIdNumber,
            result: outcome,
            sipHeaders: { ...((p.SipHeaders as Record<string, string> | undefined) ?? {}) },
            hungUpByApplication: false,
          });
          const ringback = (p.RingbackTone as { Key?: string } | undefined)?.Key;
          if (ringback) result.heard.push({ kind: 'ringback', text: ringback });
          entry.notes.push(`dialling ${endpoint.type} ${endpoint.uri}: ${outcome}`);
          // The service reports the bridge on the caller's leg: its ActionData names LEG-A's CallId.
          const reported = { ...bridge, Parameters: { ...bridge.Parameters, CallId: call.legA.CallId } } as SmaActionOf<'CallAndBridge'>;
          if (outcome === 'answer') {
            next = call.bridgeAnswered(reported);
          } else {
            // The documented failure is CallNotAnswered; a busy destination is reported with its SIP cause.
            next = call.actionFailed(reported, 'CallNotAnswered', outcome === 'busy' ? 'Call busy (SIP 486 Busy Here)' : 'Call not answered');
          }
          break;
        }
        case 'Hangup': {
          if (!connected(leg)) {
            entry.notes.push(`application hangs up ${leg} (already gone)`);
            break;
          }
          entry.notes.push(`application hangs up ${leg}`);
          const code = String(p.SipResponseCode ?? '0');
          if (leg === 'LEG-A') {
            ended('application');
            // Every remaining action is moot once the caller is gone; the service reports the hang-up.
            next = call.hangup('LEG-A', code);
          } else {
            // Dropping leg B while the caller stays on the line refuses that bridge (a screened call, a mailbox).
            const bridge = result.bridges.at(-1);
            if (bridge && connected('LEG-A')) bridge.hungUpByApplication = true;
            if (last) next = call.hangup(leg, code);
            else call.disconnect(leg);
          }
          break;
        }
        default:
          entry.notes.push(`(simulator ignores ${action.Type})`);
          if (last) next = call.actionSuccessful(action);
      }
      if (next !== undefined) break;
    }
    if (next !== undefined) {
      if (!connected('LEG-A') && !bridged()) over = true;
      continue;
    }
    if (!connected('LEG-A')) break;
    if (bridged()) {
      // Bridged and talking: the world decides who hangs up.
      const by = typeof world.hangupBy === 'function' ? await world.hangupBy() : (world.hangupBy ?? 'caller');
      entry.notes.push(`${by} hangs up`);
      ended(by);
      next = call.hangup(by === 'caller' ? 'LEG-A' : 'LEG-B');
      continue;
    }
    // The caller is on the line, nothing is bridged and nothing is playing: dead air. They hang up.
    result.silence ??= { after: describe(entry) };
    entry.notes.push('silence: the caller hangs up');
    ended('caller');
    next = call.hangup('LEG-A');
    if (!bridged()) over = true;
  }
  return result;
}
