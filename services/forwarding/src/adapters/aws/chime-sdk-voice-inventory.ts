/**
 * PhoneNumberInventory on the Amazon Chime SDK voice API (`@aws-sdk/client-chime-sdk-voice`; the legacy `chime`
 * namespace the original sample used is being retired). One method, one API call (two where the API needs a read
 * first), every error classified retryable or not for the product switch.
 */
import {
  AssociatePhoneNumbersWithVoiceConnectorCommand,
  ChimeSDKVoiceClient,
  CreateSipRuleCommand,
  DeleteSipRuleCommand,
  DisassociatePhoneNumbersFromVoiceConnectorCommand,
  GetPhoneNumberCommand,
  GetSipRuleCommand,
  ListPhoneNumbersCommand,
  ListSipRulesCommand,
  ListVoiceConnectorsCommand,
  UpdatePhoneNumberCommand,
  UpdateSipRuleCommand,
  type PhoneNumber,
  type PhoneNumberError,
  type SipRule as ChimeSipRule,
} from '@aws-sdk/client-chime-sdk-voice';
import { InventoryError } from '../../domain/product-switch.ts';
import type { InventoryNumber, Page, PhoneNumberInventory, ProductType, SipRule, VoiceConnector } from '../../domain/ports.ts';

/** Throttling and service-side failures go away on their own; everything else needs a different request. */
const retryableErrors = new Set([
  'ThrottledClientException',
  'ServiceUnavailableException',
  'ServiceFailureException',
  'TimeoutError',
  'RequestTimeout',
]);

export function classifyChimeError(error: unknown, what: string): InventoryError {
  if (error instanceof InventoryError) return error;
  const name = (error as { name?: string })?.name ?? 'Error';
  const message = (error as { message?: string })?.message ?? String(error);
  return new InventoryError(`${what}: ${name}: ${message}`, name, retryableErrors.has(name));
}

function toNumber(n: PhoneNumber): InventoryNumber {
  const view: InventoryNumber = {
    phoneNumberId: n.PhoneNumberId ?? n.E164PhoneNumber ?? '',
    e164: n.E164PhoneNumber ?? '',
    productType: (n.ProductType ?? 'Unknown') as ProductType,
    status: n.Status ?? 'Unknown',
  };
  for (const association of n.Associations ?? []) {
    if (association.Name === 'VoiceConnectorId' && association.Value) view.voiceConnectorId = association.Value;
    if (association.Name === 'SipRuleId' && association.Value) view.sipRuleId = association.Value;
  }
  return view;
}

function toRule(rule: ChimeSipRule): SipRule {
  const target = rule.TargetApplications?.[0];
  return {
    sipRuleId: rule.SipRuleId ?? '',
    name: rule.Name ?? '',
    disabled: rule.Disabled ?? false,
    triggerType: (rule.TriggerType ?? 'ToPhoneNumber') as SipRule['triggerType'],
    triggerValue: rule.TriggerValue ?? '',
    sipMediaApplicationId: target?.SipMediaApplicationId ?? '',
    awsRegion: target?.AwsRegion ?? '',
  };
}

function failOnPhoneNumberErrors(errors: PhoneNumberError[] | undefined, what: string): void {
  const first = errors?.[0];
  if (first)
    throw new InventoryError(
      `${what}: ${first.ErrorCode}: ${first.ErrorMessage}`,
      String(first.ErrorCode),
      retryableErrors.has(String(first.ErrorCode)),
    );
}

export class ChimeSdkVoiceInventory implements PhoneNumberInventory {
  constructor(private readonly client: ChimeSDKVoiceClient = new ChimeSDKVoiceClient({})) {}

  private async call<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw classifyChimeError(error, what);
    }
  }

  async listPhoneNumbers(options: { nextToken?: string; maxResults?: number }): Promise<Page<InventoryNumber>> {
    const out = await this.call('ListPhoneNumbers', () =>
      this.client.send(new ListPhoneNumbersCommand({ MaxResults: Math.min(options.maxResults ?? 100, 500), NextToken: options.nextToken })),
    );
    const items = (out.PhoneNumbers ?? []).map(toNumber);
    return out.NextToken ? { items, nextToken: out.NextToken } : { items };
  }

  async getPhoneNumber(e164: string): Promise<InventoryNumber | undefined> {
    try {
      const out = await this.client.send(new GetPhoneNumberCommand({ PhoneNumberId: e164 }));
      return out.PhoneNumber ? toNumber(out.PhoneNumber) : undefined;
    } catch (error) {
      if ((error as { name?: string })?.name === 'NotFoundException') return undefined;
      throw classifyChimeError(error, 'GetPhoneNumber');
    }
  }

  async updateProductType(e164: string, productType: ProductType): Promise<void> {
    await this.call('UpdatePhoneNumber', () => this.client.send(new UpdatePhoneNumberCommand({ PhoneNumberId: e164, ProductType: productType })));
  }

  async listVoiceConnectors(options: { nextToken?: string; maxResults?: number }): Promise<Page<VoiceConnector>> {
    const out = await this.call('ListVoiceConnectors', () =>
      this.client.send(new ListVoiceConnectorsCommand({ MaxResults: Math.min(options.maxResults ?? 99, 99), NextToken: options.nextToken })),
    );
    const items = (out.VoiceConnectors ?? []).map((vc) => ({
      voiceConnectorId: vc.VoiceConnectorId ?? '',
      name: vc.Name ?? '',
      ...(vc.AwsRegion ? { awsRegion: vc.AwsRegion } : {}),
    }));
    return out.NextToken ? { items, nextToken: out.NextToken } : { items };
  }

  async associateWithVoiceConnector(e164: string, voiceConnectorId: string): Promise<void> {
    const out = await this.call('AssociatePhoneNumbersWithVoiceConnector', () =>
      // ForceAssociate stays off: taking a number from another Voice Connector is not this service's call to make.
      this.client.send(
        new AssociatePhoneNumbersWithVoiceConnectorCommand({ VoiceConnectorId: voiceConnectorId, E164PhoneNumbers: [e164], ForceAssociate: false }),
      ),
    );
    failOnPhoneNumberErrors(out.PhoneNumberErrors, 'AssociatePhoneNumbersWithVoiceConnector');
  }

  async disassociateFromVoiceConnector(e164: string, voiceConnectorId: string): Promise<void> {
    const out = await this.call('DisassociatePhoneNumbersFromVoiceConnector', () =>
      this.client.send(new DisassociatePhoneNumbersFromVoiceConnectorCommand({ VoiceConnectorId: voiceConnectorId, E164PhoneNumbers: [e164] })),
    );
    failOnPhoneNumberErrors(out.PhoneNumberErrors, 'DisassociatePhoneNumbersFromVoiceConnector');
  }

  async findSipRules(e164: string): Promise<SipRule[]> {
    const rules: SipRule[] = [];
    let nextToken: string | undefined;
    do {
      const out = await this.call('ListSipRules', () => this.client.send(new ListSipRulesCommand({ MaxResults: 99, NextToken: nextToken })));
      for (const rule of out.SipRules ?? []) {
        if (rule.TriggerType === 'ToPhoneNumber' && rule.TriggerValue === e164) rules.push(toRule(rule));
      }
      nextToken = out.NextToken;
    } while (nextToken);
    return rules;
  }

  async createSipRule(input: { name: string; e164: string; sipMediaApplicationId: string; awsRegion: string }): Promise<SipRule> {
    const out = await this.call('CreateSipRule', () =>
      this.client.send(
        new CreateSipRuleCommand({
          Name: input.name,
          TriggerType: 'ToPhoneNumber',
          TriggerValue: input.e164,
          Disabled: false,
          TargetApplications: [{ SipMediaApplicationId: input.sipMediaApplicationId, Priority: 1, AwsRegion: input.awsRegion }],
        }),
      ),
    );
    if (!out.SipRule) throw new InventoryError('CreateSipRule returned no rule', 'EmptyResponse', true);
    return toRule(out.SipRule);
  }

  async setSipRuleDisabled(sipRuleId: string, disabled: boolean): Promise<void> {
    // UpdateSipRule requires the name; read it rather than trust a copy that may be stale.
    const current = await this.call('GetSipRule', () => this.client.send(new GetSipRuleCommand({ SipRuleId: sipRuleId })));
    await this.call('UpdateSipRule', () =>
      this.client.send(new UpdateSipRuleCommand({ SipRuleId: sipRuleId, Name: current.SipRule?.Name ?? sipRuleId, Disabled: disabled })),
    );
  }

  async deleteSipRule(sipRuleId: string): Promise<void> {
    try {
      await this.client.send(new DeleteSipRuleCommand({ SipRuleId: sipRuleId }));
    } catch (error) {
      if ((error as { name?: string })?.name === 'NotFoundException') return;
      throw classifyChimeError(error, 'DeleteSipRule');
    }
  }
}
