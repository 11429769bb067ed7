/**
 * The SIP media application handler, with its dependencies injected (handlers/sma.ts wires AWS; the
 * local call simulator wires the stand-ins; tests wire fakes that fail or hang).
 *
 * Contract with the PSTN audio service: answer every invocation, quickly, with a valid response.
 * - never throws: a malformed event, an unreachable table, a Lex or EventBridge error, a bug in a
 *   branch — all end in a valid fallback (apology + operator, or apology + hang-up);
 * - answers within `deadlineMs` (default 900 ms) even when a dependency hangs: every I/O gets what is
 *   left of the budget and is aborted at its end (Chime retries after 5 s and drops the call at 20 s;
 *   a caller should not hear seconds of silence either);
 * - the response is validated against the service's schema before it leaves (≤ 10 actions,
 *   string attributes, well-formed actions), so INVALID_LAMBDA_RESPONSE only comes from the service's
 *   own view of the call.
 */
import type { EventBus } from '@switchboard/shared/bus';
import {
  actions,
  bridgeCallerId,
  bridgeEstablished,
  parseSmaEvent,
  smaResponse,
  type SmaAction,
  type SmaEvent,
  type SmaResponse,
} from '@switchboard/shared/chime';
import { TimeoutError } from '@switchboard/shared/dynamo';
import { checkDestination, isE164 } from '@switchboard/shared/phone-guard';
import type { Logger } from '@switchboard/shared/logging';
import { decideCallRouting, smsOfferWanted, type RoutingDecision, type RoutingEffect, type RoutingSettings } from '../domain/call-routing.ts';
import type { TextingLookup } from '../domain/sms-eligibility.ts';
import type { TextingProjection } from '../domain/ports.ts';
import type { DepartmentDirectory } from '../domain/department-directory.ts';
import type { BotSessions } from '../domain/ports.ts';
import type { DirectoryCache } from './directory-cache.ts';
import { publishRoutingEvent } from './event-publisher.ts';

export type RoutingLogger = Pick<Logger, 'info' | 'warn' | 'error'>;

export interface SmaCallHandlerDeps {
  directory: Pick<DirectoryCache, 'get'>;
  botSessions: BotSessions;
  bus: EventBus;
  settings: RoutingSettings;
  logger: RoutingLogger;
  /** @default () => new Date() */
  clock?: () => Date;
  /** Whole-invocation budget for I/O, ms. @default 900 */
  deadlineMs?: number;
  /** Budget for reading the routing table, ms (within the deadline). @default 400 */
  directoryTimeoutMs?: number;
  /**
   * Routing's projection of who sms can text, read before an SMS offer. Without it (or when the read fails)
   * eligibility is unknown and no offer is made: the caller stays in the queue.
   */
  texting?: Pick<TextingProjection, 'get'> | undefined;
  /** Budget for the texting read, ms (within the deadline). @default 300 */
  textingTimeoutMs?: number;
  /** Hides numbers in logs. @default keeps the last 4 digits */
  maskNumber?: (value: string) => string;
}

export type SmaCallHandler = (input: unknown) => Promise<SmaResponse>;

// Invocations whose decision never looks at the table: no reason to spend a read on them.
const NEEDS_DIRECTORY = new Set(['NEW_INBOUND_CALL', 'ACTION_SUCCESSFUL', 'ACTION_FAILED', 'INVALID_LAMBDA_RESPONSE']);

const APOLOGY = "We're sorry, something went wrong on our side.";

function defaultMask(value: string): string {
  const digits = value.replace(/\D/g, '');
  return digits.length <= 4 ? '***' : `${value.startsWith('+') ? '+' : ''}${'*'.repeat(digits.length - 4)}${digits.slice(-4)}`;
}

/** Rejects with TimeoutError at `ms` and aborts `controller` so the SDK call's socket is released too. */
async function within<T>(ms: number, what: string, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      run(controller.signal),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => {
            // Reject first, so the caller sees the timeout rather than the abort it causes.
            reject(new TimeoutError(`${what} did not answer within ${Math.max(0, Math.round(ms))} ms`));
            controller.abort();
          },
          Math.max(0, ms),
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

export function createSmaCallHandler(deps: SmaCallHandlerDeps): SmaCallHandler {
  const clock = deps.clock ?? (() => new Date());
  const deadlineMs = deps.deadlineMs ?? 900;
  const directoryTimeoutMs = Math.min(deps.directoryTimeoutMs ?? 400, deadlineMs);
  const mask = deps.maskNumber ?? defaultMask;
  const textingTimeoutMs = deps.textingTimeoutMs ?? 300;

  async function readTexting(phoneNumber: string, budgetMs: number, logContext: Record<string, unknown>): Promise<TextingLookup> {
    if (deps.texting === undefined) return { kind: 'unknown', reason: 'no texting projection configured' };
    const texting = deps.texting;
    try {
      const record = await within(budgetMs, 'texting projection', (signal) => texting.get(phoneNumber, { signal }));
      return record === undefined ? { kind: 'none' } : { kind: 'found', record };
    } catch (error) {
      deps.logger.warn('texting projection unavailable; no SMS offer on this call', { ...logContext, error: errorText(error) });
      return { kind: 'unknown', reason: 'the texting projection could not be read' };
    }
  }

  async function runEffect(effect: RoutingEffect, callId: string, budgetMs: number): Promise<void> {
    switch (effect.type) {
      case 'preloadBotSession':
        await within(budgetMs, 'Lex PutSession', (signal) => deps.botSessions.preload(effect, { signal }));
        return;
      case 'publish':
        await within(budgetMs, `publishing ${effect.event.detailType}`, () => publishRoutingEvent(deps.bus, effect.event, callId));
        return;
    }
  }

  return async function handleSmaEvent(input: unknown): Promise<SmaResponse> {
    const started = Date.now();
    const remaining = () => deadlineMs - (Date.now() - started);
    try {
      const parsed = parseSmaEvent(input);
      if (!parsed.ok) {
        deps.logger.error('malformed SIP media application event; answering with the fallback', { error: parsed.error });
        return fallbackResponse(input, deps.settings);
      }
      const event: SmaEvent = parsed.event;
      const caller = event.CallDetails.Participants.find((p) => p.ParticipantTag === 'LEG-A') ?? event.CallDetails.Participants[0];
      const callId = caller?.CallId ?? event.CallDetails.TransactionId;
      const logContext = {
        correlationId: callId,
        transactionId: event.CallDetails.TransactionId,
        invocation: event.InvocationEventType,
        action: event.ActionData?.Type,
        from: caller ? mask(caller.From) : undefined,
      };

      let directory: DepartmentDirectory | undefined;
      if (NEEDS_DIRECTORY.has(event.InvocationEventType)) {
        try {
          directory = await within(Math.min(directoryTimeoutMs, remaining()), 'routing table', (signal) => deps.directory.get({ signal }));
        } catch (error) {
          deps.logger.error('routing table unavailable; deciding without it', { ...logContext, error: errorText(error) });
        }
      }

      let texting: TextingLookup | undefined;
      const callerNumber = caller?.From;
      if (
        event.InvocationEventType === 'ACTION_SUCCESSFUL' &&
        event.ActionData?.Type === 'StartBotConversation' &&
        directory?.departments.some(smsOfferWanted) &&
        isE164(callerNumber)
      ) {
        texting = await readTexting(callerNumber, Math.min(textingTimeoutMs, remaining()), logContext);
      }

      let decision: RoutingDecision;
      try {
        decision = decideCallRouting(event, { directory, now: clock(), settings: deps.settings, texting });
      } catch (error) {
        deps.logger.error('routing decision failed; answering with the fallback', { ...logContext, error: errorText(error) });
        return fallbackResponse(input, deps.settings);
      }

      // Effects run together within what is left of the budget; a failure is logged, never fatal:
      // without the preloaded session Lex still asks for the intent, and a lost event is not worth a
      // dropped call. Event loss is visible as an ERROR log with the call id.
      const budget = Math.max(0, remaining());
      const results = await Promise.allSettled(decision.effects.map((effect) => runEffect(effect, callId, budget)));
      results.forEach((result, i) => {
        if (result.status === 'rejected') {
          const effect = decision.effects[i];
          deps.logger.error('side effect failed', {
            ...logContext,
            effect: effect?.type === 'publish' ? `publish ${effect.event.detailType}` : effect?.type,
            error: errorText(result.reason),
          });
        }
      });

      const response = smaResponse(decision.actions, decision.transactionAttributes);
      deps.logger.info(decision.summary, {
        ...logContext,
        actions: decision.actions.map((a) => a.Type),
        elapsedMs: Date.now() - started,
      });
      return response;
    } catch (error) {
      deps.logger.error('SMA handler failed; answering with the fallback', { error: errorText(error) });
      return fallbackResponse(input, deps.settings);
    }
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The string-valued attributes, at most ten (what the service echoes and accepts back). */
function stringEntries(attributes: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(attributes)
      .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
      .slice(0, 9),
  );
}

/**
 * A response built from whatever can be read of a raw event, for when everything else failed: an
 * apology, then the configured operator when a bridge is possible, else a hang-up. On HANGUP it only
 * hangs up legs still connected. It cannot throw and is always a valid response.
 */
export function fallbackResponse(input: unknown, settings: RoutingSettings): SmaResponse {
  try {
    const event = isRecord(input) ? input : {};
    const details = isRecord(event.CallDetails) ? event.CallDetails : {};
    const participants = (Array.isArray(details.Participants) ? details.Participants : [])
      .filter(isRecord)
      .filter((p) => typeof p.CallId === 'string' && p.CallId.length > 0);
    const caller = participants.find((p) => p.ParticipantTag === 'LEG-A') ?? participants[0];
    const callId = caller?.CallId as string | undefined;

    if (event.InvocationEventType === 'HANGUP') {
      const gone = isRecord(event.ActionData) && isRecord(event.ActionData.Parameters) ? event.ActionData.Parameters.CallId : undefined;
      const connected = participants.filter((p) => p.Status === 'Connected' && p.CallId !== gone);
      return smaResponse(connected.map((p) => actions.hangup({ CallId: p.CallId as string })));
    }
    // An event we cannot read never interrupts a conversation that is already bridged.
    const attributes = isRecord(details.TransactionAttributes) ? details.TransactionAttributes : {};
    const legs = participants.map((p) => ({
      ParticipantTag: typeof p.ParticipantTag === 'string' ? p.ParticipantTag : undefined,
      Status: typeof p.Status === 'string' ? p.Status : undefined,
    }));
    // The service reporting that our CallAndBridge connected is the bridge coming up, however garbled the rest.
    const answered =
      event.InvocationEventType === 'ACTION_SUCCESSFUL' &&
      isRecord(event.ActionData) &&
      event.ActionData.Type === 'CallAndBridge' &&
      attributes.phase === 'bridging';
    if (event.InvocationEventType !== 'NEW_INBOUND_CALL' && (answered || attributes.phase === 'connected' || bridgeEstablished(legs)))
      return smaResponse([], { ...stringEntries(attributes), phase: 'connected' });
    if (callId === undefined) return smaResponse([actions.hangup({})], { phase: 'ending' });

    const list: SmaAction[] = [
      actions.speak({ CallId: callId, Text: `${APOLOGY} Let me connect you to an operator.`, TextType: 'text', ...settings.voice }),
    ];
    const callerId = bridgeCallerId(
      { From: typeof caller?.From === 'string' ? caller.From : undefined, To: typeof caller?.To === 'string' ? caller.To : undefined },
      { fallback: settings.callerIdNumber },
    );
    const configured = settings.fallbackOperator;
    // The configured operator passes the toll-fraud guard like every other number dialled.
    const operator =
      configured?.type === 'pstn' &&
      !checkDestination(configured.number, { allowedCountries: settings.allowedCountries ?? ['US'], purpose: 'call' }).ok
        ? undefined
        : configured;
    const endpoint =
      operator?.type === 'pstn'
        ? ({ BridgeEndpointType: 'PSTN', Uri: operator.number } as const)
        : operator?.type === 'voiceConnector' && settings.voiceConnectorArn
          ? ({ BridgeEndpointType: 'AWS', Arn: settings.voiceConnectorArn, Uri: operator.extension } as const)
          : undefined;
    if (endpoint !== undefined && callerId !== undefined && event.InvocationEventType !== 'INVALID_LAMBDA_RESPONSE') {
      list.push(actions.callAndBridge({ CallTimeoutSeconds: settings.bridgeTimeoutSeconds, CallerIdNumber: callerId, Endpoints: [endpoint] }));
      // The next ACTION_FAILED sees "operator" as the last stage and ends the call politely.
      return smaResponse(list, { phase: 'bridging', stage: 'operator', attempt: '1', recovered: 'true', tried: endpoint.Uri });
    }
    list[0] = actions.speak({ CallId: callId, Text: `${APOLOGY} Please call again later. Goodbye.`, TextType: 'text', ...settings.voice });
    list.push(actions.hangup({ CallId: callId, SipResponseCode: '0' }));
    return smaResponse(list, { phase: 'ending' });
  } catch {
    // Only reachable if the settings themselves are invalid (e.g. an empty voice id): hang up the leg
    // that invoked us rather than leave it in silence.
    return { SchemaVersion: '1.0', Actions: [{ Type: 'Hangup', Parameters: {} }] };
  }
}
