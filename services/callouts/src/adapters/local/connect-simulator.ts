import { createHash, randomUUID } from 'node:crypto';
import type { ContactFlow, FlowAction } from '../../domain/contact-flow.ts';
import { type LexBotDefinition, lexBots } from '../../domain/lex-bots.ts';
import { resolveBuiltInSlot } from '../../domain/lex-builtin-slots.ts';
import { DialError, type Dialer, type OutboundCallRequest } from '../../domain/ports.ts';
import type { Scheduler } from '../../runner/scheduler.ts';

/**
 * The local stand-in for Amazon Connect outbound calling. `startOutboundVoiceContact` behaves like the API:
 * idempotent on ClientToken (the same token returns the same contact, no second call), a request-rate limit
 * and a concurrent-call quota (exceeding either throws `throttled`, and is counted, because a correct dialer
 * never does). Each placed call "rings", then follows its callee's script: no answer, busy, or answer — in
 * which case the simulator EXECUTES THE GENERATED CONTACT FLOW action by action, invoking the real
 * contact-flow Lambdas with real-shaped Connect events and resolving Lex turns against the bots' utterances.
 * Every call ends with a real-shaped DISCONNECTED contact event. Time comes from the scheduler.
 */
export type CalleeScript = {
  readonly behaviour: 'answer' | 'no-answer' | 'busy' | 'unreachable';
  /** What the callee says at each Lex turn, in order ("Yes", "B", "2026-12-01", "14:30", "3", "repeat", "stop calling me"). */
  readonly utterances?: readonly string[];
  /** Hang up instead of the (n+1)-th answer: n answers are given. */
  readonly hangUpAfterAnswers?: number;
  /** Whole call length once answered. @default 60 s */
  readonly durationMs?: number;
  /** Ringing before answer / giving up. @default 5 s */
  readonly ringMs?: number;
};
export type CalleeScripts = (call: { receiverId: string; attempt: number; phoneNumber: string }) => CalleeScript;

export type ContactFlowLambdas = Record<string, (event: unknown) => Promise<Record<string, string>>>;

export type ConnectSimulatorOptions = {
  readonly scheduler: Scheduler;
  readonly flow: ContactFlow;
  /** Contact-flow Lambdas by the ARN the flow names. */
  readonly lambdas: ContactFlowLambdas;
  /** Lex bot alias ARN → bot role, as in the flow. */
  readonly botAliases: Readonly<Record<string, LexBotDefinition['role']>>;
  /** Receives each contact event (the contact-events Lambda's handler). */
  readonly onContactEvent: (event: unknown) => Promise<unknown>;
  readonly callees: CalleeScripts;
  readonly instanceId?: string;
  /** StartOutboundVoiceContact quota. @default 2/s, burst 5 */
  readonly apiRatePerSecond?: number;
  readonly apiBurst?: number;
  /** Concurrent calls per instance. @default 10 */
  readonly concurrentCallQuota?: number;
  readonly onError?: (error: unknown) => void;
};

export type PlacedCall = {
  readonly contactId: string;
  readonly receiverId: string;
  readonly attempt: number;
  readonly phoneNumber: string;
  readonly placedAt: number;
  endedAt?: number;
  spoken: string[];
  disconnectReason?: string;
};

export class ConnectSimulator implements Dialer {
  readonly calls: PlacedCall[] = [];
  readonly apiCallTimes: number[] = [];
  readonly byClientToken = new Map<string, string>();
  duplicateRequests = 0;
  rateViolations = 0;
  quotaViolations = 0;
  active = 0;
  peakActive = 0;
  /** Σ call durations (answered or ringing), ms — busy lines for the utilisation figure. */
  busyLineMs = 0;
  private tokens: number;
  private lastRefill: number;
  private readonly actions: Map<string, FlowAction>;
  private readonly instanceArn: string;
  private pending = 0;

  constructor(private readonly options: ConnectSimulatorOptions) {
    this.tokens = options.apiBurst ?? 5;
    this.lastRefill = options.scheduler.now().getTime();
    this.actions = new Map(options.flow.Actions.map((a) => [a.Identifier, a]));
    this.instanceArn = `arn:aws:connect:us-east-1:000000000000:instance/${options.instanceId ?? '00000000-0000-4000-8000-000000000000'}`;
  }

  /** Calls still running (ringing or in the flow). */
  get inProgress(): number {
    return this.pending;
  }

  /** Number of calls actually placed to a receiver (duplicates through ClientToken are not calls). */
  callsTo(receiverId: string): number {
    return this.calls.filter((c) => c.receiverId === receiverId).length;
  }

  async startOutboundVoiceContact(request: OutboundCallRequest): Promise<{ contactId: string }> {
    if (this.halted) throw new DialError('failed', 'the Connect stand-in has stopped');
    const now = this.options.scheduler.now().getTime();
    this.apiCallTimes.push(now);
    const rate = this.options.apiRatePerSecond ?? 2;
    const burst = this.options.apiBurst ?? 5;
    this.tokens = Math.min(burst, this.tokens + ((now - this.lastRefill) / 1000) * rate);
    this.lastRefill = now;
    if (this.tokens < 1 - 1e-9) {
      this.rateViolations += 1;
      throw new DialError('throttled', 'TooManyRequestsException: Rate exceeded');
    }
    this.tokens -= 1;
    const existing = this.byClientToken.get(request.clientToken);
    if (existing) {
      this.duplicateRequests += 1;
      return { contactId: existing };
    }
    if (this.active >= (this.options.concurrentCallQuota ?? 10)) {
      this.quotaViolations += 1;
      throw new DialError('throttled', 'LimitExceededException: concurrent calls quota reached');
    }
    const { receiverId = '', attempt = '0' } = request.attributes;
    const script = this.options.callees({ receiverId, attempt: Number(attempt), phoneNumber: request.destinationPhoneNumber });
    if (script.behaviour === 'unreachable') throw new DialError('not-callable', 'DestinationNotAllowedException: the destination is not allowed');
    const contactId = randomUUID();
    this.byClientToken.set(request.clientToken, contactId);
    const call: PlacedCall = {
      contactId,
      receiverId,
      attempt: Number(attempt),
      phoneNumber: request.destinationPhoneNumber,
      placedAt: now,
      spoken: [],
    };
    this.calls.push(call);
    this.active += 1;
    this.pending += 1;
    this.peakActive = Math.max(this.peakActive, this.active);
    void this.runCall(call, script, { ...request.attributes })
      .catch((error: unknown) => this.options.onError?.(error))
      .finally(() => {
        this.pending -= 1;
      });
    return { contactId };
  }

  /**
   * After a restart of the local stage the stand-in has forgotten the calls that were on the line. Those calls
   * died with the stage, as a dropped line would: adopting them keeps their ClientToken → contact mapping (a
   * re-dial returns the same contact, as Connect would) and `dropLostCalls` reports them disconnected.
   */
  adoptLostCall(clientToken: string, contactId: string): void {
    if (!this.byClientToken.has(clientToken)) this.byClientToken.set(clientToken, contactId);
    this.lost.push(contactId);
  }

  async dropLostCalls(): Promise<number> {
    const lost = this.lost.splice(0);
    const now = this.options.scheduler.now().toISOString();
    for (const contactId of lost) {
      await this.options.onContactEvent({
        version: '0',
        id: randomUUID(),
        'detail-type': 'Amazon Connect Contact Event',
        source: 'aws.connect',
        account: '000000000000',
        time: now,
        region: 'us-east-1',
        resources: [this.instanceArn],
        detail: {
          eventType: 'DISCONNECTED',
          contactId,
          channel: 'VOICE',
          instanceArn: this.instanceArn,
          initiationMethod: 'API',
          disconnectTimestamp: now,
          disconnectReason: 'TELECOM_PROBLEM',
        },
      });
    }
    return lost.length;
  }

  private readonly lost: string[] = [];
  private halted = false;

  /** The stand-in stops with the stage: calls in progress go silent (no more Lambdas, no contact events). */
  halt(): void {
    this.halted = true;
  }

  private async runCall(call: PlacedCall, script: CalleeScript, attributes: Record<string, string>): Promise<void> {
    const { scheduler } = this.options;
    await scheduler.sleep(script.ringMs ?? 5_000);
    if (this.halted) return;
    let reason: string;
    if (script.behaviour === 'no-answer') reason = 'OUTBOUND_ATTEMPT_FAILED';
    else if (script.behaviour === 'busy') reason = 'TELECOM_BUSY';
    else reason = await this.runFlow(call, script, attributes);
    if (this.halted) return;
    call.endedAt = scheduler.now().getTime();
    call.disconnectReason = reason;
    this.active -= 1;
    this.busyLineMs += call.endedAt - call.placedAt;
    await this.options.onContactEvent({
      version: '0',
      id: randomUUID(),
      'detail-type': 'Amazon Connect Contact Event',
      source: 'aws.connect',
      account: '000000000000',
      time: new Date(call.endedAt).toISOString(),
      region: 'us-east-1',
      resources: [this.instanceArn, `${this.instanceArn}/contact/${call.contactId}`],
      detail: {
        eventType: 'DISCONNECTED',
        contactId: call.contactId,
        channel: 'VOICE',
        instanceArn: this.instanceArn,
        initiationMethod: 'API',
        initiationTimestamp: new Date(call.placedAt).toISOString(),
        disconnectTimestamp: new Date(call.endedAt).toISOString(),
        disconnectReason: reason,
      },
    });
  }

  /** Executes the flow; returns the disconnect reason. */
  private async runFlow(call: PlacedCall, script: CalleeScript, initialAttributes: Record<string, string>): Promise<string> {
    const attributes: Record<string, string> = { ...initialAttributes };
    let external: Record<string, string> = {};
    let lex: { IntentName: string; Slots: Record<string, string> } = { IntentName: '', Slots: {} };
    let lexTurns = 0;
    let turnMs = (script.durationMs ?? 60_000) / 4;
    const utterances = [...(script.utterances ?? [])];
    const resolve = (value: unknown): string => {
      if (typeof value !== 'string') return '';
      if (value.startsWith('$.Attributes.')) return attributes[value.slice(13)] ?? '';
      if (value.startsWith('$.External.')) return external[value.slice(11)] ?? '';
      if (value === '$.Lex.IntentName') return lex.IntentName;
      if (value.startsWith('$.Lex.Slots.')) return lex.Slots[value.slice(12)] ?? '';
      return value;
    };
    let id: string | undefined = this.options.flow.StartAction;
    for (let steps = 0; id !== undefined && steps < 10_000; steps += 1) {
      const action = this.actions.get(id);
      if (!action) throw new Error(`contact flow has no action "${id}"`);
      const errorNext = (type: string) => action.Transitions.Errors?.find((e) => e.ErrorType === type)?.NextAction;
      switch (action.Type) {
        case 'UpdateFlowLoggingBehavior':
        case 'UpdateContactTextToSpeechVoice':
          id = action.Transitions.NextAction;
          break;
        case 'InvokeLambdaFunction': {
          const parameters = action.Parameters as { LambdaFunctionARN: string; LambdaInvocationAttributes?: Record<string, string> };
          const lambda = this.options.lambdas[parameters.LambdaFunctionARN];
          if (!lambda) throw new Error(`no Lambda for ${parameters.LambdaFunctionARN}`);
          const params = Object.fromEntries(Object.entries(parameters.LambdaInvocationAttributes ?? {}).map(([k, v]) => [k, resolve(v)]));
          try {
            external = await lambda(this.connectEvent(call, attributes, params));
            if (external.questionCount) turnMs = (script.durationMs ?? 60_000) / (Number(external.questionCount) + 2);
            id = action.Transitions.NextAction;
          } catch {
            id = errorNext('NoMatchingError');
          }
          break;
        }
        case 'UpdateContactAttributes':
          for (const [key, value] of Object.entries((action.Parameters as { Attributes: Record<string, string> }).Attributes))
            attributes[key] = resolve(value);
          id = action.Transitions.NextAction;
          break;
        case 'MessageParticipant':
          call.spoken.push(resolve(action.Parameters.SSML));
          await this.options.scheduler.sleep(turnMs);
          if (this.halted) return 'HALTED';
          id = action.Transitions.NextAction;
          break;
        case 'Compare': {
          const value = resolve(action.Parameters.ComparisonValue);
          const match = action.Transitions.Conditions?.find((c) => c.Condition.Operands.includes(value));
          id = match?.NextAction ?? errorNext('NoMatchingCondition') ?? action.Transitions.NextAction;
          break;
        }
        case 'ConnectParticipantWithLexBot': {
          if (script.hangUpAfterAnswers !== undefined && lexTurns >= script.hangUpAfterAnswers) return 'CUSTOMER_DISCONNECT';
          call.spoken.push(resolve(action.Parameters.SSML));
          await this.options.scheduler.sleep(turnMs);
          if (this.halted) return 'HALTED';
          lexTurns += 1;
          const aliasArn = (action.Parameters.LexV2Bot as { AliasArn: string }).AliasArn;
          const role = this.options.botAliases[aliasArn];
          if (!role) throw new Error(`no Lex bot for alias ${aliasArn}`);
          const said = utterances.shift();
          lex = understand(role, said ?? '', this.options.scheduler.now().toISOString().slice(0, 10));
          const matched = action.Transitions.Conditions?.find((c) => c.Condition.Operands.includes(lex.IntentName));
          // No more scripted words: the callee stays silent and the block times out.
          id =
            matched?.NextAction ?? errorNext(said === undefined ? 'InputTimeLimitExceeded' : 'NoMatchingCondition') ?? action.Transitions.NextAction;
          break;
        }
        case 'DisconnectParticipant':
          return 'CONTACT_FLOW_DISCONNECT';
        default:
          throw new Error(`the Connect stand-in does not run ${action.Type} blocks`);
      }
    }
    return 'CONTACT_FLOW_DISCONNECT';
  }

  private connectEvent(call: PlacedCall, attributes: Record<string, string>, parameters: Record<string, string>) {
    return {
      Name: 'ContactFlowEvent',
      Details: {
        ContactData: {
          Attributes: { ...attributes },
          Channel: 'VOICE',
          ContactId: call.contactId,
          InitialContactId: call.contactId,
          InitiationMethod: 'API',
          InstanceARN: this.instanceArn,
          LanguageCode: 'en-US',
          CustomerEndpoint: { Address: call.phoneNumber, Type: 'TELEPHONE_NUMBER' },
          SystemEndpoint: { Address: '+15550100000', Type: 'TELEPHONE_NUMBER' },
          MediaStreams: { Customer: { Audio: null } },
        },
        Parameters: parameters,
      },
    };
  }
}

/**
 * A tiny stand-in for Lex NLU: exact (case-insensitive) match against the bot's sample utterances; a slot's words are
 * resolved as Lex V2's built-in slot type would (`lex-builtin-slots.ts`: "tomorrow" → a date, "twelve" → 12,
 * "half past nine" → ambiguous, so no interpreted value — Connect then sees an empty slot, as on AWS). `today` is the
 * caller's date (UTC on the stand-in).
 */
export function understand(
  role: LexBotDefinition['role'],
  utterance: string,
  today: string = new Date().toISOString().slice(0, 10),
): { IntentName: string; Slots: Record<string, string> } {
  const bot = lexBots.find((b) => b.role === role)!;
  const said = utterance
    .trim()
    .toLowerCase()
    .replace(/[.!?]+$/, '');
  for (const intent of bot.intents) {
    for (const sample of intent.sampleUtterances) {
      if (intent.slot && sample.includes('{answer}')) {
        const [before = '', after = ''] = sample.toLowerCase().split('{answer}');
        if (said.startsWith(before) && said.endsWith(after)) {
          const value = said.slice(before.length, said.length - after.length).trim();
          const resolved = resolveBuiltInSlot(intent.slot.slotType, value, today);
          if (resolved) return { IntentName: intent.name, Slots: resolved.interpretedValue === null ? {} : { answer: resolved.interpretedValue } };
        }
      } else if (sample.toLowerCase() === said) {
        return { IntentName: intent.name, Slots: {} };
      }
    }
  }
  return { IntentName: 'FallbackIntent', Slots: {} };
}

/** Deterministic random callees: the same seed, receiver and attempt always behave the same. */
export function randomCallees(options: {
  seed: string;
  answerRate?: number;
  busyRate?: number;
  hangUpRate?: number;
  durationMs?: number;
  ringMs?: number;
  utterances?: readonly string[];
}): CalleeScripts {
  return ({ receiverId, attempt }) => {
    const digest = createHash('sha256').update(`${options.seed}\u0000${receiverId}\u0000${attempt}`).digest();
    const roll = digest.readUInt32BE(0) / 0x1_0000_0000;
    const hangRoll = digest.readUInt32BE(4) / 0x1_0000_0000;
    const answerRate = options.answerRate ?? 0.8;
    const busyRate = options.busyRate ?? 0.05;
    const base = {
      ...(options.durationMs !== undefined ? { durationMs: options.durationMs } : {}),
      ...(options.ringMs !== undefined ? { ringMs: options.ringMs } : {}),
    };
    if (roll >= answerRate + busyRate) return { behaviour: 'no-answer', ...base };
    if (roll >= answerRate) return { behaviour: 'busy', ...base };
    const utterances = options.utterances ?? [];
    return {
      behaviour: 'answer',
      utterances,
      ...base,
      ...(hangRoll < (options.hangUpRate ?? 0) ? { hangUpAfterAnswers: Math.floor(hangRoll * 1000) % Math.max(1, utterances.length) } : {}),
    };
  };
}
