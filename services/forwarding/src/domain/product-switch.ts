/**
 * Switching a number between the SIP media application (forwarding) and a Voice Connector (a PBX) takes several
 * Chime SDK voice calls that must happen in order, and one of them — waiting for a disassociated number to become
 * `Unassigned` — takes an unknown time. The sample this replaces busy-waited in a Lambda and, when a call failed
 * half way, left the number attached to nothing: calls to it went to dead air.
 *
 * Here a switch is a recorded sequence of idempotent steps:
 * - every step is saved to the journal before it runs (`running`) and after (`done` / `failed`), and appended to
 *   the audit trail, so the record always says what was done;
 * - `advance()` runs the steps it can and returns `waiting` with a delay when the number is not ready; the caller
 *   (a Step Functions Wait loop in AWS, a timer locally) calls it again — nothing sleeps;
 * - a crash between "running" and "done" is resumed by re-running the step: each step first reads the current state
 *   and does nothing when its effect is already there;
 * - a step that fails for good turns the switch into a rollback: the compensations of the steps done so far (and of
 *   the failed step, in case it half-applied) run in reverse order until the number is back where it started.
 */
import type { HistoryEntry } from './history.ts';
import type { Clock, IdGenerator, InventoryNumber, PhoneNumberInventory, ProductType, SipRule, SwitchJournal } from './ports.ts';

export type SwitchTarget =
  | { kind: 'sip-media-application'; sipMediaApplicationId: string; awsRegion: string }
  | { kind: 'voice-connector'; voiceConnectorId: string };

export type StepKind =
  | 'disassociate-voice-connector'
  | 'await-released'
  | 'set-product-type'
  | 'create-sip-rule'
  | 'delete-sip-rule'
  | 'associate-voice-connector';

export type StepStatus = 'pending' | 'running' | 'done' | 'failed';

export interface SwitchStep {
  kind: StepKind;
  params: Record<string, string>;
  status: StepStatus;
  attempts: number;
  startedAt?: string;
  finishedAt?: string;
  /** What the step found or made, for its compensation (e.g. the product type before, the created rule id). */
  output?: Record<string, string>;
  error?: string;
}

export type SwitchStatus = 'running' | 'waiting' | 'completed' | 'rolling-back' | 'rolled-back' | 'failed';

export interface ProductSwitch {
  id: string;
  phoneNumber: string;
  target: SwitchTarget;
  actor: string;
  status: SwitchStatus;
  steps: SwitchStep[];
  rollback: SwitchStep[];
  /** Optimistic-concurrency counter of the journal record. */
  revision: number;
  createdAt: string;
  updatedAt: string;
  /** Consecutive checks of a not-yet-ready number in the current await step. */
  waitChecks: number;
  /** Why the switch rolled back or failed. */
  error?: string;
}

export const terminalStatuses: readonly SwitchStatus[] = ['completed', 'rolled-back', 'failed'];

export function isTerminal(status: SwitchStatus): boolean {
  return terminalStatuses.includes(status);
}

/** An error from the inventory, classified by the adapter. Anything else is treated as not retryable. */
export class InventoryError extends Error {
  override readonly name = 'InventoryError';
  constructor(
    message: string,
    readonly code: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/** The switch cannot even be planned (e.g. the number belongs to another SIP media application). */
export class SwitchRefused extends Error {
  override readonly name = 'SwitchRefused';
  constructor(
    message: string,
    readonly rule: 'number-not-found' | 'number-in-use' | 'number-not-ready' | 'switch-in-progress',
  ) {
    super(message);
  }
}

export interface SwitchLimits {
  /** Attempts per step for retryable errors (throttling, service failures). */
  maxAttemptsPerStep: number;
  /** Checks of a number that is still `Assigned` before the await step gives up. */
  maxReleaseChecks: number;
  /** Delay the scheduler waits before the next `advance()` when the switch is waiting. */
  retryAfterSeconds: number;
}

export const defaultSwitchLimits: SwitchLimits = { maxAttemptsPerStep: 3, maxReleaseChecks: 60, retryAfterSeconds: 5 };

export interface SwitchEnvironment {
  inventory: PhoneNumberInventory;
  journal: SwitchJournal;
  appendHistory(entry: HistoryEntry): Promise<void>;
  clock: Clock;
  ids: IdGenerator;
  /** The forwarding SIP media application: rules pointing elsewhere belong to someone else and are never touched. */
  sipMediaApplicationId: string;
  limits?: Partial<SwitchLimits>;
}

export function sipRuleName(e164: string): string {
  // Chime rule names are 1–256 chars of letters, digits, spaces, "-", "_" (no "+").
  return `forward-${e164.replace(/\D/g, '')}`;
}

function step(kind: StepKind, params: Record<string, string> = {}): SwitchStep {
  return { kind, params, status: 'pending', attempts: 0 };
}

/**
 * The steps that take `number` (with the SIP rules that trigger on it) to `target`. Empty when it is already there.
 * Refuses numbers another SIP media application routes: forwarding must not steal a number from the IVR.
 */
export function planSwitch(number: InventoryNumber, rules: SipRule[], target: SwitchTarget, ownSipMediaApplicationId: string): SwitchStep[] {
  const foreign = rules.filter((r) => r.sipMediaApplicationId !== ownSipMediaApplicationId);
  if (foreign.length > 0) {
    throw new SwitchRefused(`${number.e164} is routed by another SIP media application (rule ${foreign[0]!.sipRuleId})`, 'number-in-use');
  }
  if (!['Assigned', 'Unassigned'].includes(number.status)) {
    throw new SwitchRefused(`${number.e164} is ${number.status}; try again when it is Assigned or Unassigned`, 'number-not-ready');
  }
  const own = rules.filter((r) => r.sipMediaApplicationId === ownSipMediaApplicationId);
  const steps: SwitchStep[] = [];
  if (target.kind === 'sip-media-application') {
    if (number.productType !== 'SipMediaApplicationDialIn') {
      if (number.voiceConnectorId) steps.push(step('disassociate-voice-connector', { voiceConnectorId: number.voiceConnectorId }));
      if (number.voiceConnectorId || number.status === 'Assigned') steps.push(step('await-released'));
      steps.push(step('set-product-type', { productType: 'SipMediaApplicationDialIn' }));
    }
    if (!own.some((r) => !r.disabled)) {
      steps.push(
        step('create-sip-rule', {
          sipMediaApplicationId: target.sipMediaApplicationId,
          awsRegion: target.awsRegion,
          name: sipRuleName(number.e164),
        }),
      );
    }
    return steps;
  }
  const alreadyThere = number.productType === 'VoiceConnector' && number.voiceConnectorId === target.voiceConnectorId && own.length === 0;
  if (alreadyThere) return steps;
  // The rule's details go into the plan, so the rollback can recreate it even if a crash hides what was deleted.
  for (const rule of own) {
    steps.push(
      step('delete-sip-rule', {
        sipRuleId: rule.sipRuleId,
        sipMediaApplicationId: rule.sipMediaApplicationId,
        awsRegion: rule.awsRegion,
        name: rule.name,
      }),
    );
  }
  if (number.productType !== 'VoiceConnector') {
    if (own.length > 0 || number.status === 'Assigned') steps.push(step('await-released'));
    steps.push(step('set-product-type', { productType: 'VoiceConnector' }));
  } else if (number.voiceConnectorId && number.voiceConnectorId !== target.voiceConnectorId) {
    steps.push(step('disassociate-voice-connector', { voiceConnectorId: number.voiceConnectorId }));
  }
  steps.push(step('associate-voice-connector', { voiceConnectorId: target.voiceConnectorId }));
  return steps;
}

/** A new switch record (revision 0: not yet saved). */
export function newSwitch(input: {
  id: string;
  phoneNumber: string;
  target: SwitchTarget;
  actor: string;
  steps: SwitchStep[];
  now: Date;
}): ProductSwitch {
  const at = input.now.toISOString();
  return {
    id: input.id,
    phoneNumber: input.phoneNumber,
    target: input.target,
    actor: input.actor,
    status: input.steps.length === 0 ? 'completed' : 'running',
    steps: input.steps,
    rollback: [],
    revision: 0,
    createdAt: at,
    updatedAt: at,
    waitChecks: 0,
  };
}

function sameTarget(a: SwitchTarget, b: SwitchTarget): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Plans and records a switch of `e164` to `target`. Idempotent: while a switch to the same target is under way
 * (a duplicate request, a retried Lambda) the recorded one is returned instead of a second being started; a switch
 * to a different target is refused until the first one has finished.
 */
export async function beginSwitch(
  env: SwitchEnvironment,
  input: { e164: string; target: SwitchTarget; actor: string; id: string },
): Promise<{ record: ProductSwitch; started: boolean }> {
  const current = await env.journal.get(input.e164);
  if (current && !isTerminal(current.status)) {
    if (sameTarget(current.target, input.target)) return { record: current, started: false };
    throw new SwitchRefused(`${input.e164} is already being switched (${current.id}, ${current.status})`, 'switch-in-progress');
  }
  const number = await env.inventory.getPhoneNumber(input.e164);
  if (!number) throw new SwitchRefused(`${input.e164} is not in the phone-number inventory`, 'number-not-found');
  const rules = await env.inventory.findSipRules(input.e164);
  const steps = planSwitch(number, rules, input.target, env.sipMediaApplicationId);
  const fresh = newSwitch({ id: input.id, phoneNumber: input.e164, target: input.target, actor: input.actor, steps, now: env.clock.now() });
  // Already routed as requested: nothing to record (a duplicate request must not add to the trail).
  if (steps.length === 0) return { record: fresh, started: false };
  const expected = current?.revision ?? 0;
  const record = { ...fresh, revision: expected + 1 };
  if (!(await env.journal.save(record, expected))) {
    const winner = await env.journal.get(input.e164);
    if (winner && !isTerminal(winner.status) && sameTarget(winner.target, input.target)) return { record: winner, started: false };
    throw new SwitchRefused(`${input.e164} is already being switched`, 'switch-in-progress');
  }
  await env.appendHistory({
    phoneNumber: input.e164,
    at: env.clock.now().toISOString(),
    id: env.ids.next(),
    actor: input.actor,
    action: 'switch-started',
    before: { productType: number.productType, voiceConnectorId: number.voiceConnectorId ?? null, sipRules: rules.map((r) => r.sipRuleId) },
    after: steps.map(stepLabel),
    switchId: record.id,
    detail: `to ${describeTarget(input.target)}`,
  });
  return { record, started: true };
}

export function describeTarget(target: SwitchTarget): string {
  return target.kind === 'voice-connector' ? `Voice Connector ${target.voiceConnectorId}` : `SIP media application ${target.sipMediaApplicationId}`;
}

/** The compensation of one step that ran (or may have half-run), in execution order. */
export function compensationOf(done: SwitchStep): SwitchStep[] {
  switch (done.kind) {
    case 'disassociate-voice-connector':
      return [step('associate-voice-connector', { voiceConnectorId: done.params.voiceConnectorId! })];
    case 'associate-voice-connector':
      return [step('disassociate-voice-connector', { voiceConnectorId: done.params.voiceConnectorId! })];
    case 'set-product-type': {
      const previous = done.output?.previousProductType;
      if (!previous || previous === done.params.productType) return [];
      // The number may have picked up a rule or association since; it has to be free before its type changes back.
      return [step('await-released'), step('set-product-type', { productType: previous })];
    }
    case 'create-sip-rule':
      return [step('delete-sip-rule', { ...done.params, ...(done.output?.sipRuleId ? { sipRuleId: done.output.sipRuleId } : {}) })];
    case 'delete-sip-rule': {
      const { sipMediaApplicationId, awsRegion, name } = done.params;
      if (!sipMediaApplicationId || !awsRegion || !name) return [];
      return [step('create-sip-rule', { sipMediaApplicationId, awsRegion, name })];
    }
    case 'await-released':
      return [];
  }
}

/** The rollback plan: compensations of the attempted steps, last first. */
export function planRollback(steps: SwitchStep[]): SwitchStep[] {
  return steps
    .filter((s) => s.status === 'done' || s.status === 'failed' || s.status === 'running')
    .reverse()
    .flatMap(compensationOf);
}

type StepOutcome = { kind: 'done'; output?: Record<string, string> } | { kind: 'wait'; reason: string };

async function runStep(s: SwitchStep, e164: string, env: SwitchEnvironment): Promise<StepOutcome> {
  const { inventory } = env;
  const number = await inventory.getPhoneNumber(e164);
  if (!number) throw new InventoryError(`${e164} is no longer in the inventory`, 'NotFound', false);
  switch (s.kind) {
    case 'disassociate-voice-connector': {
      const vc = s.params.voiceConnectorId!;
      if (number.voiceConnectorId === vc) await inventory.disassociateFromVoiceConnector(e164, vc);
      return { kind: 'done', output: { voiceConnectorId: vc } };
    }
    case 'await-released': {
      if (number.status === 'Unassigned') return { kind: 'done' };
      if (number.status === 'Assigned') return { kind: 'wait', reason: `${e164} is still Assigned` };
      throw new InventoryError(`${e164} is ${number.status}, not on its way to Unassigned`, 'UnexpectedStatus', false);
    }
    case 'set-product-type': {
      const productType = s.params.productType as ProductType;
      const previousProductType = s.output?.previousProductType ?? number.productType;
      if (number.productType !== productType) await inventory.updateProductType(e164, productType);
      return { kind: 'done', output: { previousProductType } };
    }
    case 'create-sip-rule': {
      const smaId = s.params.sipMediaApplicationId!;
      const rules = await inventory.findSipRules(e164);
      const existing = rules.find((r) => r.sipMediaApplicationId === smaId);
      let sipRuleId: string;
      if (existing) {
        if (existing.disabled) await inventory.setSipRuleDisabled(existing.sipRuleId, false);
        sipRuleId = existing.sipRuleId;
      } else {
        const created = await inventory.createSipRule({
          name: s.params.name!,
          e164,
          sipMediaApplicationId: smaId,
          awsRegion: s.params.awsRegion!,
        });
        sipRuleId = created.sipRuleId;
      }
      return { kind: 'done', output: { sipRuleId } };
    }
    case 'delete-sip-rule': {
      // Every rule of ours on the number (a compensation may not know the id a half-applied create produced).
      const own = (await inventory.findSipRules(e164)).filter((r) => r.sipMediaApplicationId === env.sipMediaApplicationId);
      // Chime refuses to delete an enabled rule; disabling first is part of the same step.
      for (const rule of own) {
        if (!rule.disabled) await inventory.setSipRuleDisabled(rule.sipRuleId, true);
        await inventory.deleteSipRule(rule.sipRuleId);
      }
      return { kind: 'done', output: { deleted: own.map((r) => r.sipRuleId).join(',') } };
    }
    case 'associate-voice-connector': {
      const vc = s.params.voiceConnectorId!;
      if (number.voiceConnectorId !== vc) await inventory.associateWithVoiceConnector(e164, vc);
      return { kind: 'done', output: { voiceConnectorId: vc } };
    }
  }
}

export interface AdvanceResult {
  status: SwitchStatus;
  /** Set while the switch is waiting: when to call `advance()` again. */
  retryAfterSeconds?: number;
  record: ProductSwitch;
}

/**
 * Runs the switch as far as it can go now. Safe to call repeatedly and concurrently: every write is conditional on
 * the journal revision, and a caller that loses the race stops and reports the state the winner wrote.
 */
export async function advanceSwitch(e164: string, env: SwitchEnvironment): Promise<AdvanceResult> {
  const limits = { ...defaultSwitchLimits, ...env.limits };
  let record = await env.journal.get(e164);
  if (!record) throw new Error(`no product switch recorded for ${e164}`);

  const save = async (next: ProductSwitch): Promise<boolean> => {
    const stored: ProductSwitch = { ...next, revision: record!.revision + 1, updatedAt: env.clock.now().toISOString() };
    if (!(await env.journal.save(stored, record!.revision))) return false;
    record = stored;
    return true;
  };
  const audit = (action: HistoryEntry['action'], extra: Partial<HistoryEntry> = {}) =>
    env.appendHistory({
      phoneNumber: e164,
      at: env.clock.now().toISOString(),
      id: env.ids.next(),
      actor: record!.actor,
      action,
      before: null,
      after: null,
      switchId: record!.id,
      ...extra,
    });
  const lostRace = async (): Promise<AdvanceResult> => {
    const current = (await env.journal.get(e164)) ?? record!;
    return { status: current.status, record: current, ...(current.status === 'waiting' ? { retryAfterSeconds: limits.retryAfterSeconds } : {}) };
  };

  for (;;) {
    if (isTerminal(record.status)) return { status: record.status, record };
    const inRollback = record.status === 'rolling-back' || (record.status === 'waiting' && record.rollback.length > 0);
    const list = inRollback ? record.rollback : record.steps;
    const index = list.findIndex((s) => s.status !== 'done');

    if (index === -1) {
      const status: SwitchStatus = inRollback ? 'rolled-back' : 'completed';
      if (!(await save({ ...record, status }))) return lostRace();
      await audit(inRollback ? 'switch-rolled-back' : 'switch-completed', {
        detail: inRollback ? `number restored after: ${record.error ?? 'a failed step'}` : undefined,
      });
      return { status, record };
    }

    const current = list[index]!;
    const before = await env.inventory.getPhoneNumber(e164).catch(() => undefined);
    const running: SwitchStep = {
      ...current,
      status: 'running',
      attempts: current.attempts + 1,
      startedAt: env.clock.now().toISOString(),
      ...prepared(current, before),
    };
    const withStep = (s: SwitchStep, extra: Partial<ProductSwitch> = {}): ProductSwitch => {
      const updated = [...list];
      updated[index] = s;
      return inRollback
        ? { ...record!, rollback: updated, status: 'rolling-back', ...extra }
        : { ...record!, steps: updated, status: 'running', ...extra };
    };
    if (!(await save(withStep(running)))) return lostRace();
    // Await steps are checks, not changes: journalling every poll would bury the trail.
    if (current.kind !== 'await-released' || record.waitChecks === 0) {
      await audit('switch-step-started', { step: stepLabel(current), before: numberState(before) });
    }

    let outcome: StepOutcome | undefined;
    let failure: unknown;
    try {
      outcome = await runStep(running, e164, env);
    } catch (error) {
      failure = error;
    }

    if (outcome?.kind === 'done') {
      const after = await env.inventory.getPhoneNumber(e164).catch(() => undefined);
      const done: SwitchStep = {
        ...running,
        status: 'done',
        finishedAt: env.clock.now().toISOString(),
        ...(outcome.output ? { output: outcome.output } : {}),
      };
      if (!(await save({ ...withStep(done), waitChecks: 0 }))) return lostRace();
      await audit('switch-step-succeeded', { step: stepLabel(done), before: numberState(before), after: numberState(after) });
      continue;
    }

    if (outcome?.kind === 'wait') {
      const checks = record.waitChecks + 1;
      if (checks < limits.maxReleaseChecks) {
        const waiting: SwitchStep = { ...running, status: 'pending', attempts: current.attempts };
        if (!(await save({ ...withStep(waiting), status: 'waiting', waitChecks: checks }))) return lostRace();
        if (checks === 1) await audit('switch-waiting', { step: stepLabel(current), detail: outcome.reason });
        return { status: 'waiting', retryAfterSeconds: limits.retryAfterSeconds, record };
      }
      failure = new InventoryError(`${outcome.reason} after ${checks} checks`, 'NotReleased', false);
    }

    const error = failure instanceof Error ? failure : new Error(String(failure));
    const retryable = failure instanceof InventoryError && failure.retryable && running.attempts < limits.maxAttemptsPerStep;
    if (retryable) {
      const pending: SwitchStep = { ...running, status: 'pending', error: error.message };
      if (!(await save({ ...withStep(pending), status: 'waiting' }))) return lostRace();
      await audit('switch-step-failed', { step: stepLabel(current), detail: `${error.message} (will retry)`, before: numberState(before) });
      return { status: 'waiting', retryAfterSeconds: limits.retryAfterSeconds, record };
    }

    const failed: SwitchStep = { ...running, status: 'failed', finishedAt: env.clock.now().toISOString(), error: error.message };
    await audit('switch-step-failed', { step: stepLabel(current), detail: error.message, before: numberState(before) });
    if (inRollback) {
      // A compensation failed for good: say so and stop; an operator must look (the trail shows exactly where).
      if (!(await save({ ...withStep(failed), status: 'failed', error: `rollback stopped: ${error.message}` }))) return lostRace();
      await audit('switch-failed', { detail: record.error });
      return { status: 'failed', record };
    }
    const steps = [...record.steps];
    steps[index] = failed;
    const rollback = planRollback(steps);
    if (!(await save({ ...record, steps, rollback, status: 'rolling-back', waitChecks: 0, error: `${stepLabel(current)}: ${error.message}` }))) {
      return lostRace();
    }
    await audit('switch-rollback-started', { detail: record.error, after: rollback.map(stepLabel) });
  }
}

/**
 * What a step must remember before it runs, so its compensation works even when the step fails after taking
 * effect (a timeout after the service changed the product type).
 */
function prepared(s: SwitchStep, before: InventoryNumber | undefined): Pick<SwitchStep, 'output'> | Record<string, never> {
  if (s.kind === 'set-product-type' && !s.output?.previousProductType && before) {
    return { output: { ...s.output, previousProductType: before.productType } };
  }
  return {};
}

export function stepLabel(s: SwitchStep): string {
  const params = Object.entries(s.params)
    .filter(([key]) => key === 'productType' || key === 'voiceConnectorId' || key === 'sipRuleId')
    .map(([, value]) => value);
  return params.length > 0 ? `${s.kind}(${params.join(', ')})` : s.kind;
}

function numberState(number: InventoryNumber | undefined): Record<string, string> | null {
  if (!number) return null;
  const state: Record<string, string> = { productType: number.productType, status: number.status };
  if (number.voiceConnectorId) state.voiceConnectorId = number.voiceConnectorId;
  if (number.sipRuleId) state.sipRuleId = number.sipRuleId;
  return state;
}
