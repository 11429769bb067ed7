/**
 * The Lex V2 code hook (dialog and fulfillment) of the routing bot, dependencies injected.
 *
 * It answers every turn: when the event is malformed, the table cannot be read or a bug throws, it closes
 * toward the operator instead of failing the turn (a failed Lambda turn makes Lex fail the conversation,
 * and the caller hears an error prompt first).
 */
import { DEPARTMENT_SLOT, ROUTE_CALL_INTENT, SESSION_ATTRIBUTE } from '../domain/call-routing.ts';
import { decideDepartmentTurn, type CodeHookDecision } from '../domain/department-code-hook.ts';
import type { DepartmentDirectory } from '../domain/department-directory.ts';
import type { LexEvent, LexResponse } from '@switchboard/shared/lex';
import { parseLexEvent, slotProblems } from '@switchboard/shared/lex';
import type { DirectoryCache } from './directory-cache.ts';
import type { RoutingLogger } from './sma-call-handler.ts';

export interface LexCodeHookDeps {
  directory: Pick<DirectoryCache, 'get'>;
  logger: RoutingLogger;
  /** @default () => new Date() */
  clock?: () => Date;
  /** Lex waits 30 s for a code hook, but the caller is on the line: keep the turn short. @default 1500 */
  directoryTimeoutMs?: number;
}

export type LexCodeHook = (input: unknown) => Promise<LexResponse>;

/**
 * The slots as they go back to Lex: a slot the caller filled is echoed only when Lex could read it
 * (`interpretedValue`); one with only an originalValue (or a malformed one) goes back as null — "not filled"
 * — because Lex fails the turn on a returned slot without interpretedValue.
 */
function echoedSlots(event: LexEvent | undefined): Record<string, unknown> {
  const slots: Record<string, unknown> = {};
  for (const [name, slot] of Object.entries(event?.sessionState.intent.slots ?? {})) {
    slots[name] = slotProblems(slot).length === 0 ? slot : null;
  }
  return slots;
}

function toResponse(decision: CodeHookDecision, event: LexEvent | undefined): LexResponse {
  const slots = echoedSlots(event);
  const messages = [{ contentType: 'PlainText', content: decision.message }];
  if (decision.type === 'elicitSlot') {
    slots[decision.slotName] = null;
    return {
      sessionState: {
        sessionAttributes: decision.sessionAttributes,
        dialogAction: { type: 'ElicitSlot', slotToElicit: decision.slotName },
        intent: { name: decision.intentName, slots, state: 'InProgress' },
      },
      messages,
    } as LexResponse;
  }
  if (decision.department !== undefined) {
    // The canonical name goes back into the slot: the SMA reads it from IntentResult.
    slots[DEPARTMENT_SLOT] = {
      shape: 'Scalar',
      value: {
        originalValue: readSlot(event)?.originalValue ?? event?.inputTranscript ?? decision.department,
        interpretedValue: decision.department,
        resolvedValues: [decision.department],
      },
    };
  }
  return {
    sessionState: {
      sessionAttributes: decision.sessionAttributes,
      dialogAction: { type: 'Close' },
      intent: { name: decision.intentName, slots, state: decision.state, confirmationState: 'None' },
    },
    messages,
  } as LexResponse;
}

function readSlot(event: LexEvent | undefined) {
  const slot = event?.sessionState.intent.slots?.[DEPARTMENT_SLOT];
  return slot?.value;
}

export function createLexCodeHook(deps: LexCodeHookDeps): LexCodeHook {
  return async function handleLexTurn(input: unknown): Promise<LexResponse> {
    // The README's example event is "truncated" without invocationSource; real events always carry it.
    const withSource =
      typeof input === 'object' && input !== null && !('invocationSource' in input) ? { invocationSource: 'DialogCodeHook', ...input } : input;
    const parsed = parseLexEvent(withSource);
    if (!parsed.ok) {
      deps.logger.error('malformed Lex code-hook event; closing toward the operator', { error: parsed.error });
      return toResponse(
        {
          type: 'close',
          intentName: ROUTE_CALL_INTENT,
          state: 'Failed',
          message: 'Sorry, something went wrong. Let me connect you to an operator.',
          sessionAttributes: { [SESSION_ATTRIBUTE.routeToOperator]: 'true' },
          summary: 'malformed event',
        },
        undefined,
      );
    }
    const event = parsed.event;
    try {
      let directory: DepartmentDirectory | undefined;
      try {
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), deps.directoryTimeoutMs ?? 1500);
        try {
          directory = await Promise.race([
            deps.directory.get({ signal: controller.signal }),
            new Promise<never>((_, reject) => controller.signal.addEventListener('abort', () => reject(new Error('routing table timed out')))),
          ]);
        } finally {
          clearTimeout(timer);
        }
      } catch (error) {
        deps.logger.error('routing table unavailable in the code hook', { sessionId: event.sessionId, error: String(error) });
      }
      const slot = readSlot(event);
      const decision = decideDepartmentTurn(
        {
          intentName: event.sessionState.intent.name,
          slot:
            slot === undefined
              ? undefined
              : {
                  originalValue: slot.originalValue ?? undefined,
                  interpretedValue: slot.interpretedValue ?? undefined,
                  resolvedValues: slot.resolvedValues ?? undefined,
                },
          inputTranscript: event.inputTranscript ?? undefined,
          sessionAttributes: { ...(event.sessionState.sessionAttributes ?? {}) },
        },
        directory,
        (deps.clock ?? (() => new Date()))(),
      );
      deps.logger.info(decision.summary, { correlationId: event.sessionId, intent: event.sessionState.intent.name, inputMode: event.inputMode });
      return toResponse(decision, event);
    } catch (error) {
      deps.logger.error('code hook failed; closing toward the operator', { sessionId: event.sessionId, error: String(error) });
      return toResponse(
        {
          type: 'close',
          intentName: ROUTE_CALL_INTENT,
          state: 'Failed',
          message: 'Sorry, something went wrong. Let me connect you to an operator.',
          sessionAttributes: { ...(event.sessionState.sessionAttributes ?? {}), [SESSION_ATTRIBUTE.routeToOperator]: 'true' },
          summary: 'code hook error',
        },
        event,
      );
    }
  };
}
