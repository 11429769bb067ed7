/**
 * Local stand-in for the Chime SDK voice phone-number inventory: numbers with product types, SIP rules and Voice
 * Connectors, behind the same PhoneNumberInventory port as the AWS adapter.
 *
 * It keeps the rules of the real service that the product switch has to respect, because code that only ever ran
 * against a permissive fake breaks on the first real number:
 * - the product type changes only while a number is `Unassigned` (no rule, no Voice Connector);
 * - a number freed from a rule or Voice Connector stays `Assigned` for a while (`releaseDelayMs`);
 * - a SIP rule must be disabled before it is deleted, and a number can sit in one ToPhoneNumber rule only;
 * - only `VoiceConnector` numbers associate with a Voice Connector, only `SipMediaApplicationDialIn` numbers take
 *   a SIP rule.
 * Failures can be injected per operation to test the switch's resume and rollback.
 */
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { InventoryError } from '../../domain/product-switch.ts';
import type { InventoryNumber, Page, PhoneNumberInventory, ProductType, SipRule, VoiceConnector } from '../../domain/ports.ts';

export type InventoryOperation =
  | 'listPhoneNumbers'
  | 'getPhoneNumber'
  | 'updateProductType'
  | 'listVoiceConnectors'
  | 'associateWithVoiceConnector'
  | 'disassociateFromVoiceConnector'
  | 'findSipRules'
  | 'createSipRule'
  | 'setSipRuleDisabled'
  | 'deleteSipRule';

interface StoredNumber {
  phoneNumberId: string;
  e164: string;
  productType: ProductType;
  status: string;
  voiceConnectorId?: string;
  /** When a freed number turns Unassigned (epoch ms). */
  releaseAt?: number;
}

interface InventoryState {
  numbers: StoredNumber[];
  rules: SipRule[];
  voiceConnectors: VoiceConnector[];
  nextRuleId: number;
}

export interface StandInOptions {
  numbers?: Array<{ e164: string; productType: ProductType; voiceConnectorId?: string }>;
  voiceConnectors?: VoiceConnector[];
  /** How long a freed number stays Assigned (the real service takes seconds to minutes). @default 2000 */
  releaseDelayMs?: number;
  /** Time source, so tests can move time instead of waiting. */
  clock?: { now(): Date };
  /** JSON file to keep the inventory in between runs of the local stage. */
  persistPath?: string;
}

/** A few numbers from the 555-01xx range (reserved for fiction) and one Voice Connector, like a fresh account. */
export const defaultSeed: Required<Pick<StandInOptions, 'numbers' | 'voiceConnectors'>> = {
  voiceConnectors: [
    { voiceConnectorId: 'abcdef1ghij2klmno3pqr4', name: 'office-pbx', awsRegion: 'us-east-1' },
    { voiceConnectorId: 'zyxwvu9tsrq8ponml7kji6', name: 'branch-pbx', awsRegion: 'us-east-1' },
  ],
  numbers: [
    { e164: '+13125550100', productType: 'VoiceConnector', voiceConnectorId: 'abcdef1ghij2klmno3pqr4' },
    { e164: '+13125550101', productType: 'VoiceConnector', voiceConnectorId: 'abcdef1ghij2klmno3pqr4' },
    { e164: '+13125550102', productType: 'SipMediaApplicationDialIn' },
    { e164: '+12065550103', productType: 'VoiceConnector' },
  ],
};

export class ChimeSdkVoiceStandIn implements PhoneNumberInventory {
  private state: InventoryState;
  private readonly releaseDelayMs: number;
  private readonly clock: { now(): Date };
  private readonly persistPath: string | undefined;
  private readonly failures = new Map<InventoryOperation, Array<{ error: InventoryError; afterEffect: boolean }>>();
  /** Every mutating call, in order: what the tests compare with the audit trail. */
  readonly calls: Array<{ operation: InventoryOperation; args: unknown[] }> = [];

  constructor(options: StandInOptions = {}) {
    this.releaseDelayMs = options.releaseDelayMs ?? 2000;
    this.clock = options.clock ?? { now: () => new Date() };
    this.persistPath = options.persistPath;
    const persisted =
      this.persistPath && existsSync(this.persistPath) ? (JSON.parse(readFileSync(this.persistPath, 'utf8')) as InventoryState) : undefined;
    if (persisted) {
      this.state = persisted;
      return;
    }
    const numbers = options.numbers ?? defaultSeed.numbers;
    this.state = {
      voiceConnectors: structuredClone(options.voiceConnectors ?? defaultSeed.voiceConnectors),
      numbers: numbers.map((n) => {
        const stored: StoredNumber = {
          phoneNumberId: n.e164,
          e164: n.e164,
          productType: n.productType,
          status: n.voiceConnectorId ? 'Assigned' : 'Unassigned',
        };
        if (n.voiceConnectorId) stored.voiceConnectorId = n.voiceConnectorId;
        return stored;
      }),
      rules: [],
      nextRuleId: 1,
    };
    this.persist();
  }

  /**
   * The next `times` calls of `operation` fail with a (retryable or not) error. `afterEffect` makes the call take
   * effect and then fail — a timeout after the service did the work, the hardest case for a resume.
   */
  injectFailure(operation: InventoryOperation, options: { times?: number; retryable?: boolean; afterEffect?: boolean; code?: string } = {}): void {
    const list = this.failures.get(operation) ?? [];
    for (let i = 0; i < (options.times ?? 1); i++) {
      const code = options.code ?? (options.retryable ? 'ThrottledClientException' : 'ServiceFailureException');
      list.push({
        error: new InventoryError(`injected ${code} on ${operation}`, code, options.retryable ?? false),
        afterEffect: options.afterEffect ?? false,
      });
    }
    this.failures.set(operation, list);
  }

  clearFailures(): void {
    this.failures.clear();
  }

  /** Snapshot for assertions: the number as the service would report it, plus the rules that trigger on it. */
  snapshot(e164: string): { productType: string; status: string; voiceConnectorId: string | undefined; rules: SipRule[] } | undefined {
    const n = this.find(e164);
    if (!n) return undefined;
    return { productType: n.productType, status: n.status, voiceConnectorId: n.voiceConnectorId, rules: this.rulesFor(e164).map((r) => ({ ...r })) };
  }

  /** Where a call to this number goes right now: the SIP media application of an enabled rule, a Voice Connector, or nowhere. */
  routeOf(
    e164: string,
  ): { kind: 'sip-media-application'; sipMediaApplicationId: string } | { kind: 'voice-connector'; voiceConnectorId: string } | { kind: 'unrouted' } {
    const n = this.find(e164);
    if (!n) return { kind: 'unrouted' };
    const rule = this.rulesFor(e164).find((r) => !r.disabled);
    if (n.productType === 'SipMediaApplicationDialIn' && rule)
      return { kind: 'sip-media-application', sipMediaApplicationId: rule.sipMediaApplicationId };
    if (n.productType === 'VoiceConnector' && n.voiceConnectorId) return { kind: 'voice-connector', voiceConnectorId: n.voiceConnectorId };
    return { kind: 'unrouted' };
  }

  async listPhoneNumbers(options: { nextToken?: string; maxResults?: number }): Promise<Page<InventoryNumber>> {
    this.maybeFail('listPhoneNumbers', 'before');
    return paginate(
      this.state.numbers.map((n) => this.view(n)),
      options,
    );
  }

  async getPhoneNumber(e164: string): Promise<InventoryNumber | undefined> {
    this.maybeFail('getPhoneNumber', 'before');
    const n = this.find(e164);
    if (!n) return undefined;
    if (n.releaseAt !== undefined && this.clock.now().getTime() >= n.releaseAt) {
      delete n.releaseAt;
      if (!n.voiceConnectorId && this.rulesFor(e164).length === 0) n.status = 'Unassigned';
      this.persist();
    }
    return this.view(n);
  }

  async updateProductType(e164: string, productType: ProductType): Promise<void> {
    this.mutate('updateProductType', [e164, productType], () => {
      const n = this.require(e164);
      if (n.status !== 'Unassigned')
        throw new InventoryError(`${e164} is ${n.status}: disassociate it before changing its product type`, 'BadRequestException', false);
      n.productType = productType;
    });
  }

  async listVoiceConnectors(options: { nextToken?: string; maxResults?: number }): Promise<Page<VoiceConnector>> {
    this.maybeFail('listVoiceConnectors', 'before');
    return paginate(
      this.state.voiceConnectors.map((v) => ({ ...v })),
      options,
    );
  }

  async associateWithVoiceConnector(e164: string, voiceConnectorId: string): Promise<void> {
    this.mutate('associateWithVoiceConnector', [e164, voiceConnectorId], () => {
      const n = this.require(e164);
      if (!this.state.voiceConnectors.some((v) => v.voiceConnectorId === voiceConnectorId)) {
        throw new InventoryError(`Voice Connector ${voiceConnectorId} not found`, 'NotFoundException', false);
      }
      if (n.productType !== 'VoiceConnector')
        throw new InventoryError(`${e164} has product type ${n.productType}, not VoiceConnector`, 'BadRequestException', false);
      n.voiceConnectorId = voiceConnectorId;
      n.status = 'Assigned';
      delete n.releaseAt;
    });
  }

  async disassociateFromVoiceConnector(e164: string, voiceConnectorId: string): Promise<void> {
    this.mutate('disassociateFromVoiceConnector', [e164, voiceConnectorId], () => {
      const n = this.require(e164);
      if (n.voiceConnectorId !== voiceConnectorId) return;
      delete n.voiceConnectorId;
      n.releaseAt = this.clock.now().getTime() + this.releaseDelayMs;
    });
  }

  async findSipRules(e164: string): Promise<SipRule[]> {
    this.maybeFail('findSipRules', 'before');
    return this.rulesFor(e164).map((r) => ({ ...r }));
  }

  async createSipRule(input: { name: string; e164: string; sipMediaApplicationId: string; awsRegion: string }): Promise<SipRule> {
    let created: SipRule | undefined;
    this.mutate('createSipRule', [input], () => {
      const n = this.require(input.e164);
      if (n.productType !== 'SipMediaApplicationDialIn') {
        throw new InventoryError(`${input.e164} has product type ${n.productType}, not SipMediaApplicationDialIn`, 'BadRequestException', false);
      }
      if (this.rulesFor(input.e164).length > 0) throw new InventoryError(`a SIP rule already triggers on ${input.e164}`, 'ConflictException', false);
      created = {
        sipRuleId: `rule-${String(this.state.nextRuleId++).padStart(6, '0')}`,
        name: input.name,
        disabled: false,
        triggerType: 'ToPhoneNumber',
        triggerValue: input.e164,
        sipMediaApplicationId: input.sipMediaApplicationId,
        awsRegion: input.awsRegion,
      };
      this.state.rules.push(created);
      n.status = 'Assigned';
      delete n.releaseAt;
    });
    return { ...created! };
  }

  async setSipRuleDisabled(sipRuleId: string, disabled: boolean): Promise<void> {
    this.mutate('setSipRuleDisabled', [sipRuleId, disabled], () => {
      const rule = this.state.rules.find((r) => r.sipRuleId === sipRuleId);
      if (!rule) throw new InventoryError(`SIP rule ${sipRuleId} not found`, 'NotFoundException', false);
      rule.disabled = disabled;
    });
  }

  async deleteSipRule(sipRuleId: string): Promise<void> {
    this.mutate('deleteSipRule', [sipRuleId], () => {
      const rule = this.state.rules.find((r) => r.sipRuleId === sipRuleId);
      if (!rule) return;
      if (!rule.disabled) throw new InventoryError(`SIP rule ${sipRuleId} must be disabled before it is deleted`, 'BadRequestException', false);
      this.state.rules = this.state.rules.filter((r) => r.sipRuleId !== sipRuleId);
      const n = this.find(rule.triggerValue);
      if (n) n.releaseAt = this.clock.now().getTime() + this.releaseDelayMs;
    });
  }

  private mutate(operation: InventoryOperation, args: unknown[], effect: () => void): void {
    this.maybeFail(operation, 'before');
    this.calls.push({ operation, args });
    effect();
    this.persist();
    this.maybeFail(operation, 'after');
  }

  private maybeFail(operation: InventoryOperation, when: 'before' | 'after'): void {
    const list = this.failures.get(operation);
    const next = list?.[0];
    if (!next || next.afterEffect !== (when === 'after')) return;
    list!.shift();
    throw next.error;
  }

  private find(e164: string): StoredNumber | undefined {
    return this.state.numbers.find((n) => n.e164 === e164);
  }

  private require(e164: string): StoredNumber {
    const n = this.find(e164);
    if (!n) throw new InventoryError(`${e164} is not in the inventory`, 'NotFoundException', false);
    return n;
  }

  private rulesFor(e164: string): SipRule[] {
    return this.state.rules.filter((r) => r.triggerType === 'ToPhoneNumber' && r.triggerValue === e164);
  }

  private view(n: StoredNumber): InventoryNumber {
    const view: InventoryNumber = { phoneNumberId: n.phoneNumberId, e164: n.e164, productType: n.productType, status: n.status };
    if (n.voiceConnectorId) view.voiceConnectorId = n.voiceConnectorId;
    const rule = this.rulesFor(n.e164)[0];
    if (rule) view.sipRuleId = rule.sipRuleId;
    return view;
  }

  private persist(): void {
    if (!this.persistPath) return;
    mkdirSync(path.dirname(this.persistPath), { recursive: true });
    writeFileSync(this.persistPath, JSON.stringify(this.state, null, 2));
  }
}

/** Same contract as the service: an opaque token, at most `maxResults` (default 100) per page. */
function paginate<T>(items: T[], options: { nextToken?: string; maxResults?: number }): Page<T> {
  const start = options.nextToken ? Number(Buffer.from(options.nextToken, 'base64url').toString('utf8')) : 0;
  if (!Number.isInteger(start) || start < 0) throw new InventoryError('invalid NextToken', 'BadRequestException', false);
  const size = Math.min(Math.max(options.maxResults ?? 100, 1), 500);
  const page = items.slice(start, start + size);
  const end = start + page.length;
  return end < items.length ? { items: page, nextToken: Buffer.from(String(end), 'utf8').toString('base64url') } : { items: page };
}
