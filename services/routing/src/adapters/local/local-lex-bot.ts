/**
 * A stand-in for the Lex V2 routing bot on the local stage and in tests.
 *
 * It understands callers from the same bot definition the component deploys (sample utterances, slot
 * values and synonyms, DTMF keys as synonyms), runs each turn through the REAL code-hook handler with a
 * real-shaped Lex V2 code-hook event, and hands back the `IntentResult` the PSTN audio service would put
 * into ACTION_SUCCESSFUL for StartBotConversation. It also implements the BotSessions port, so the
 * SMA handler's PutSession lands here.
 *
 * What it does not model: speech recognition errors, NLU confidence (always 1 for a match), barge-in.
 */
import { randomUUID } from 'node:crypto';
import type { IntentResult } from '@switchboard/shared/chime';
import type { LexResponse } from '@switchboard/shared/lex';
import { DEPARTMENT_SLOT, ROUTE_CALL_INTENT } from '../../domain/call-routing.ts';
import { normalizeSpokenText } from '../../domain/department-directory.ts';
import type { BotSessions, CallOptions } from '../../domain/ports.ts';
import type { RoutingBotDefinition } from '../../domain/routing-bot.ts';

export interface CallerTurn {
  /** What the caller says, or the keys they press (DTMF), for one turn. */
  text: string;
  mode: 'Speech' | 'DTMF';
}

export interface BotTurnRecord {
  input: CallerTurn;
  /** What the bot (code hook) answered. */
  botSaid: string[];
  dialogAction: string;
}

export interface BotConversation {
  /** As the PSTN audio service reports it in `ActionData.IntentResult`. */
  intentResult: IntentResult;
  turns: BotTurnRecord[];
  /** The conversation ended with no more caller input (Lex's retries exhausted / caller silent). */
  exhausted: boolean;
}

interface PreloadedSession {
  sessionAttributes: Record<string, string>;
  intentName: string;
  slotToElicit: string;
}

type SlotValue = { originalValue: string; interpretedValue: string; resolvedValues: string[] };

export class LocalLexBot implements BotSessions {
  private readonly sessions = new Map<string, PreloadedSession>();

  constructor(
    private readonly options: {
      /** The bot as deployed (rebuilt from the routing table, like the component does). */
      definition: () => RoutingBotDefinition | Promise<RoutingBotDefinition>;
      /** The real code hook (`createLexCodeHook(...)`). */
      codeHook: (event: unknown) => Promise<LexResponse>;
      botId?: string;
      botAliasId?: string;
    },
  ) {}

  async preload(input: { sessionId: string; callerNumber: string; calledNumber: string }, _options?: CallOptions): Promise<void> {
    // Lex forgets idle sessions (idleSessionTtlInSeconds); the stand-in keeps the latest 1,000 so a
    // long-running local stage does not grow without bound.
    if (this.sessions.size >= 1000) this.sessions.delete(this.sessions.keys().next().value as string);
    this.sessions.set(input.sessionId, {
      sessionAttributes: { phoneNumber: input.callerNumber, calledNumber: input.calledNumber },
      intentName: ROUTE_CALL_INTENT,
      slotToElicit: DEPARTMENT_SLOT,
    });
  }

  /** The session PutSession left for this call, if any (tests check the preload happened). */
  preloaded(sessionId: string): PreloadedSession | undefined {
    return this.sessions.get(sessionId);
  }

  /**
   * Runs a StartBotConversation for `sessionId` with the caller's turns, in order, until the code hook
   * closes the intent or the turns run out.
   */
  async converse(sessionId: string, startAttributes: Record<string, string>, turns: readonly CallerTurn[]): Promise<BotConversation> {
    const definition = await this.options.definition();
    const preloaded = this.sessions.get(sessionId);
    let sessionAttributes: Record<string, string> = { ...(preloaded?.sessionAttributes ?? {}), ...startAttributes };
    const records: BotTurnRecord[] = [];
    let intentName = preloaded?.intentName ?? ROUTE_CALL_INTENT;
    let slot: SlotValue | null = null;
    let state = 'InProgress';

    for (const turn of turns) {
      const understood = understand(definition, turn, preloaded !== undefined || records.length > 0);
      intentName = understood.intent;
      slot = understood.slot;
      const event = {
        messageVersion: '1.0',
        invocationSource: 'DialogCodeHook',
        inputMode: turn.mode,
        responseContentType: 'text/plain; charset=utf-8',
        sessionId,
        inputTranscript: turn.text,
        bot: {
          id: this.options.botId ?? 'LOCALBOT01',
          name: definition.name,
          aliasId: this.options.botAliasId ?? 'LOCALALIAS',
          aliasName: 'live',
          localeId: definition.localeId,
          version: '1',
        },
        interpretations: [
          {
            intent: { name: intentName, slots: { [DEPARTMENT_SLOT]: slotOf(slot) }, state: 'InProgress', confirmationState: 'None' },
            nluConfidence: slot ? 1 : 0.3,
            interpretationSource: 'Lex',
          },
        ],
        proposedNextState: undefined,
        requestAttributes: {},
        sessionState: {
          sessionAttributes,
          activeContexts: [],
          intent: { name: intentName, slots: { [DEPARTMENT_SLOT]: slotOf(slot) }, state: 'InProgress', confirmationState: 'None' },
          originatingRequestId: randomUUID(),
        },
        transcriptions: [{ transcription: turn.text, transcriptionConfidence: 1 }],
      };
      const response = await this.options.codeHook(event);
      sessionAttributes = { ...(response.sessionState.sessionAttributes ?? sessionAttributes) };
      const action = response.sessionState.dialogAction.type;
      records.push({
        input: turn,
        botSaid: (response.messages ?? []).map((m) => m.content ?? '').filter(Boolean),
        dialogAction: action,
      });
      const returnedIntent = response.sessionState.intent;
      if (returnedIntent !== undefined) {
        intentName = returnedIntent.name;
        const returnedSlot = returnedIntent.slots?.[DEPARTMENT_SLOT];
        slot = returnedSlot?.value
          ? {
              originalValue: returnedSlot.value.originalValue ?? '',
              interpretedValue: returnedSlot.value.interpretedValue ?? '',
              resolvedValues: returnedSlot.value.resolvedValues ?? [],
            }
          : null;
      }
      if (action === 'Close') {
        state = returnedIntent?.state ?? 'Fulfilled';
        return { intentResult: intentResult(sessionId, sessionAttributes, intentName, slot, state), turns: records, exhausted: false };
      }
    }
    // The caller stopped answering: Lex gives up on the slot after its retries and fails the intent.
    return {
      intentResult: intentResult(sessionId, sessionAttributes, intentName, slot, 'Failed'),
      turns: records,
      exhausted: true,
    };
  }
}

function slotOf(slot: SlotValue | null) {
  return slot === null ? null : { shape: 'Scalar', value: slot };
}

function intentResult(
  sessionId: string,
  sessionAttributes: Record<string, string>,
  intentName: string,
  slot: SlotValue | null,
  state: string,
): IntentResult {
  const slots = {
    [DEPARTMENT_SLOT]:
      slot === null
        ? null
        : { Value: { OriginalValue: slot.originalValue, InterpretedValue: slot.interpretedValue, ResolvedValues: slot.resolvedValues }, Values: [] },
  };
  const intent = { Name: intentName, Slots: slots, State: state, ConfirmationState: 'None' };
  return {
    SessionId: sessionId,
    SessionState: { SessionAttributes: sessionAttributes, Intent: intent },
    Interpretations: [{ Intent: intent, NluConfidence: { Score: slot === null ? 0.3 : 1 } }],
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Lex's part of a turn: pick the intent and fill the slot. An utterance that fits a sample utterance
 * gives the slot text; while the slot is being elicited (PutSession did that) the whole answer is the
 * slot text. The slot type resolves values and synonyms to the value (TOP_RESOLUTION); an unknown
 * value is passed through as said (Lex's "expand values"), and the code hook rejects it.
 */
export function understand(definition: RoutingBotDefinition, turn: CallerTurn, elicitingSlot: boolean): { intent: string; slot: SlotValue | null } {
  const text = normalizeSpokenText(turn.text);
  const slotWord = `{${DEPARTMENT_SLOT.toLowerCase()}}`;
  let slotText: string | undefined;
  if (turn.mode === 'DTMF') {
    slotText = turn.text.replace(/#$/, '');
  } else {
    for (const utterance of definition.routeCall.sampleUtterances) {
      const template = normalizeSpokenText(utterance.replace(/\{Department\}/g, ' SLOTPLACEHOLDER '));
      const pattern = new RegExp(`^${escapeRegExp(template).replace('slotplaceholder', '(.+)')}$`);
      const match = pattern.exec(text);
      if (match?.[1] && !match[1].includes(slotWord)) {
        slotText = match[1].trim();
        break;
      }
    }
    if (slotText === undefined && elicitingSlot && text !== '') slotText = text;
  }
  if (slotText === undefined || slotText === '') return { intent: 'FallbackIntent', slot: null };
  const wanted = normalizeSpokenText(slotText) || slotText;
  const resolved = definition.slotType.values.find((v) => v.value === wanted || v.synonyms.includes(wanted));
  return {
    intent: ROUTE_CALL_INTENT,
    slot: {
      originalValue: slotText,
      interpretedValue: resolved?.value ?? slotText,
      resolvedValues: resolved ? [resolved.value] : [],
    },
  };
}
