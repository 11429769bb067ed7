/**
 * The SIP media application's use case: every invocation of a call to a forwarded number. Never throws and always
 * answers within its budget (1 s, well under the 5 s after which Chime retries): a telephony handler that fails
 * leaves a caller in dead air. Parse → look the forward up (first invocation only) → decide (pure, the domain's
 * `decide`) → carry out its effects: respond, publish the outcome.
 */
import { parseSmaEvent, salvageSmaEvent, smaResponse, type SmaResponse, type SmaEvent } from '@switchboard/shared/chime';
import { withTimeout } from '@switchboard/shared/dynamo';
import type { Forward } from '../domain/forward.ts';
import {
  decide,
  fallbackActions,
  forwardedNumberOf,
  needsLookup,
  type CallForwardedFact,
  type ForwardLookup,
  type PromptSettings,
} from '../domain/sma-decision.ts';
import { maskE164, maskNumbersIn } from '../domain/mask.ts';
import { checkDestinations, defaultGuardPolicy, type GuardPolicy } from '../domain/toll-fraud-guard.ts';

export interface SmaHandlerDeps {
  lookupForward(e164: string): Promise<Forward | undefined>;
  /** Publishes CallForwarded; failures are logged, never passed to the caller's call. */
  publishFact(fact: CallForwardedFact): Promise<void>;
  prompts: PromptSettings;
  /**
   * The toll-fraud guard at dial time: a forward was checked when it was saved, but the allow-list may have shrunk
   * since (or the table was written by hand), and every number the platform dials passes the guard. Destinations it
   * refuses are skipped, never dialled. @default the forwarded number's own country, ordinary number types
   */
  guard?: GuardPolicy;
  now?: () => Date;
  /** Budget for the forward lookup. @default 600 */
  lookupTimeoutMs?: number;
  /** Budget for publishing the outcome. @default 250 */
  publishTimeoutMs?: number;
  log?: (level: 'info' | 'warn' | 'error', message: string, details?: Record<string, unknown>) => void;
}

export type SmaHandler = (input: unknown) => Promise<SmaResponse>;

/** Best effort on an event that did not parse: the invocation type and the caller's call id, if they are there. */
function sniff(input: unknown): { type: unknown; callId: string | undefined } {
  try {
    const raw = input as { InvocationEventType?: unknown; CallDetails?: { Participants?: Array<{ CallId?: unknown; ParticipantTag?: unknown }> } };
    const participants = Array.isArray(raw?.CallDetails?.Participants) ? raw.CallDetails.Participants : [];
    const caller = participants.find((p) => p && p.ParticipantTag === 'LEG-A') ?? participants[0];
    const callId = caller && typeof caller.CallId === 'string' && caller.CallId.length > 0 ? caller.CallId : undefined;
    return { type: raw?.InvocationEventType, callId };
  } catch {
    return { type: undefined, callId: undefined };
  }
}

export function createSmaHandler(deps: SmaHandlerDeps): SmaHandler {
  const now = deps.now ?? (() => new Date());
  const log = deps.log ?? (() => undefined);
  const lookupTimeoutMs = deps.lookupTimeoutMs ?? 600;
  const publishTimeoutMs = deps.publishTimeoutMs ?? 250;
  const guard = deps.guard ?? defaultGuardPolicy;

  /** The forward with only the destinations the guard admits today (in their order, at most the stage's count). */
  const admitted = (number: string, forward: Forward): Forward => {
    const verdict = checkDestinations(number, forward.destinations, guard);
    if (verdict.ok) return forward;
    const refused = new Map<number, string>();
    for (const violation of verdict.violations)
      if (violation.index !== undefined && !refused.has(violation.index)) refused.set(violation.index, violation.rule);
    const destinations = forward.destinations.filter((_, index) => !refused.has(index)).slice(0, guard.maxDestinations);
    log('warn', 'forward destinations refused by the toll-fraud guard at dial time', {
      number: maskE164(number),
      refused: [...refused].map(([index, rule]) => ({ destination: index + 1, number: maskE164(forward.destinations[index]!.number), rule })),
      dialling: destinations.length,
    });
    return { ...forward, destinations };
  };

  const fallback = (input: unknown, reason: string): SmaResponse => {
    const salvage = salvageSmaEvent(input);
    log('error', 'answering with the fallback', { reason: maskNumbersIn(reason), invocationEventType: salvage.invocationEventType });
    try {
      return smaResponse(fallbackActions(salvage, deps.prompts));
    } catch {
      // Only reachable with a misconfigured prompt bucket; an empty list is still a valid answer.
      return { SchemaVersion: '1.0', Actions: [] };
    }
  };

  const lookup = async (event: SmaEvent): Promise<ForwardLookup> => {
    const number = forwardedNumberOf(event);
    try {
      const forward = await withTimeout(deps.lookupForward(number), lookupTimeoutMs, 'forward lookup');
      return forward ? { kind: 'found', forward: admitted(number, forward) } : { kind: 'absent' };
    } catch (error) {
      log('error', 'forward lookup failed', { number: maskE164(number), error: maskNumbersIn(String(error)) });
      return { kind: 'unavailable' };
    }
  };

  return async (input: unknown): Promise<SmaResponse> => {
    try {
      const parsed = parseSmaEvent(input);
      if (!parsed.ok) return fallback(input, parsed.error);
      const event = parsed.event;
      const decision = decide(event, needsLookup(event) ? await lookup(event) : undefined, now(), deps.prompts);
      const response = smaResponse(decision.actions, decision.transactionAttributes);
      if (decision.fact) {
        const fact = decision.fact;
        await withTimeout(deps.publishFact(fact), publishTimeoutMs, 'CallForwarded publish').catch((error: unknown) =>
          log('warn', 'CallForwarded not published', { callId: fact.callId, error: maskNumbersIn(String(error)) }),
        );
      }
      log('info', 'answered', {
        invocationEventType: event.InvocationEventType,
        callId: event.CallDetails.Participants[0]?.CallId,
        actions: response.Actions.map((a) => a.Type),
      });
      return response;
    } catch (error) {
      return fallback(input, error instanceof Error ? error.message : String(error));
    }
  };
}

/**
 * The answer when the handler could not even be built (a bad configuration at cold start): a caller on a new call
 * hears a clean 480 rather than silence; anything else gets a valid empty list.
 */
export function setupFailureResponse(event: unknown, error: unknown): SmaResponse {
  const { type, callId } = sniff(event);
  console.error(JSON.stringify({ level: 'ERROR', message: 'SMA handler setup failed', error: maskNumbersIn(String(error)) }));
  return {
    SchemaVersion: '1.0',
    Actions: callId && type === 'NEW_INBOUND_CALL' ? [{ Type: 'Hangup', Parameters: { CallId: callId, SipResponseCode: '480' } }] : [],
  };
}

/**
 * Builds the handler on its first invocation, inside the never-throw boundary: a setup failure answers the caller
 * (`setupFailureResponse`) and is retried on the next call instead of failing the container for good.
 */
export function lazySmaHandler(build: () => SmaHandler): SmaHandler {
  let built: SmaHandler | undefined;
  return async (event) => {
    try {
      built ??= build();
      return await built(event);
    } catch (error) {
      built = undefined;
      return setupFailureResponse(event, error);
    }
  };
}
