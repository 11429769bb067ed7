/**
 * The use cases behind the API: list numbers, set / replace / remove a forward, read the audit trail, assign a
 * number to a user. Who may do what: `admin` manages every number; any other user only the numbers assigned to
 * them. Every change passes the toll-fraud guard and the per-user rate limit, and is idempotent: sending the same
 * request twice changes nothing the second time (no second history entry, event or switch).
 */
import { sameSettings, settingsOf, type Forward, type ForwardSettings } from '../domain/forward.ts';
import type { HistoryEntry } from '../domain/history.ts';
import type { Clock, ForwardStore, IdGenerator, InventoryNumber, PhoneNumberInventory, SwitchJournal, SwitchScheduler } from '../domain/ports.ts';
import {
  beginSwitch,
  InventoryError,
  isTerminal,
  planSwitch,
  SwitchRefused,
  type ProductSwitch,
  type SwitchEnvironment,
  type SwitchTarget,
} from '../domain/product-switch.ts';
import { checkDestinations, type GuardPolicy, type GuardViolation } from '../domain/toll-fraud-guard.ts';

export const adminGroup = 'admin';

/** A switch whose journal has not changed for this long has lost its runner. */
export const staleSwitchMs = 10 * 60_000;

export interface Actor {
  subject: string;
  username: string;
  groups: readonly string[];
}

export const isAdmin = (actor: Actor) => actor.groups.includes(adminGroup);

export class NotAllowed extends Error {
  override readonly name = 'NotAllowed';
}
export class NotFound extends Error {
  override readonly name = 'NotFound';
}
export class GuardRefused extends Error {
  override readonly name = 'GuardRefused';
  constructor(readonly violations: GuardViolation[]) {
    super(violations.map((v) => v.message).join('; '));
  }
}
export class RateLimited extends Error {
  override readonly name = 'RateLimited';
  constructor(
    readonly retryAfterSeconds: number,
    readonly limit: number,
    readonly windowSeconds: number,
  ) {
    super(`at most ${limit} forward changes per ${windowSeconds} s; try again in ${retryAfterSeconds} s`);
  }
}
/** A page token this API did not issue. */
export class BadPageToken extends Error {
  override readonly name = 'BadPageToken';
}
/** Someone else changed the forward between our read and our write; the client should re-read and retry. */
export class ConcurrentChange extends Error {
  override readonly name = 'ConcurrentChange';
}

export interface ForwardChange {
  phoneNumber: string;
  change: 'set' | 'replaced' | 'removed';
  actor: string;
  before: Forward | null;
  after: Forward | null;
}

/** The ForwardChanged event's data: the forward records as plain objects (the AWS and local buses publish it). */
export function forwardChangedData(change: ForwardChange) {
  return {
    phoneNumber: change.phoneNumber,
    change: change.change,
    actor: change.actor,
    before: change.before ? { ...change.before } : null,
    after: change.after ? { ...change.after } : null,
  };
}

export interface ForwardingServiceDeps {
  store: ForwardStore;
  journal: SwitchJournal;
  inventory: PhoneNumberInventory;
  scheduler: SwitchScheduler;
  publishChange(change: ForwardChange, correlationId: string): Promise<void>;
  clock: Clock;
  ids: IdGenerator;
  sipMediaApplicationId: string;
  awsRegion: string;
  guard: GuardPolicy;
  rateLimit: { changes: number; windowSeconds: number };
}

export interface NumberView {
  phoneNumber: string;
  productType: string;
  status: string;
  voiceConnectorId: string | null;
  sipRuleId: string | null;
  owner: string | null;
  forward: Forward | null;
  /** The last product switch of the number, if any. */
  switch: { id: string; status: ProductSwitch['status']; target: SwitchTarget; error?: string } | null;
}

export class ForwardingService {
  constructor(private readonly deps: ForwardingServiceDeps) {}

  private get switchEnv(): SwitchEnvironment {
    const { inventory, journal, store, clock, ids, sipMediaApplicationId } = this.deps;
    return { inventory, journal, appendHistory: (entry) => store.appendHistory(entry), clock, ids, sipMediaApplicationId };
  }

  /** Admins may touch any number; others only the numbers assigned to them. A 404 does not reveal other users' numbers. */
  private async authorize(actor: Actor, e164: string): Promise<InventoryNumber> {
    if (!isAdmin(actor)) {
      const owner = await this.deps.store.getAssignment(e164);
      if (owner !== actor.subject) throw new NotAllowed(`${e164} is not assigned to you`);
    }
    const number = await this.deps.inventory.getPhoneNumber(e164);
    if (!number) throw new NotFound(`${e164} is not in the account's phone-number inventory`);
    return number;
  }

  private async chargeRateLimit(actor: Actor): Promise<void> {
    const { changes, windowSeconds } = this.deps.rateLimit;
    const nowSeconds = Math.floor(this.deps.clock.now().getTime() / 1000);
    const windowStart = nowSeconds - (nowSeconds % windowSeconds);
    const allowed = await this.deps.store.takeRateLimitToken(actor.subject, String(windowStart), changes, windowStart + windowSeconds * 2);
    if (!allowed) throw new RateLimited(windowStart + windowSeconds - nowSeconds, changes, windowSeconds);
  }

  private entry(e164: string, actor: Actor, action: HistoryEntry['action'], before: unknown, after: unknown): HistoryEntry {
    return { phoneNumber: e164, at: this.deps.clock.now().toISOString(), id: this.deps.ids.next(), actor: actor.username, action, before, after };
  }

  async view(e164: string, number?: InventoryNumber): Promise<NumberView> {
    const [inventoryNumber, forward, owner, last] = await Promise.all([
      number ?? this.deps.inventory.getPhoneNumber(e164),
      this.deps.store.getForward(e164),
      this.deps.store.getAssignment(e164),
      this.deps.journal.get(e164),
    ]);
    return {
      phoneNumber: e164,
      productType: inventoryNumber?.productType ?? 'Unknown',
      status: inventoryNumber?.status ?? 'Unknown',
      voiceConnectorId: inventoryNumber?.voiceConnectorId ?? null,
      sipRuleId: inventoryNumber?.sipRuleId ?? null,
      owner: owner ?? null,
      forward: forward ?? null,
      switch: last ? { id: last.id, status: last.status, target: last.target, ...(last.error ? { error: last.error } : {}) } : null,
    };
  }

  /** Admins page through the account's inventory; users see the numbers assigned to them. */
  async listNumbers(actor: Actor, page: { limit: number; nextToken?: string }): Promise<{ items: NumberView[]; nextToken?: string }> {
    if (isAdmin(actor)) {
      const result = await this.deps.inventory
        .listPhoneNumbers({ maxResults: page.limit, ...(page.nextToken ? { nextToken: page.nextToken } : {}) })
        .catch((error: unknown) => {
          // Chime's tokens are opaque; one it refuses came from somewhere else.
          if (page.nextToken && error instanceof InventoryError && error.code === 'BadRequestException')
            throw new BadPageToken('the nextToken is not one this API issued');
          throw error;
        });
      const items = await Promise.all(result.items.map((n) => this.view(n.e164, n)));
      return result.nextToken ? { items, nextToken: result.nextToken } : { items };
    }
    const assigned = await this.deps.store.listAssignedNumbers(actor.subject);
    const start = page.nextToken ? Number(page.nextToken) : 0;
    if (!/^\d{1,6}$/.test(page.nextToken ?? '0') || start > assigned.length) throw new BadPageToken('the nextToken is not one this API issued');
    const slice = assigned.slice(start, start + page.limit);
    const items = await Promise.all(slice.map((e164) => this.view(e164)));
    const end = start + slice.length;
    return end < assigned.length ? { items, nextToken: String(end) } : { items };
  }

  async setForward(
    actor: Actor,
    e164: string,
    settings: ForwardSettings,
    correlationId: string,
  ): Promise<{ forward: Forward; change: 'set' | 'replaced' | 'unchanged'; switch: ProductSwitch | null }> {
    const number = await this.authorize(actor, e164);
    const verdict = checkDestinations(e164, settings.destinations, this.deps.guard);
    if (!verdict.ok) throw new GuardRefused(verdict.violations);

    const existing = await this.deps.store.getForward(e164);
    if (existing && sameSettings(existing, settings)) {
      // A duplicate (double click, client retry): nothing to write; make sure the number is (being) routed to us.
      return { forward: existing, change: 'unchanged', switch: await this.routeTo(actor, e164, this.smaTarget()) };
    }
    // Refuse a number we could not route before anything is written (e.g. the IVR's number).
    planSwitch(number, await this.deps.inventory.findSipRules(e164), this.smaTarget(), this.deps.sipMediaApplicationId);

    await this.chargeRateLimit(actor);
    const owner = (await this.deps.store.getAssignment(e164)) ?? actor.subject;
    const next: Forward = {
      ...settingsOf(settings),
      phoneNumber: e164,
      owner,
      revision: (existing?.revision ?? 0) + 1,
      updatedAt: this.deps.clock.now().toISOString(),
      updatedBy: actor.username,
    };
    const change = existing ? 'replaced' : 'set';
    const written = await this.deps.store.putForward(
      next,
      existing?.revision ?? 0,
      this.entry(e164, actor, change === 'set' ? 'forward-set' : 'forward-replaced', existing ?? null, next),
    );
    if (!written) throw new ConcurrentChange(`the forward of ${e164} changed meanwhile; read it again and retry`);
    await this.deps.publishChange({ phoneNumber: e164, change, actor: actor.username, before: existing ?? null, after: next }, correlationId);
    return { forward: next, change, switch: await this.routeTo(actor, e164, this.smaTarget()) };
  }

  async removeForward(
    actor: Actor,
    e164: string,
    options: { voiceConnectorId?: string },
    correlationId: string,
  ): Promise<{ removed: boolean; switch: ProductSwitch | null }> {
    await this.authorize(actor, e164);
    const target: SwitchTarget | undefined = options.voiceConnectorId
      ? { kind: 'voice-connector', voiceConnectorId: options.voiceConnectorId }
      : undefined;
    // Check where the number would go before anything changes: a typo must not leave it half done.
    if (target) {
      const connectors = await this.allVoiceConnectors();
      if (!connectors.some((vc) => vc.voiceConnectorId === options.voiceConnectorId))
        throw new NotFound(`Voice Connector ${options.voiceConnectorId} not found`);
      const number = await this.deps.inventory.getPhoneNumber(e164);
      if (number) planSwitch(number, await this.deps.inventory.findSipRules(e164), target, this.deps.sipMediaApplicationId);
    }
    const existing = await this.deps.store.getForward(e164);
    let removed = false;
    if (existing) {
      await this.chargeRateLimit(actor);
      removed = await this.deps.store.deleteForward(e164, existing.revision, this.entry(e164, actor, 'forward-removed', existing, null));
      if (!removed) throw new ConcurrentChange(`the forward of ${e164} changed meanwhile; read it again and retry`);
      await this.deps.publishChange({ phoneNumber: e164, change: 'removed', actor: actor.username, before: existing, after: null }, correlationId);
    }
    return { removed, switch: target ? await this.routeTo(actor, e164, target) : null };
  }

  /** One number as its owner (or an admin) sees it. */
  async getNumber(actor: Actor, e164: string): Promise<NumberView> {
    const number = await this.authorize(actor, e164);
    return this.view(e164, number);
  }

  async history(actor: Actor, e164: string, page: { limit: number; cursor?: string }) {
    await this.authorize(actor, e164);
    return this.deps.store.listHistory(e164, page);
  }

  async assign(actor: Actor, e164: string, owner: string): Promise<void> {
    if (!isAdmin(actor)) throw new NotAllowed('only admins assign numbers');
    const number = await this.deps.inventory.getPhoneNumber(e164);
    if (!number) throw new NotFound(`${e164} is not in the account's phone-number inventory`);
    const before = (await this.deps.store.getAssignment(e164)) ?? null;
    if (before === owner) return;
    const at = this.deps.clock.now().toISOString();
    await this.deps.store.putAssignment(e164, owner, actor.username, at);
    await this.deps.store.appendHistory(this.entry(e164, actor, 'number-assigned', { owner: before }, { owner }));
  }

  async voiceConnectors(page: { limit: number; nextToken?: string }) {
    return this.deps.inventory.listVoiceConnectors({ maxResults: page.limit, ...(page.nextToken ? { nextToken: page.nextToken } : {}) });
  }

  private async allVoiceConnectors() {
    const all = [];
    let nextToken: string | undefined;
    do {
      const result = await this.deps.inventory.listVoiceConnectors({ maxResults: 100, ...(nextToken ? { nextToken } : {}) });
      all.push(...result.items);
      nextToken = result.nextToken;
    } while (nextToken);
    return all;
  }

  private smaTarget(): SwitchTarget {
    return { kind: 'sip-media-application', sipMediaApplicationId: this.deps.sipMediaApplicationId, awsRegion: this.deps.awsRegion };
  }

  /**
   * Starts (or joins) the switch to `target`; hands it to the scheduler when it has steps to run. A joined switch
   * that has not moved for a while (its runner died: an execution that failed, a local stage that stopped) is
   * handed over again — it resumes from its journal.
   */
  private async routeTo(actor: Actor, e164: string, target: SwitchTarget): Promise<ProductSwitch | null> {
    const { record, started } = await beginSwitch(this.switchEnv, { e164, target, actor: actor.username, id: this.deps.ids.next() });
    const stale = !started && !isTerminal(record.status) && this.deps.clock.now().getTime() - Date.parse(record.updatedAt) > staleSwitchMs;
    if (started || stale) await this.deps.scheduler.start(record);
    return record.steps.length > 0 ? record : null;
  }
}

export { InventoryError, SwitchRefused };
