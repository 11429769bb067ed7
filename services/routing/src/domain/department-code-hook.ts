/**
 * The Lex V2 code hook's decision: is the department the caller named (or keyed) one we route to?
 *
 * - known department → close the RouteCall intent as Fulfilled with the canonical name in the slot, so
 *   the SMA never has to guess what "maths" or "3" meant;
 * - unknown → count the failure in the session attributes and ask again; on the second failure close as
 *   Failed with `routeToOperator`, which the SMA turns into an operator bridge (the sample asked a third
 *   time, then bridged to `000000`);
 * - the routing table unreachable → close at once toward the operator instead of failing the turn.
 */
import { DEPARTMENT_SLOT, ROUTE_CALL_INTENT, SESSION_ATTRIBUTE } from './call-routing.ts';
import type { DepartmentDirectory } from './department-directory.ts';
import { openStateAt } from './business-hours.ts';

export const MAX_DEPARTMENT_FAILURES = 2;

export interface CodeHookInput {
  intentName: string;
  /** What Lex put in the Department slot, when anything. */
  slot: { originalValue?: string | undefined; interpretedValue?: string | undefined; resolvedValues?: string[] | undefined } | undefined;
  /** The caller's words or keys for this turn. */
  inputTranscript: string | undefined;
  sessionAttributes: Record<string, string>;
}

export type CodeHookDecision =
  | {
      type: 'close';
      intentName: string;
      state: 'Fulfilled' | 'Failed';
      /** The department's canonical name, written back into the slot. */
      department?: string;
      message: string;
      sessionAttributes: Record<string, string>;
      summary: string;
    }
  | { type: 'elicitSlot'; intentName: string; slotName: string; message: string; sessionAttributes: Record<string, string>; summary: string };

export function decideDepartmentTurn(input: CodeHookInput, directory: DepartmentDirectory | undefined, now?: Date): CodeHookDecision {
  const attributes = { ...input.sessionAttributes };
  if (directory === undefined) {
    attributes[SESSION_ATTRIBUTE.routeToOperator] = 'true';
    return {
      type: 'close',
      intentName: ROUTE_CALL_INTENT,
      state: 'Failed',
      message: "Sorry, I can't look up departments right now. Let me connect you to an operator.",
      sessionAttributes: attributes,
      summary: 'routing table unavailable: operator',
    };
  }
  const candidates = [input.slot?.interpretedValue, ...(input.slot?.resolvedValues ?? []), input.slot?.originalValue, input.inputTranscript];
  const department = directory.resolve(candidates);
  if (department !== undefined) {
    delete attributes[SESSION_ATTRIBUTE.routeToOperator];
    return {
      type: 'close',
      intentName: ROUTE_CALL_INTENT,
      state: 'Fulfilled',
      department: department.name,
      // The sample's wording (README: "Connecting you to history department.") — but only while the department
      // is open: a closed one is announced by the SMA ("history is closed…"), which must not contradict us.
      message:
        now !== undefined && !openStateAt(department.businessHours, now).open
          ? 'One moment, please.'
          : department.name === 'operator'
            ? 'Connecting you to an operator.'
            : `Connecting you to ${department.name} department.`,
      sessionAttributes: attributes,
      summary: `recognised ${department.name}`,
    };
  }
  const heard = input.slot?.originalValue ?? input.inputTranscript;
  // Lex may call the hook before the caller said anything (the slot is simply not filled yet): ask.
  if (heard === undefined || heard.trim() === '') {
    return {
      type: 'elicitSlot',
      intentName: ROUTE_CALL_INTENT,
      slotName: DEPARTMENT_SLOT,
      message: 'What department do you want?',
      sessionAttributes: attributes,
      summary: 'slot empty: asking',
    };
  }
  const previous = Number(attributes[SESSION_ATTRIBUTE.failureCount] ?? '0');
  const failures = (Number.isInteger(previous) && previous >= 0 ? previous : 0) + 1;
  attributes[SESSION_ATTRIBUTE.failureCount] = String(failures);
  if (failures >= MAX_DEPARTMENT_FAILURES) {
    attributes[SESSION_ATTRIBUTE.routeToOperator] = 'true';
    return {
      type: 'close',
      intentName: ROUTE_CALL_INTENT,
      state: 'Failed',
      message: "Sorry, I couldn't find that department. Let me connect you to an operator.",
      sessionAttributes: attributes,
      summary: `unknown "${heard}" (failure ${failures}): operator`,
    };
  }
  const names = directory.departments.map((d) => d.name).filter((n) => n !== 'operator');
  return {
    type: 'elicitSlot',
    intentName: ROUTE_CALL_INTENT,
    slotName: DEPARTMENT_SLOT,
    message: `Sorry, I couldn't find that department. You can say ${listOf(names)}. Which department do you want?`,
    sessionAttributes: attributes,
    summary: `unknown "${heard}" (failure ${failures}): asking again`,
  };
}

function listOf(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}
