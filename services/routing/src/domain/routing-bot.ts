/**
 * The Lex V2 bot, defined once as data. The Pulumi component turns it into a bot, locale, slot type,
 * intents, slot, version and alias; the local Lex stand-in resolves callers' words from the same object,
 * so what works on the local stage is what Lex was taught.
 *
 * Utterances, prompt, voice and timeouts come from the sample bot (`CallRoutingDemo`, src/lex.ts). Three
 * deliberate differences: DTMF input is allowed (the sample set `allowDtmfInput: false`), the slot type
 * resolves synonyms to the department name (`TOP_RESOLUTION`; the sample's `ORIGINAL_VALUE` handed the
 * SMA whatever the caller said, which the table lookup then missed), and the caller gets 4 s, not 1 s,
 * to start speaking.
 */
import { DEPARTMENT_SLOT, ROUTE_CALL_INTENT } from './call-routing.ts';
import { byDepartmentName, type DepartmentInput } from './department.ts';

export interface SlotTypeValue {
  value: string;
  synonyms: string[];
}

export interface RoutingBotDefinition {
  /** Logical name; the component prefixes project and stage. */
  name: string;
  description: string;
  idleSessionTtlInSeconds: number;
  localeId: string;
  nluConfidenceThreshold: number;
  voice: { voiceId: string; engine: 'neural' | 'standard' };
  slotType: { name: string; resolutionStrategy: 'TOP_RESOLUTION' | 'ORIGINAL_VALUE'; values: SlotTypeValue[] };
  routeCall: {
    name: string;
    description: string;
    sampleUtterances: string[];
    slot: {
      name: string;
      prompt: string;
      maxRetries: number;
      allowDtmfInput: boolean;
      startTimeoutMs: number;
      endTimeoutMs: number;
      maxLengthMs: number;
      /** DTMF: end of input after this key, or after this many milliseconds without a key. */
      dtmf: { endCharacter: string; endTimeoutMs: number; maxLength: number };
    };
  };
  fallback: { name: 'FallbackIntent'; parentIntentSignature: 'AMAZON.FallbackIntent' };
}

export const ROUTING_BOT_LOCALE = 'en_US';

/** The sample's 21 utterances, verbatim. */
const ROUTE_CALL_UTTERANCES = [
  'Call {Department} department',
  '{Department} department',
  'Dial {Department} department',
  'Talk to {Department} department',
  'I need {Department} department',
  "It's {Department} department",
  'I want {Department} department',
  'Call {Department}',
  '{Department}',
  'Dial {Department}',
  'Talk to {Department}',
  'I need {Department}',
  "It's {Department}",
  'I want {Department}',
  'Call {Department} office',
  '{Department} office',
  'Dial {Department} office',
  'Talk to {Department} office',
  'I need {Department} office',
  "It's {Department} office",
  'I want {Department} office',
];

/**
 * Slot values from the routing table: each department's name, with its synonyms and keypad key as Lex
 * synonyms (DTMF input reaches Lex as the digit string, so "3" resolves to "history").
 */
export function departmentSlotValues(departments: readonly Pick<DepartmentInput, 'name' | 'synonyms' | 'dtmfKey'>[]): SlotTypeValue[] {
  return [...departments].sort(byDepartmentName).map((d) => ({
    value: d.name,
    synonyms: [...(d.synonyms ?? []), ...(d.dtmfKey !== undefined ? [d.dtmfKey] : [])],
  }));
}

export function routingBotDefinition(departments: readonly Pick<DepartmentInput, 'name' | 'synonyms' | 'dtmfKey'>[]): RoutingBotDefinition {
  return {
    name: 'call-routing',
    description: 'Asks a caller for a department (voice or keypad) and hands the answer back to the SIP media application.',
    idleSessionTtlInSeconds: 300,
    localeId: ROUTING_BOT_LOCALE,
    nluConfidenceThreshold: 0.4,
    voice: { voiceId: 'Joanna', engine: 'neural' },
    slotType: { name: 'Departments', resolutionStrategy: 'TOP_RESOLUTION', values: departmentSlotValues(departments) },
    routeCall: {
      name: ROUTE_CALL_INTENT,
      description: 'Route a call to the department the caller asks for',
      sampleUtterances: ROUTE_CALL_UTTERANCES,
      slot: {
        name: DEPARTMENT_SLOT,
        prompt: 'What department do you want?',
        maxRetries: 2,
        allowDtmfInput: true,
        // The sample waited 1000 ms for speech to start after the prompt: callers who pause are cut off.
        startTimeoutMs: 4000,
        endTimeoutMs: 1000,
        maxLengthMs: 10000,
        dtmf: { endCharacter: '#', endTimeoutMs: 2000, maxLength: 2 },
      },
    },
    fallback: { name: 'FallbackIntent', parentIntentSignature: 'AMAZON.FallbackIntent' },
  };
}
