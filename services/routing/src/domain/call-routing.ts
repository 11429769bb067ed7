/**
 * The routing decision for one SIP media application invocation: a pure state machine.
 *
 * Input: the parsed invocation event, a snapshot of the routing table (or `undefined` when the table could
 * not be read), the time, and the deployment's settings. Output: the actions to return to the PSTN audio
 * service, the transaction attributes that carry this call's state to its next invocation, and the side
 * effects the handler performs (preload the Lex session, publish events).
 *
 * Every branch ends with the caller either hearing something, being bridged, or being hung up on
 * deliberately — never silence. The chain when a bridge fails: primary → overflow → operator → apology
 * and hang-up (the sample told callers "connecting you to an operator" and then dialled `000000`).
 */
import {
  actions,
  botConversationResult,
  bridgeCallerId,
  bridgeEstablished,
  legA,
  sipHeaderValue,
  transactionAttributes,
  type Participant,
  type SmaAction,
  type SmaEvent,
  type SpeechParameters,
} from '@switchboard/shared/chime';
import type { EventData } from '@switchboard/shared/contracts';
import type { CallRouted, CallRoutingFailed, SmsDeflectionRequested } from '@switchboard/shared/contracts';
import { openStateAt } from './business-hours.ts';
import { OPERATOR_DEPARTMENT, type Department, type Destination } from './department.ts';
import type { DepartmentDirectory } from './department-directory.ts';
import { smsEligibility, type TextingLookup } from './sms-eligibility.ts';
import { checkDestination, isE164 } from '@switchboard/shared/phone-guard';

/** `+1900***1234`: numbers in decisions' reasons end up in events and logs. */
function maskPhone(number: string): string {
  return number.length <= 8 ? '***' : `${number.slice(0, 5)}***${number.slice(-4)}`;
}

/** Deployment settings the decision needs (from config; the same for every call). */
export interface RoutingSettings {
  /** ARN of the Voice Connector in front of the PBX; voice-connector destinations are skipped without it. */
  voiceConnectorArn: string | undefined;
  /** Used when the routing table is unreachable or has no usable operator entry. */
  fallbackOperator: Exclude<Destination, { type: 'operator' }> | undefined;
  /** CallAndBridge ring time before ACTION_FAILED (CallNotAnswered). */
  bridgeTimeoutSeconds: number;
  bot: { aliasArn: string; localeId: string };
  voice: Pick<SpeechParameters, 'VoiceId' | 'Engine' | 'LanguageCode'>;
  /** Spoken first on every call, before the department question. */
  greeting: string;
  /** Language of the SMS the sms service sends on deflection (BCP 47). */
  languageCode: string;
  /**
   * A number of this account presented as caller id when neither the caller's From nor the dialled To is
   * an E.164 number (a SIP call through the Voice Connector); without it such a call cannot be bridged.
   */
  callerIdNumber?: string | undefined;
  /** ISO countries sms texts (its allow-list): "continue by text" is offered only to numbers there. */
  smsAllowedCountries: readonly string[];
  /**
   * ISO countries a PSTN bridge may dial. Every number is re-checked with the toll-fraud guard at call time,
   * so a number stored before a rule existed (or written behind the API's back) is never bridged.
   * @default ['US']
   */
  allowedCountries?: readonly string[] | undefined;
}

export interface RoutingContext {
  /** The routing table; `undefined` when it could not be read in time (the call still gets an answer). */
  directory: DepartmentDirectory | undefined;
  now: Date;
  settings: RoutingSettings;
  /** The texting projection's answer for the caller, read only when an SMS offer may be made. */
  texting?: TextingLookup | undefined;
}

export type PublishedEvent =
  | { detailType: 'CallRouted'; data: EventData<typeof CallRouted> }
  | { detailType: 'CallRoutingFailed'; data: EventData<typeof CallRoutingFailed> }
  | { detailType: 'SmsDeflectionRequested'; data: EventData<typeof SmsDeflectionRequested> };

export type RoutingEffect =
  | { type: 'preloadBotSession'; sessionId: string; callerNumber: string; calledNumber: string }
  | { type: 'publish'; event: PublishedEvent };

export interface RoutingDecision {
  actions: SmaAction[];
  transactionAttributes: Record<string, string>;
  effects: RoutingEffect[];
  /** One line for the log: what was decided and why. */
  summary: string;
}

/** Where the call is in the flow; carried in the `phase` transaction attribute. */
export type CallPhase = 'bot' | 'sms-offer' | 'bridging' | 'connected' | 'ending';
/** Which destination of the chain the current bridge attempt uses. */
export type RouteStage = 'primary' | 'afterHours' | 'overflow' | 'operator';

/** The transaction attributes this state machine reads and writes (at most 10 allowed; we use 7). */
export interface CallState {
  phase?: CallPhase;
  department?: string;
  stage?: RouteStage;
  attempt?: number;
  inputMode?: 'Speech' | 'DTMF';
  /** Set once an INVALID_LAMBDA_RESPONSE has been recovered from, so a second one just hangs up. */
  recovered?: boolean;
  /** Bridge targets already dialled on this call: never dial one twice (an operator department's own line). */
  tried?: string[];
}

const PHASES: readonly CallPhase[] = ['bot', 'sms-offer', 'bridging', 'connected', 'ending'];
const STAGES: readonly RouteStage[] = ['primary', 'afterHours', 'overflow', 'operator'];

export function readCallState(attributes: Record<string, string>): CallState {
  const state: CallState = {};
  const phase = attributes.phase as CallPhase | undefined;
  if (phase !== undefined && PHASES.includes(phase)) state.phase = phase;
  if (attributes.department) state.department = attributes.department;
  const stage = attributes.stage as RouteStage | undefined;
  if (stage !== undefined && STAGES.includes(stage)) state.stage = stage;
  const attempt = Number(attributes.attempt);
  if (Number.isInteger(attempt) && attempt > 0 && attempt < 100) state.attempt = attempt;
  if (attributes.inputMode === 'Speech' || attributes.inputMode === 'DTMF') state.inputMode = attributes.inputMode;
  if (attributes.recovered === 'true') state.recovered = true;
  if (attributes.tried) state.tried = attributes.tried.split(',').filter(Boolean).slice(0, 10);
  return state;
}

export function writeCallState(state: CallState): Record<string, string> {
  const out: Record<string, string> = {};
  if (state.phase) out.phase = state.phase;
  if (state.department) out.department = state.department;
  if (state.stage) out.stage = state.stage;
  if (state.attempt !== undefined) out.attempt = String(state.attempt);
  if (state.inputMode) out.inputMode = state.inputMode;
  if (state.recovered) out.recovered = 'true';
  if (state.tried?.length) out.tried = state.tried.join(',');
  return out;
}

/** The slot the bot fills and the session attributes the code hook and the SMA agree on. */
export const DEPARTMENT_SLOT = 'Department';
export const ROUTE_CALL_INTENT = 'RouteCall';
export const SESSION_ATTRIBUTE = {
  callerNumber: 'phoneNumber',
  failureCount: 'failureCount',
  /** Set by the code hook after two failures: the bot gave up and the SMA must route to the operator. */
  routeToOperator: 'routeToOperator',
} as const;

/** The SMS offer's keys: 1 holds, 2 deflects to SMS. */
export const SMS_OFFER_ACCEPT_KEY = '2';

class Call {
  readonly caller: Participant;
  readonly state: CallState;
  readonly effects: RoutingEffect[] = [];

  constructor(
    readonly event: SmaEvent,
    readonly ctx: RoutingContext,
  ) {
    this.caller = legA(event);
    this.state = readCallState(transactionAttributes(event));
  }

  get callId(): string {
    return this.caller.CallId;
  }

  get callerNumber(): string | undefined {
    return isE164(this.caller.From) ? this.caller.From : undefined;
  }

  get calledNumber(): string | undefined {
    return isE164(this.caller.To) ? this.caller.To : undefined;
  }

  /**
   * CallAndBridge's caller id must be an E.164 number of this account or LEG-A's From. Withheld or
   * malformed caller ids ("anonymous") would be rejected, so present the called number (ours), then the
   * configured account number; `undefined` when none is a number (the call then cannot be bridged).
   */
  get bridgeCallerId(): string | undefined {
    return bridgeCallerId(this.caller, { fallback: this.ctx.settings.callerIdNumber });
  }

  /** Both legs report Connected, or an earlier invocation saw the bridge answered. */
  get bridged(): boolean {
    return this.state.phase === 'connected' || bridgeEstablished(this.event.CallDetails.Participants);
  }

  speak(text: string): SmaAction {
    return actions.speak({ CallId: this.callId, Text: text, TextType: 'text', ...this.ctx.settings.voice });
  }

  publish(event: PublishedEvent): void {
    this.effects.push({ type: 'publish', event });
  }

  decision(actionList: SmaAction[], state: CallState, summary: string): RoutingDecision {
    return { actions: actionList, transactionAttributes: writeCallState(state), effects: this.effects, summary };
  }

  failed(stage: string, reason: string, outcome: 'overflow' | 'operator' | 'hangup', department?: string): void {
    this.publish({
      detailType: 'CallRoutingFailed',
      data: {
        callId: this.callId,
        ...(this.callerNumber ? { callerNumber: this.callerNumber } : {}),
        ...(department ? { department } : {}),
        stage,
        reason,
        outcome,
      },
    });
  }
}

/** Decides the response to one invocation. Pure and synchronous; throws only on programming errors. */
export function decideCallRouting(event: SmaEvent, ctx: RoutingContext): RoutingDecision {
  const call = new Call(event, ctx);
  if (call.bridged && event.InvocationEventType !== 'HANGUP' && event.InvocationEventType !== 'NEW_INBOUND_CALL') {
    // The caller is talking to the department: nothing but a hang-up changes that. A stale, repeated or
    // unexpected event (a late bot result, an INVALID_LAMBDA_RESPONSE about an earlier answer, an action
    // we did not send) must not re-route a call in progress.
    return call.decision(
      [],
      { ...call.state, phase: 'connected' },
      `${event.InvocationEventType}${event.ActionData?.Type ? ` (${event.ActionData.Type})` : ''} during an established bridge: nothing to do`,
    );
  }
  switch (event.InvocationEventType) {
    case 'NEW_INBOUND_CALL':
      return onNewInboundCall(call);
    case 'ACTION_SUCCESSFUL':
      return onActionSuccessful(call);
    case 'ACTION_FAILED':
      return onActionFailed(call);
    case 'HANGUP':
      return onHangup(call);
    case 'INVALID_LAMBDA_RESPONSE':
      return onInvalidLambdaResponse(call);
    // Progress notifications that need no new action: the previous actions are still running.
    case 'RINGING':
    case 'CALL_ANSWERED':
    case 'NEW_OUTBOUND_CALL':
    case 'DIGITS_RECEIVED':
    case 'ACTION_INTERRUPTED':
    case 'CALL_UPDATE_REQUESTED':
      return call.decision([], call.state, `${event.InvocationEventType}: nothing to do`);
  }
}

function onNewInboundCall(call: Call): RoutingDecision {
  const { directory, settings } = call.ctx;
  if (directory === undefined) {
    // The bot's code hook reads the same table; without it the bot cannot validate anything.
    return routeToOperator(call, 'the routing table is unavailable', undefined, 'lookup');
  }
  call.effects.push({
    type: 'preloadBotSession',
    sessionId: call.callId,
    callerNumber: call.caller.From,
    calledNumber: call.caller.To,
  });
  const menu = keypadMenu(directory.departments);
  return call.decision(
    [
      call.speak(settings.greeting),
      actions.startBotConversation({
        CallId: call.callId,
        BotAliasArn: settings.bot.aliasArn,
        LocaleId: settings.bot.localeId,
        Configuration: {
          SessionState: {
            SessionAttributes: { [SESSION_ATTRIBUTE.callerNumber]: call.caller.From },
            DialogAction: { Type: 'ElicitIntent' },
          },
          WelcomeMessages: [{ ContentType: 'PlainText', Content: `Which department would you like?${menu ? ` ${menu}` : ''}` }],
        },
      }),
    ],
    { phase: 'bot' },
    'new call: greeting and department question',
  );
}

/** "You can also press 1 for science, 2 for art." — from the table, so it never lists a dead key. */
export function keypadMenu(departments: readonly Department[]): string {
  const keyed = departments
    .filter((d) => d.dtmfKey !== undefined)
    .sort((a, b) => ((a.dtmfKey ?? '') < (b.dtmfKey ?? '') ? -1 : (a.dtmfKey ?? '') > (b.dtmfKey ?? '') ? 1 : 0))
    .slice(0, 10)
    .map((d) => `${d.dtmfKey} for ${d.name}`);
  if (keyed.length === 0) return '';
  return `You can also press ${keyed.join(', ')}.`;
}

function onActionSuccessful(call: Call): RoutingDecision {
  const type = call.event.ActionData?.Type;
  switch (type) {
    case 'StartBotConversation':
      return onBotFinished(call);
    case 'SpeakAndGetDigits':
      if (call.state.phase === 'sms-offer') return onSmsOfferAnswered(call);
      break;
    case 'CallAndBridge':
      // Both legs are connected: nothing to do until one hangs up.
      if (call.state.phase === 'bridging') return call.decision([], { ...call.state, phase: 'connected' }, 'bridge answered');
      break;
  }
  return resumeAfterUnexpected(call, `${type ?? 'an action'} finished`);
}

/**
 * An action we did not expect finished (lost attributes, a replayed event, an action from an earlier
 * phase). A call being ended is left to end; any other caller is not left in silence: the flow goes on
 * where the state says it is — the department's chain, else the operator.
 */
function resumeAfterUnexpected(call: Call, what: string): RoutingDecision {
  if (call.state.phase === 'ending') return call.decision([], call.state, `${what} while ending: nothing to do`);
  const department = call.state.department ? call.ctx.directory?.get(call.state.department) : undefined;
  if (department !== undefined) {
    return bridge(call, call.state, department, call.state.stage ?? 'primary', [], undefined, `${what} unexpectedly`);
  }
  return routeToOperator(call, `${what} unexpectedly in phase ${call.state.phase ?? 'none'}`, call.state.department, 'handler');
}

function slotCandidates(call: Call): { candidates: (string | undefined)[]; original: string | undefined } {
  const result = call.event.ActionData?.Type === 'StartBotConversation' ? botConversationResult(call.event) : undefined;
  const slot = result?.raw.SessionState?.Intent?.Slots?.[DEPARTMENT_SLOT];
  const value = slot?.Value;
  return {
    candidates: [value?.InterpretedValue ?? undefined, ...(value?.ResolvedValues ?? []), value?.OriginalValue],
    original: value?.OriginalValue,
  };
}

function onBotFinished(call: Call): RoutingDecision {
  const { directory } = call.ctx;
  const result = botConversationResult(call.event);
  if (directory === undefined) return routeToOperator(call, 'the routing table is unavailable', undefined, 'lookup');
  if (result === undefined) return routeToOperator(call, 'the bot returned no result', undefined, 'bot');
  if (result.sessionAttributes[SESSION_ATTRIBUTE.routeToOperator] === 'true') {
    // The code hook has already told the caller they are being connected to an operator.
    return routeToOperator(call, 'the caller asked for no known department', undefined, 'bot', false);
  }
  const { candidates, original } = slotCandidates(call);
  const department = directory.resolve(candidates);
  if (department === undefined || result.intentState === 'Failed') {
    return routeToOperator(call, `no department matches "${original ?? ''}"`, undefined, 'bot');
  }
  const inputMode = original !== undefined && /^\s*[0-9*#]\s*$/.test(original) ? 'DTMF' : 'Speech';
  return routeToDepartment(call, department, inputMode);
}

function routeToDepartment(call: Call, department: Department, inputMode: 'Speech' | 'DTMF'): RoutingDecision {
  const state: CallState = { ...call.state, department: department.name, inputMode };
  const open = openStateAt(department.businessHours, call.ctx.now);
  if (!open.open) {
    const message =
      department.afterHoursMessage ??
      (open.reason === 'holiday'
        ? `The ${department.name} department is closed today for a holiday.`
        : `The ${department.name} department is closed right now.`);
    if (department.afterHoursDestination === undefined) {
      call.failed('hours', open.reason === 'holiday' ? `closed for the holiday ${open.date}` : 'outside business hours', 'hangup', department.name);
      return call.decision(
        [call.speak(`${message} Please call again during opening hours. Goodbye.`), actions.hangup({ CallId: call.callId, SipResponseCode: '0' })],
        { ...state, phase: 'ending' },
        `${department.name} closed (${open.reason}); no after-hours destination`,
      );
    }
    return bridge(call, state, department, 'afterHours', [call.speak(message)]);
  }
  const offer = smsOffer(call, department);
  if (offer.action !== undefined) return call.decision([offer.action], { ...state, phase: 'sms-offer' }, `${department.name}: offering SMS`);
  // Not offered (or eligibility unknown): the caller stays in the queue.
  return bridge(call, state, department, 'primary', [], undefined, offer.skipped);
}

/** Whether the wait is long enough to offer SMS: only then is the caller's texting status read. */
export function smsOfferWanted(department: Department | undefined): boolean {
  const threshold = department?.smsDeflection?.offerWhenWaitExceedsSeconds;
  const wait = department?.expectedWaitSeconds;
  return threshold !== undefined && wait !== undefined && wait > threshold;
}

function smsOffer(call: Call, department: Department): { action?: SmaAction; skipped?: string } {
  if (!smsOfferWanted(department)) return {};
  const wait = department.expectedWaitSeconds ?? 0;
  // Only a number sms can text gets the offer: mobile, in a country we text, not opted out (issue 15).
  const eligibility = smsEligibility(call.callerNumber, call.ctx.texting, call.ctx.settings.smsAllowedCountries);
  if (!eligibility.eligible) return { skipped: `no SMS offer (${eligibility.reason})` };
  const minutes = Math.max(1, Math.round(wait / 60));
  const speech = (text: string): SpeechParameters => ({ Text: text, TextType: 'text', ...call.ctx.settings.voice });
  const action = actions.speakAndGetDigits({
    CallId: call.callId,
    InputDigitsRegex: '^[12]$',
    MinNumberOfDigits: 1,
    MaxNumberOfDigits: 1,
    Repeat: 2,
    RepeatDurationInMilliseconds: 4000,
    SpeechParameters: speech(
      `The expected wait for ${department.name} is about ${minutes} minute${minutes === 1 ? '' : 's'}. Press 1 to hold, or press 2 to continue by text message.`,
    ),
    FailureSpeechParameters: speech('Sorry, please press 1 to hold, or 2 to continue by text message.'),
  });
  return { action };
}

function onSmsOfferAnswered(call: Call): RoutingDecision {
  const department = call.state.department ? call.ctx.directory?.get(call.state.department) : undefined;
  const digits = call.event.ActionData?.ReceivedDigits;
  if (department === undefined) return routeToOperator(call, 'the department is no longer in the routing table', call.state.department, 'lookup');
  if (digits === SMS_OFFER_ACCEPT_KEY && call.callerNumber !== undefined) {
    call.publish({
      detailType: 'SmsDeflectionRequested',
      data: {
        phoneNumber: call.callerNumber,
        callId: call.callId,
        department: department.name,
        ...(department.expectedWaitSeconds !== undefined ? { expectedWaitSeconds: department.expectedWaitSeconds } : {}),
        languageCode: call.ctx.settings.languageCode,
        requestedBy: 'switchboard.routing',
        ...(call.calledNumber ? { context: { calledNumber: call.calledNumber } } : {}),
      },
    });
    return call.decision(
      [
        call.speak(`Thank you. We will text you shortly to continue with the ${department.name} department. Goodbye.`),
        actions.hangup({ CallId: call.callId, SipResponseCode: '0' }),
      ],
      { ...call.state, phase: 'ending' },
      `${department.name}: caller accepted SMS deflection`,
    );
  }
  return bridge(call, call.state, department, 'primary', []);
}

/** Resolves a destination to a CallAndBridge endpoint, or says why it cannot be used. */
function endpointFor(
  call: Call,
  destination: Destination,
): { ok: true; kind: 'voiceConnector' | 'pstn'; target: string } | { ok: false; reason: string } {
  switch (destination.type) {
    case 'voiceConnector':
      if (call.ctx.settings.voiceConnectorArn === undefined) return { ok: false, reason: 'no Voice Connector is configured' };
      return { ok: true, kind: 'voiceConnector', target: destination.extension };
    case 'pstn': {
      const check = checkDestination(destination.number, { allowedCountries: call.ctx.settings.allowedCountries ?? ['US'], purpose: 'call' });
      if (!check.ok) return { ok: false, reason: `${maskPhone(destination.number)} refused by the toll-fraud guard (${check.code})` };
      return { ok: true, kind: 'pstn', target: check.e164 };
    }
    case 'operator':
      return { ok: false, reason: 'operator' };
  }
}

/**
 * The operator's destinations, best first: the table's operator entry while it is open, then the
 * configured fallback (which also covers an unreachable table).
 */
function operatorDestinations(call: Call): Exclude<Destination, { type: 'operator' }>[] {
  const candidates: Exclude<Destination, { type: 'operator' }>[] = [];
  const entry = call.ctx.directory?.operator;
  if (entry !== undefined && entry.destination.type !== 'operator' && openStateAt(entry.businessHours, call.ctx.now).open) {
    candidates.push(entry.destination);
  }
  if (call.ctx.settings.fallbackOperator !== undefined) candidates.push(call.ctx.settings.fallbackOperator);
  return candidates;
}

type Endpoint = { ok: true; kind: 'voiceConnector' | 'pstn'; target: string };

/** The first destination that can be dialled and has not been dialled on this call yet, or why none can. */
function firstUsable(call: Call, destinations: readonly Destination[], tried: readonly string[] = []): Endpoint | { ok: false; reason: string } {
  const reasons: string[] = [];
  for (const destination of destinations) {
    const endpoint = endpointFor(call, destination.type === 'operator' ? (operatorDestinations(call)[0] ?? destination) : destination);
    if (endpoint.ok && tried.includes(endpoint.target)) {
      reasons.push(`${endpoint.target} already tried`);
      continue;
    }
    if (endpoint.ok) return endpoint;
    reasons.push(endpoint.reason);
  }
  return { ok: false, reason: reasons.length ? reasons.join(', ') : 'none configured' };
}

function nextStage(stage: RouteStage, department: Department | undefined): RouteStage | undefined {
  switch (stage) {
    case 'primary':
    case 'afterHours':
      // An overflow that is itself "the operator" would ring the operator twice.
      return stage === 'primary' && department?.overflowDestination !== undefined && department.overflowDestination.type !== 'operator'
        ? 'overflow'
        : 'operator';
    case 'overflow':
      return 'operator';
    case 'operator':
      return undefined;
  }
}

function destinationsFor(call: Call, stage: RouteStage, department: Department | undefined): Destination[] {
  const one = (d: Destination | undefined): Destination[] => (d === undefined ? [] : d.type === 'operator' ? operatorDestinations(call) : [d]);
  switch (stage) {
    case 'primary':
      return one(department?.destination);
    case 'afterHours':
      return one(department?.afterHoursDestination);
    case 'overflow':
      return one(department?.overflowDestination);
    case 'operator':
      return operatorDestinations(call);
  }
}

const EVENT_REASON: Record<RouteStage, EventData<typeof CallRouted>['reason']> = {
  primary: 'open',
  afterHours: 'afterHours',
  overflow: 'overflow',
  operator: 'operator',
};

/**
 * Bridges to the destination of `stage`, walking down the chain past destinations that cannot be used
 * (no Voice Connector configured, operator closed), and ends the call politely when nothing is left.
 */
function bridge(
  call: Call,
  state: CallState,
  department: Department | undefined,
  stage: RouteStage,
  prelude: SmaAction[],
  reasonOverride?: EventData<typeof CallRouted>['reason'],
  why?: string,
): RoutingDecision {
  const callerId = call.bridgeCallerId;
  if (callerId === undefined) {
    call.failed(
      'bridge',
      'no E.164 caller id to present (caller and dialled number are not numbers; CALLER_ID_NUMBER unset)',
      'hangup',
      department?.name,
    );
    return apologizeAndHangUp(call, { ...state, phase: 'ending' }, prelude, 'no E.164 caller id: cannot bridge');
  }
  let current: RouteStage | undefined = stage;
  const skipped: string[] = [];
  while (current !== undefined) {
    const endpoint = firstUsable(call, destinationsFor(call, current, department), state.tried);
    if (endpoint.ok) {
      const attempt = (state.attempt ?? 0) + 1;
      const departmentName = current === 'operator' && department === undefined ? OPERATOR_DEPARTMENT : (department?.name ?? OPERATOR_DEPARTMENT);
      const headers: Record<string, string> = {};
      if (endpoint.kind === 'voiceConnector') {
        // What Asterisk's dial plan reads (PJSIP_HEADER(read,X-LexInfo)) to pick the prompt or the agent.
        // Both come from outside (a department name an editor typed, the caller's From): sanitised so they can
        // never carry CR, LF, ';' or non-printing characters into the INVITE.
        const lexInfo = sipHeaderValue(departmentName);
        if (lexInfo) headers['X-LexInfo'] = lexInfo;
        const calling = call.caller.From ? sipHeaderValue(call.caller.From) : '';
        if (calling) headers['X-Original-Calling-Number'] = calling;
      }
      call.publish({
        detailType: 'CallRouted',
        data: {
          callId: call.callId,
          ...(call.callerNumber ? { callerNumber: call.callerNumber } : {}),
          ...(call.calledNumber ? { calledNumber: call.calledNumber } : {}),
          department: departmentName,
          destination: { kind: endpoint.kind, target: endpoint.target },
          reason: current === stage && reasonOverride ? reasonOverride : EVENT_REASON[current],
          ...(state.inputMode ? { inputMode: state.inputMode } : {}),
          attempt,
        },
      });
      const callAndBridge = actions.callAndBridge({
        CallTimeoutSeconds: call.ctx.settings.bridgeTimeoutSeconds,
        CallerIdNumber: callerId,
        Endpoints: [
          endpoint.kind === 'voiceConnector'
            ? { BridgeEndpointType: 'AWS', Arn: call.ctx.settings.voiceConnectorArn, Uri: endpoint.target }
            : { BridgeEndpointType: 'PSTN', Uri: endpoint.target },
        ],
        ...(Object.keys(headers).length > 0 ? { SipHeaders: headers } : {}),
      });
      const announce = current !== stage && current === 'operator' ? [call.speak('Let me connect you to an operator.')] : [];
      return call.decision(
        [...prelude, ...announce, callAndBridge],
        { ...state, phase: 'bridging', stage: current, attempt, tried: [...(state.tried ?? []), endpoint.target] },
        `${why ? `${why}: ` : ''}${departmentName}: bridging (${current}) to ${endpoint.kind} ${endpoint.target}${skipped.length ? `; skipped ${skipped.join(', ')}` : ''}`,
      );
    }
    skipped.push(`${current} (${endpoint.reason})`);
    current = nextStage(current, department);
  }
  call.failed('bridge', `no reachable destination: ${skipped.join(', ')}`, 'hangup', department?.name);
  return apologizeAndHangUp(call, { ...state, phase: 'ending' }, prelude, `no destination left (${skipped.join(', ')})`);
}

/** The first stage from `from` down the chain with a destination that can still be dialled. */
function reachableStage(call: Call, state: CallState, department: Department | undefined, from: RouteStage): RouteStage | undefined {
  for (let stage: RouteStage | undefined = from; stage !== undefined; stage = nextStage(stage, department)) {
    if (firstUsable(call, destinationsFor(call, stage, department), state.tried).ok) return stage;
  }
  return undefined;
}

function apologizeAndHangUp(call: Call, state: CallState, prelude: SmaAction[], summary: string): RoutingDecision {
  return call.decision(
    [
      ...prelude,
      call.speak("We're sorry, nobody can take your call right now. Please call again later. Goodbye."),
      actions.hangup({ CallId: call.callId, SipResponseCode: '0' }),
    ],
    state,
    summary,
  );
}

function routeToOperator(call: Call, reason: string, departmentName: string | undefined, failedStage: string, announce = true): RoutingDecision {
  const department = departmentName ? call.ctx.directory?.get(departmentName) : undefined;
  const endpoint = firstUsable(call, operatorDestinations(call), call.state.tried);
  if (!endpoint.ok) {
    call.failed(failedStage, `${reason}; no operator is reachable`, 'hangup', departmentName);
    return apologizeAndHangUp(call, { ...call.state, phase: 'ending' }, [], `${reason}; no operator reachable`);
  }
  call.failed(failedStage, reason, 'operator', departmentName);
  const prelude = announce ? [call.speak('Let me connect you to an operator.')] : [];
  return bridge(call, call.state, department, 'operator', prelude, failedStage === 'bot' ? 'unrecognised' : 'operator');
}

/** Busy, no answer, or the bridge failed for another reason: try the next destination of the chain. */
function onActionFailed(call: Call): RoutingDecision {
  const data = call.event.ActionData;
  const type = data?.Type;
  const error = [data?.ErrorType, data?.ErrorMessage].filter(Boolean).join(': ') || 'unknown error';
  if (type === 'StartBotConversation') return routeToOperator(call, `the bot conversation failed (${error})`, undefined, 'bot');
  if (type === 'SpeakAndGetDigits' && call.state.phase === 'sms-offer') {
    // No key pressed: treat as "hold".
    const department = call.state.department ? call.ctx.directory?.get(call.state.department) : undefined;
    if (department !== undefined) return bridge(call, call.state, department, 'primary', []);
    return routeToOperator(call, 'the department is no longer in the routing table', call.state.department, 'lookup');
  }
  if (type === 'CallAndBridge') {
    const stage = call.state.stage ?? 'primary';
    const department = call.state.department ? call.ctx.directory?.get(call.state.department) : undefined;
    const next = nextStage(stage, department);
    const what = describeBridgeFailure(data?.ErrorType, data?.ErrorMessage);
    // Decide what the caller gets before telling them: never announce an operator that cannot be dialled.
    const reachable = next === undefined ? undefined : reachableStage(call, call.state, department, next);
    if (reachable === undefined) {
      call.failed('bridge', `${stage} ${what}`, 'hangup', call.state.department);
      return apologizeAndHangUp(call, { ...call.state, phase: 'ending' }, [], `${stage} ${what}; nothing left to try`);
    }
    call.failed('bridge', `${stage} ${what}`, reachable === 'overflow' ? 'overflow' : 'operator', call.state.department);
    const prelude = [
      call.speak(reachable === 'overflow' ? 'That line is busy. Please hold while we try another.' : 'Let me connect you to an operator.'),
    ];
    return bridge(call, call.state, department, reachable, prelude);
  }
  // A Speak or Hangup failed: the caller cannot be spoken to reliably; end the call cleanly.
  call.failed('action', `${type ?? 'an action'} failed (${error})`, 'hangup', call.state.department);
  return call.decision(
    [actions.hangup({ CallId: call.callId, SipResponseCode: '0' })],
    { ...call.state, phase: 'ending' },
    `${type} failed: hanging up`,
  );
}

export function describeBridgeFailure(errorType: string | undefined, errorMessage: string | undefined): string {
  const text = `${errorType ?? ''} ${errorMessage ?? ''}`.toLowerCase();
  if (text.includes('busy') || text.includes('486')) return 'was busy';
  if (text.includes('notanswered') || text.includes('not answered') || text.includes('no answer')) return 'did not answer';
  return `failed (${[errorType, errorMessage].filter(Boolean).join(': ') || 'unknown error'})`;
}

/** One party hung up: hang up every other leg still connected (the sample always hung up Participants[1]). */
function onHangup(call: Call): RoutingDecision {
  const participants = call.event.CallDetails.Participants;
  const parameters = call.event.ActionData?.Parameters ?? {};
  const byCallId = typeof parameters.CallId === 'string' ? parameters.CallId : undefined;
  const byTag = typeof parameters.ParticipantTag === 'string' ? parameters.ParticipantTag : undefined;
  const gone =
    participants.find((p) => p.CallId === byCallId) ??
    participants.find((p) => p.ParticipantTag === byTag) ??
    participants.find((p) => p.Status === 'Disconnected');
  const remaining = participants.filter((p) => p !== gone && p.Status !== 'Disconnected');
  if (gone?.ParticipantTag === 'LEG-A' && (call.state.phase === 'bot' || call.state.phase === 'sms-offer' || call.state.phase === undefined)) {
    call.failed('caller', 'the caller hung up before being routed', 'hangup', call.state.department);
  }
  return call.decision(
    remaining.map((p) => actions.hangup({ CallId: p.CallId, SipResponseCode: '0' })),
    { ...call.state, phase: 'ending' },
    `${gone?.ParticipantTag ?? 'a leg'} hung up; hanging up ${remaining.length ? remaining.map((p) => p.ParticipantTag).join(', ') : 'nothing'}`,
  );
}

/** The service rejected our last response: recover once toward the operator, then give up cleanly. */
function onInvalidLambdaResponse(call: Call): RoutingDecision {
  const event = call.event as Extract<SmaEvent, { InvocationEventType: 'INVALID_LAMBDA_RESPONSE' }>;
  const reason = `the PSTN audio service rejected a response (${[event.ErrorType, event.ErrorMessage].filter(Boolean).join(': ')})`;
  if (call.state.recovered || call.state.phase === 'ending') {
    call.failed('handler', reason, 'hangup', call.state.department);
    return call.decision(
      [actions.hangup({ CallId: call.callId, SipResponseCode: '0' })],
      { ...call.state, phase: 'ending' },
      'invalid response again: hanging up',
    );
  }
  const decision = routeToOperator(call, reason, call.state.department, 'handler');
  decision.transactionAttributes.recovered = 'true';
  return decision;
}
