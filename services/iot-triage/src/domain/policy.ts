/**
 * The one policy check every action goes through — the runbook's own and every action the agent requests. The
 * seed let the LLM decide what to do; here the agent may only ask, and an action is allowed only when the runbook
 * prescribes it for that code. Codes the runbook does not cover (an unknown device code, a drift anomaly) get
 * `unknownCodeActions`: by default a ticket only — nobody is phoned and no device is commanded on a model's say-so.
 */
import type { Runbook, RunbookAction } from './runbook.ts';

export interface ActionPolicy {
  /** Actions allowed for a code with no runbook entry. @default ['log_ticket'] */
  unknownCodeActions: readonly RunbookAction[];
}

export const defaultActionPolicy: ActionPolicy = Object.freeze({ unknownCodeActions: Object.freeze(['log_ticket'] as RunbookAction[]) });

export type PolicyDecision = { allowed: true } | { allowed: false; reason: string };

export function authorizeAction(runbook: Runbook, policy: ActionPolicy, code: string, action: string): PolicyDecision {
  const entry = runbook.get(code);
  const allowed: readonly string[] = entry ? entry.actions : policy.unknownCodeActions;
  if (allowed.includes(action)) return { allowed: true };
  return {
    allowed: false,
    reason: entry
      ? `the runbook does not prescribe ${action} for ${code} (it prescribes ${entry.actions.join(', ')})`
      : `${code} is not in the runbook; only ${policy.unknownCodeActions.join(', ') || 'no actions'} may be taken`,
  };
}
