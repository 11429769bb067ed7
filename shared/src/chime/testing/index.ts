/**
 * `@switchboard/shared/chime/testing` — real-shaped SIP media application events for tests and the local
 * stage's call simulators. One `SmaCallScript` stands for one call as the PSTN audio service sees it: it
 * numbers invocations, keeps the participants (LEG-B appears when a bridge is answered, legs turn
 * Disconnected on hang-up) and echoes the transaction attributes of the last response, as the service
 * does. Every event it returns has passed `smaEventSchema`, so a test cannot feed a handler a shape the
 * service never sends.
 *
 * `simulateSmaCall` (./call-simulator.ts) plays a whole call on a handler over these events: the one call
 * simulator of the services' tests and local stages.
 *
 * Not for Lambda bundles: handlers import `@switchboard/shared/chime` only.
 */
import { randomUUID } from 'node:crypto';
import type { SmaAction, SmaActionOf } from '../index';
import { smaEventSchema, type ParticipantTag, type SmaEvent } from '../event-schema';
import type { IntentResult } from '../bot-result-schema';
import type { SmaResponse } from '../response';

export interface SmaCallOptions {
  /** The caller (inbound) or the number called (outbound, as `To`). */
  from: string;
  to: string;
  direction?: 'Inbound' | 'Outbound';
  transactionId?: string;
  awsAccountId?: string;
  awsRegion?: string;
  sipMediaApplicationId?: string;
  /** Inbound calls arrive through a SIP rule. */
  sipRuleId?: string;
  /** Ids, in order of use: the transaction id (unless `transactionId` is given), LEG-A's call id, each LEG-B's. @default randomUUID */
  ids?: () => string;
  /** Epoch milliseconds for StartTimeInMilliseconds. @default Date.now */
  clock?: () => number;
}

interface LegState {
  CallId: string;
  ParticipantTag: ParticipantTag;
  To: string;
  From: string;
  Direction: 'Inbound' | 'Outbound';
  StartTimeInMilliseconds: string;
  Status: 'Connected' | 'Disconnected';
}

/** What a bot conversation ended with, in the terms a test thinks in. */
export interface BotOutcome {
  intent: string;
  /** Slot name → interpreted value; `null` leaves the slot unfilled. */
  slots?: Record<string, string | null>;
  state?: 'Fulfilled' | 'ReadyForFulfillment' | 'Failed' | 'InProgress';
  sessionAttributes?: Record<string, string>;
  confidence?: number;
}

/** An `IntentResult` as the PSTN audio service reports it after StartBotConversation. */
export function botIntentResult(outcome: BotOutcome, sessionId = 'call-id'): IntentResult {
  const slots = Object.fromEntries(
    Object.entries(outcome.slots ?? {}).map(([name, value]) => [
      name,
      value === null ? null : { Value: { OriginalValue: value, InterpretedValue: value, ResolvedValues: [value] }, Values: [] },
    ]),
  );
  const intent = { Name: outcome.intent, Slots: slots, State: outcome.state ?? 'ReadyForFulfillment', ConfirmationState: 'None' };
  return {
    SessionId: sessionId,
    SessionState: { SessionAttributes: { ...(outcome.sessionAttributes ?? {}) }, Intent: intent },
    Interpretations: [{ Intent: intent, ...(outcome.confidence === undefined ? {} : { NluConfidence: { Score: outcome.confidence } }) }],
  };
}

/** One call, event by event. */
export class SmaCallScript {
  private sequence = 0;
  private readonly legs: LegState[] = [];
  private attributes: Record<string, string> | undefined;
  private readonly ids: () => string;
  private readonly clock: () => number;
  readonly transactionId: string;

  constructor(private readonly options: SmaCallOptions) {
    this.ids = options.ids ?? randomUUID;
    this.clock = options.clock ?? Date.now;
    this.transactionId = options.transactionId ?? this.ids();
    this.legs.push({
      CallId: this.ids(),
      ParticipantTag: 'LEG-A',
      To: options.to,
      From: options.from,
      Direction: options.direction ?? 'Inbound',
      StartTimeInMilliseconds: String(this.clock()),
      Status: 'Connected',
    });
  }

  /** The caller's leg as it stands. */
  get legA(): Readonly<LegState> {
    return this.legs[0]!;
  }

  get legB(): Readonly<LegState> | undefined {
    return this.legs.find((leg) => leg.ParticipantTag === 'LEG-B');
  }

  /** Transaction attributes the service will echo on the next invocation. */
  get transactionAttributes(): Readonly<Record<string, string>> | undefined {
    return this.attributes;
  }

  /**
   * Feeds back the handler's response: its transaction attributes replace the stored ones (`{}` clears
   * them); a response without them leaves the stored ones in place, as the service does.
   */
  respond(response: SmaResponse): this {
    if (response.TransactionAttributes !== undefined) this.attributes = { ...response.TransactionAttributes };
    return this;
  }

  newInboundCall(): SmaEvent {
    return this.event('NEW_INBOUND_CALL');
  }

  newOutboundCall(): SmaEvent {
    return this.event('NEW_OUTBOUND_CALL');
  }

  ringing(): SmaEvent {
    return this.event('RINGING');
  }

  callAnswered(): SmaEvent {
    return this.event('CALL_ANSWERED');
  }

  /** The last action of a response finished (or an action that returns data: digits, a bot result). */
  actionSuccessful(action: SmaAction, extras: { ReceivedDigits?: string; IntentResult?: IntentResult } = {}): SmaEvent {
    return this.event('ACTION_SUCCESSFUL', { ActionData: { Type: action.Type, Parameters: { ...action.Parameters }, ...extras } });
  }

  actionFailed(action: SmaAction, errorType: string, errorMessage = `${action.Type} failed: ${errorType}`): SmaEvent {
    return this.event('ACTION_FAILED', {
      ActionData: { Type: action.Type, Parameters: { ...action.Parameters }, ErrorType: errorType, ErrorMessage: errorMessage },
    });
  }

  actionInterrupted(action: SmaAction): SmaEvent {
    return this.event('ACTION_INTERRUPTED', { ActionData: { Type: action.Type, Parameters: { ...action.Parameters } } });
  }

  /** The caller entered digits the digit collector was told to look for; `digits` as entered. */
  digitsReceived(digits: string, receiveDigits?: SmaActionOf<'ReceiveDigits'>): SmaEvent {
    return this.event('DIGITS_RECEIVED', {
      ActionData: { Type: 'ReceiveDigits', Parameters: { ...(receiveDigits?.Parameters ?? {}) }, ReceivedDigits: digits },
    });
  }

  /** A CallAndBridge was answered: LEG-B joins (dialled with the action's caller id), ACTION_SUCCESSFUL. */
  bridgeAnswered(action: SmaActionOf<'CallAndBridge'>): SmaEvent {
    const endpoint = action.Parameters.Endpoints[0]!;
    const existing = this.legs.findIndex((leg) => leg.ParticipantTag === 'LEG-B');
    if (existing >= 0) this.legs.splice(existing, 1);
    this.legs.push({
      CallId: this.ids(),
      ParticipantTag: 'LEG-B',
      To: endpoint.Uri,
      From: action.Parameters.CallerIdNumber,
      Direction: 'Outbound',
      StartTimeInMilliseconds: String(this.clock()),
      Status: 'Connected',
    });
    return this.actionSuccessful(action);
  }

  /** StartBotConversation ended with this outcome. */
  botConversationEnded(action: SmaActionOf<'StartBotConversation'>, outcome: BotOutcome): SmaEvent {
    return this.actionSuccessful(action, { IntentResult: botIntentResult(outcome, this.legA.CallId) });
  }

  /** A leg hung up (default the caller), with the SIP response code the service reports ("0": normal). */
  hangup(tag: ParticipantTag = 'LEG-A', sipResponseCode = '0'): SmaEvent {
    const leg = this.legs.find((candidate) => candidate.ParticipantTag === tag);
    if (leg === undefined) throw new Error(`no ${tag} on this call to hang up`);
    leg.Status = 'Disconnected';
    return this.event('HANGUP', {
      ActionData: { Type: 'Hangup', Parameters: { SipResponseCode: sipResponseCode, CallId: leg.CallId, ParticipantTag: tag } },
    });
  }

  /**
   * A leg left the call without an event of its own yet (the application hung it up and another action's outcome
   * is reported first). `hangup` is the same with its HANGUP event.
   */
  disconnect(tag: ParticipantTag): this {
    const leg = this.legs.find((candidate) => candidate.ParticipantTag === tag);
    if (leg === undefined) throw new Error(`no ${tag} on this call to disconnect`);
    leg.Status = 'Disconnected';
    return this;
  }

  /** UpdateSipMediaApplicationCall was called with these arguments (0–20 string pairs). */
  callUpdateRequested(args: Record<string, string>): SmaEvent {
    return this.event('CALL_UPDATE_REQUESTED', { ActionData: { Type: 'CallUpdateRequest', Parameters: { Arguments: { ...args } } } });
  }

  /** The previous response was rejected by the service. */
  invalidLambdaResponse(errorType: string, errorMessage: string): SmaEvent {
    return this.event('INVALID_LAMBDA_RESPONSE', { ErrorType: errorType, ErrorMessage: errorMessage });
  }

  private event(type: SmaEvent['InvocationEventType'], extra: Record<string, unknown> = {}): SmaEvent {
    this.sequence += 1;
    const raw = {
      SchemaVersion: '1.0',
      Sequence: this.sequence,
      InvocationEventType: type,
      CallDetails: {
        TransactionId: this.transactionId,
        ...(this.attributes === undefined ? {} : { TransactionAttributes: { ...this.attributes } }),
        AwsAccountId: this.options.awsAccountId ?? '111122223333',
        AwsRegion: this.options.awsRegion ?? 'us-east-1',
        SipMediaApplicationId: this.options.sipMediaApplicationId ?? 'sip-media-application-id',
        ...(this.options.sipRuleId === undefined ? {} : { SipRuleId: this.options.sipRuleId }),
        Participants: this.legs.map((leg) => ({ ...leg })),
      },
      ...extra,
    };
    // A test double that produced an impossible event would prove nothing; fail at the source instead.
    return smaEventSchema.parse(raw);
  }
}

/** Starts a scripted call. */
export function smaCall(options: SmaCallOptions): SmaCallScript {
  return new SmaCallScript(options);
}

export * from './call-simulator';
