/**
 * The audit trail: one entry per change to a number — forwards set, replaced and removed, assignments, and every
 * step of a product-type switch (before and after it runs, and how a rollback ended). Entries are only appended.
 */
export const historyActions = [
  'forward-set',
  'forward-replaced',
  'forward-removed',
  'number-assigned',
  'switch-started',
  'switch-step-started',
  'switch-step-succeeded',
  'switch-step-failed',
  'switch-waiting',
  'switch-rollback-started',
  'switch-completed',
  'switch-rolled-back',
  'switch-failed',
] as const;
export type HistoryAction = (typeof historyActions)[number];

export interface HistoryEntry {
  phoneNumber: string;
  /** ISO-8601 instant; with `id` it orders the trail. */
  at: string;
  id: string;
  /** Cognito subject (or username) of whoever caused the change. */
  actor: string;
  action: HistoryAction;
  before: unknown;
  after: unknown;
  /** Switch steps: which switch and which step. */
  switchId?: string;
  step?: string;
  detail?: string;
}
