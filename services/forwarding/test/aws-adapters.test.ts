/**
 * The AWS adapters that have no local stand-in of the real API (Chime SDK voice, Step Functions), against
 * aws-sdk-client-mock: request shapes, pagination, error classification.
 */
import {
  AssociatePhoneNumbersWithVoiceConnectorCommand,
  ChimeSDKVoiceClient,
  GetPhoneNumberCommand,
  GetSipRuleCommand,
  ListPhoneNumbersCommand,
  ListSipRulesCommand,
  NotFoundException,
  ThrottledClientException,
  UpdatePhoneNumberCommand,
  UpdateSipRuleCommand,
} from '@aws-sdk/client-chime-sdk-voice';
import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ChimeSdkVoiceInventory } from '../src/adapters/aws/chime-sdk-voice-inventory.ts';
import { StepFunctionsSwitchScheduler } from '../src/adapters/aws/step-functions-switch-scheduler.ts';
import { InventoryError, newSwitch } from '../src/domain/product-switch.ts';
import { createSwitchWorker } from '../src/application/switch-worker.ts';
import { ChimeSdkVoiceStandIn } from '../src/adapters/local/chime-sdk-voice-stand-in.ts';
import { ManualClock, MemoryHistory, MemoryJournal, sequentialIds } from './support/memory.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const region = { region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };

test('phone numbers: associations become the Voice Connector and SIP rule; NextToken passes through', async () => {
  const chime = mockClient(ChimeSDKVoiceClient);
  chime.on(ListPhoneNumbersCommand).resolves({
    PhoneNumbers: [
      {
        PhoneNumberId: '+13125550100',
        E164PhoneNumber: '+13125550100',
        ProductType: 'VoiceConnector',
        Status: 'Assigned',
        Associations: [{ Name: 'VoiceConnectorId', Value: 'vc1' }],
      },
      {
        PhoneNumberId: '+13125550101',
        E164PhoneNumber: '+13125550101',
        ProductType: 'SipMediaApplicationDialIn',
        Status: 'Assigned',
        Associations: [{ Name: 'SipRuleId', Value: 'rule1' }],
      },
    ],
    NextToken: 'page-2',
  });
  const inventory = new ChimeSdkVoiceInventory(new ChimeSDKVoiceClient(region));
  const page = await inventory.listPhoneNumbers({ maxResults: 2, nextToken: 'page-1' });
  assert.equal(
    page.items.map((n) => [n.e164, n.productType, n.voiceConnectorId, n.sipRuleId]),
    [
      ['+13125550100', 'VoiceConnector', 'vc1', undefined],
      ['+13125550101', 'SipMediaApplicationDialIn', undefined, 'rule1'],
    ],
  );
  assert.is(page.nextToken, 'page-2');
  assert.equal(chime.commandCalls(ListPhoneNumbersCommand)[0]!.args[0].input, { MaxResults: 2, NextToken: 'page-1' });
  chime.restore();
});

test('a number that is not there is undefined; throttling is retryable, a bad request is not', async () => {
  const chime = mockClient(ChimeSDKVoiceClient);
  chime.on(GetPhoneNumberCommand).rejects(new NotFoundException({ message: 'no such number', $metadata: {} }));
  chime.on(UpdatePhoneNumberCommand).rejectsOnce(new ThrottledClientException({ message: 'slow down', $metadata: {} }));
  const inventory = new ChimeSdkVoiceInventory(new ChimeSDKVoiceClient({ ...region, maxAttempts: 1 }));
  assert.is(await inventory.getPhoneNumber('+13125550100'), undefined);
  try {
    await inventory.updateProductType('+13125550100', 'SipMediaApplicationDialIn');
    assert.unreachable();
  } catch (error) {
    assert.instance(error, InventoryError);
    assert.is((error as InventoryError).retryable, true);
    assert.is((error as InventoryError).code, 'ThrottledClientException');
  }
  chime
    .on(AssociatePhoneNumbersWithVoiceConnectorCommand)
    .resolves({ PhoneNumberErrors: [{ PhoneNumberId: '+13125550100', ErrorCode: 'BadRequest', ErrorMessage: 'wrong product type' }] });
  try {
    await inventory.associateWithVoiceConnector('+13125550100', 'vc1');
    assert.unreachable('a per-number error in a 200 response is still a failure');
  } catch (error) {
    assert.is((error as InventoryError).retryable, false);
    assert.match((error as Error).message, /wrong product type/);
  }
  assert.equal(chime.commandCalls(AssociatePhoneNumbersWithVoiceConnectorCommand)[0]!.args[0].input.ForceAssociate, false);
  chime.restore();
});

test('SIP rules: all pages are searched for the number; disabling keeps the rule name UpdateSipRule requires', async () => {
  const chime = mockClient(ChimeSDKVoiceClient);
  chime
    .on(ListSipRulesCommand, { NextToken: undefined })
    .resolves({
      SipRules: [{ SipRuleId: 'r1', Name: 'other', TriggerType: 'ToPhoneNumber', TriggerValue: '+19995550100', TargetApplications: [] }],
      NextToken: 't2',
    })
    .on(ListSipRulesCommand, { NextToken: 't2' })
    .resolves({
      SipRules: [
        {
          SipRuleId: 'r2',
          Name: 'forward-13125550100',
          Disabled: false,
          TriggerType: 'ToPhoneNumber',
          TriggerValue: '+13125550100',
          TargetApplications: [{ SipMediaApplicationId: 'sma1', Priority: 1, AwsRegion: 'us-east-1' }],
        },
      ],
    });
  chime.on(GetSipRuleCommand).resolves({ SipRule: { SipRuleId: 'r2', Name: 'forward-13125550100' } });
  chime.on(UpdateSipRuleCommand).resolves({});
  const inventory = new ChimeSdkVoiceInventory(new ChimeSDKVoiceClient(region));
  const rules = await inventory.findSipRules('+13125550100');
  assert.equal(rules, [
    {
      sipRuleId: 'r2',
      name: 'forward-13125550100',
      disabled: false,
      triggerType: 'ToPhoneNumber',
      triggerValue: '+13125550100',
      sipMediaApplicationId: 'sma1',
      awsRegion: 'us-east-1',
    },
  ]);
  await inventory.setSipRuleDisabled('r2', true);
  assert.equal(chime.commandCalls(UpdateSipRuleCommand)[0]!.args[0].input, { SipRuleId: 'r2', Name: 'forward-13125550100', Disabled: true });
  chime.restore();
});

test('Step Functions: one execution per switch and journal revision; a duplicate start is not an error', async () => {
  const sfn = mockClient(SFNClient);
  sfn
    .on(StartExecutionCommand)
    .resolvesOnce({ executionArn: 'arn:x', startDate: new Date() })
    .rejects(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));
  const scheduler = new StepFunctionsSwitchScheduler('arn:aws:states:us-east-1:123456789012:stateMachine:switch', new SFNClient(region));
  const record = {
    ...newSwitch({
      id: '7f1c2b',
      phoneNumber: '+13125550100',
      target: { kind: 'voice-connector', voiceConnectorId: 'vc1' },
      actor: 'a',
      steps: [],
      now: new Date(),
    }),
    revision: 3,
  };
  await scheduler.start(record);
  await scheduler.start(record);
  const inputs = sfn.commandCalls(StartExecutionCommand).map((c) => c.args[0].input);
  assert.is(inputs[0]!.name, '7f1c2b-r3');
  assert.equal(JSON.parse(inputs[0]!.input!), { phoneNumber: '+13125550100', switchId: '7f1c2b' });
  sfn.restore();
});

test('the switch worker advances its own switch, reports a superseded one as done, refuses a malformed input', async () => {
  const clock = new ManualClock(new Date('2026-03-02T10:00:00Z'));
  const journal = new MemoryJournal();
  const history = new MemoryHistory();
  const inventory = new ChimeSdkVoiceStandIn({ clock, releaseDelayMs: 0 });
  const worker = createSwitchWorker({
    inventory,
    journal,
    appendHistory: history.append,
    clock,
    ids: sequentialIds(),
    sipMediaApplicationId: 'sma1',
  });
  const steps = [{ kind: 'delete-sip-rule' as const, params: {}, status: 'pending' as const, attempts: 0 }];
  await journal.save(
    {
      ...newSwitch({
        id: 'current',
        phoneNumber: '+13125550102',
        target: { kind: 'voice-connector', voiceConnectorId: 'abcdef1ghij2klmno3pqr4' },
        actor: 'a',
        steps,
        now: clock.now(),
      }),
      revision: 1,
    },
    0,
  );
  assert.equal(await worker({ phoneNumber: '+13125550102', switchId: 'older' }), {
    phoneNumber: '+13125550102',
    switchId: 'older',
    status: 'superseded',
    retryAfterSeconds: 0,
  });
  const result = await worker({ phoneNumber: '+13125550102', switchId: 'current' });
  assert.is(result.status, 'completed');
  assert.is(result.retryAfterSeconds, 0, 'always present: the state machine reads it');
  try {
    await worker({ phoneNumber: 'nope' });
    assert.unreachable();
  } catch (error) {
    assert.ok(error instanceof Error);
  }
});

test.run();
