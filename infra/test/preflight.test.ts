/**
 * scripts/preflight-checks.ts: every ✗ path, with the AWS SDK clients mocked by aws-sdk-client-mock and the local
 * commands (pulumi, docker) by a fake runner; and the ✓ run of a well-prepared account.
 */
import { BedrockClient, ListFoundationModelsCommand } from '@aws-sdk/client-bedrock';
import { ChimeSDKVoiceClient, ListPhoneNumbersCommand, ListSipMediaApplicationsCommand } from '@aws-sdk/client-chime-sdk-voice';
import { ConnectClient, ListInstancesCommand } from '@aws-sdk/client-connect';
import { GetAccountSettingsCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { LexModelsV2Client, ListBotsCommand } from '@aws-sdk/client-lex-models-v2';
import { ListServiceQuotasCommand, ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { GetAccountCommand, GetEmailIdentityCommand, NotFoundException, SESv2Client } from '@aws-sdk/client-sesv2';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatResults, runPreflight, type CheckResult, type CommandRunner, type PreflightClients } from '../../scripts/preflight-checks.ts';
import { parseStackConfig } from '../config.ts';

const config = (services: Record<string, unknown> = {}) =>
  parseStackConfig(
    { 'iot-triage': { sesFromAddress: 'triage@example.com' }, ...services },
    { project: 'switchboard', stack: 'dev', region: 'eu-central-1' },
  );

const clients: PreflightClients = {
  sts: new STSClient({ region: 'eu-central-1' }),
  lambda: new LambdaClient({ region: 'eu-central-1' }),
  quotas: new ServiceQuotasClient({ region: 'eu-central-1' }),
  chime: new ChimeSDKVoiceClient({ region: 'eu-central-1' }),
  connect: new ConnectClient({ region: 'eu-central-1' }),
  lex: new LexModelsV2Client({ region: 'eu-central-1' }),
  bedrock: new BedrockClient({ region: 'eu-central-1' }),
  ses: new SESv2Client({ region: 'eu-central-1' }),
};
const mocks = {
  sts: mockClient(clients.sts),
  lambda: mockClient(clients.lambda),
  quotas: mockClient(clients.quotas),
  chime: mockClient(clients.chime),
  connect: mockClient(clients.connect),
  lex: mockClient(clients.lex),
  bedrock: mockClient(clients.bedrock),
  ses: mockClient(clients.ses),
};

/** A well-prepared account in a region that offers everything. */
function prepared(): void {
  for (const mock of Object.values(mocks)) mock.reset();
  mocks.sts.on(GetCallerIdentityCommand).resolves({ Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/deployer' });
  mocks.chime.on(ListSipMediaApplicationsCommand).resolves({ SipMediaApplications: [] });
  mocks.chime
    .on(ListPhoneNumbersCommand)
    .resolves({ PhoneNumbers: [{ E164PhoneNumber: '+15555550123', Status: 'Unassigned', ProductType: 'SipMediaApplicationDialIn' }] });
  mocks.connect.on(ListInstancesCommand).resolves({ InstanceSummaryList: [] });
  mocks.lex.on(ListBotsCommand).resolves({ botSummaries: [] });
  mocks.bedrock.on(ListFoundationModelsCommand).resolves({
    modelSummaries: [
      { modelId: 'amazon.nova-micro-v1:0', inferenceTypesSupported: ['ON_DEMAND'] },
      { modelId: 'amazon.titan-embed-text-v2:0', inferenceTypesSupported: ['ON_DEMAND'] },
    ] as never,
  });
  mocks.lambda.on(GetAccountSettingsCommand).resolves({ AccountLimit: { ConcurrentExecutions: 1000 } });
  mocks.quotas
    .on(ListServiceQuotasCommand, { ServiceCode: 'connect' })
    .resolves({ Quotas: [{ QuotaName: 'Concurrent active calls per instance', Value: 10 }] });
  mocks.quotas.on(ListServiceQuotasCommand, { ServiceCode: 'chime' }).resolves({ Quotas: [{ QuotaName: 'Phone numbers per account', Value: 50 }] });
  mocks.ses.on(GetAccountCommand).resolves({ ProductionAccessEnabled: true });
  mocks.ses.on(GetEmailIdentityCommand, { EmailIdentity: 'example.com' }).resolves({ VerifiedForSendingStatus: true });
  mocks.ses
    .on(GetEmailIdentityCommand, { EmailIdentity: 'triage@example.com' })
    .rejects(new NotFoundException({ message: 'not found', $metadata: {} }));
}

const tools =
  (overrides: Partial<Record<'pulumi' | 'docker', string | Error>> = {}): CommandRunner =>
  async (command) => {
    const answer = { pulumi: 'v3.190.0\n', docker: '27.3.1\n', ...overrides }[command as 'pulumi' | 'docker'];
    if (answer === undefined || answer instanceof Error) throw answer ?? new Error(`${command}: not found`);
    return answer;
  };

const preflight = (options: { services?: Record<string, unknown>; run?: CommandRunner; node?: string; noClients?: boolean } = {}) =>
  runPreflight({
    config: config(options.services),
    nodeVersion: options.node ?? 'v22.11.0',
    run: options.run ?? tools(),
    clients: options.noClients ? undefined : clients,
  });
const failed = (results: readonly CheckResult[]) => results.filter((r) => !r.ok);
const failure = (results: readonly CheckResult[], name: string | RegExp) => {
  const found = failed(results).find((r) => (typeof name === 'string' ? r.name === name : name.test(r.name)));
  assert.ok(
    found,
    `expected ✗ ${name}; failed: ${
      failed(results)
        .map((r) => r.name)
        .join(', ') || 'none'
    }`,
  );
  assert.ok(found!.fix, `${found!.name} says how to fix it`);
  return found!;
};

test('a prepared account passes every check', async () => {
  prepared();
  const results = await preflight({ services: { routing: { phoneNumbers: ['+15555550123'] } } });
  assert.equal(failed(results), []);
  assert.match(formatResults(results), /all checks passed: pulumi up/);
});

test('✗ old Node, missing Pulumi CLI, old Pulumi CLI', async () => {
  prepared();
  assert.match(failure(await preflight({ node: 'v18.19.0' }), 'Node.js').fix!, /Node\.js 22/);
  assert.match(failure(await preflight({ run: tools({ pulumi: new Error('ENOENT') }) }), 'Pulumi CLI').detail, /not found on PATH/);
  assert.match(failure(await preflight({ run: tools({ pulumi: 'v3.100.0' }) }), 'Pulumi CLI').fix!, /upgrade/);
});

test('✗ no Docker daemon when an image is built at pulumi up; not needed otherwise', async () => {
  prepared();
  const noDocker = tools({ docker: new Error('Cannot connect to the Docker daemon at unix:///var/run/docker.sock') });
  assert.ok((await preflight({ run: noDocker })).find((r) => r.name === 'Docker daemon')?.ok, 'no image to build: Docker not needed');
  const pbx = { routing: { pbx: { domainName: 'pbx.example.com', hostedZoneId: 'Z0123456789ABCDEFGHIJ', certificateEmail: 'ops@example.com' } } };
  const result = failure(await preflight({ services: pbx, run: noDocker }), 'Docker daemon');
  assert.match(result.detail, /the Asterisk PBX/);
  assert.match(result.fix!, /start Docker/);
});

test('✗ no credentials, and credentials that do not work', async () => {
  prepared();
  assert.match(failure(await preflight({ noClients: true }), 'AWS credentials').detail, /AWS checks were skipped/);
  mocks.sts
    .on(GetCallerIdentityCommand)
    .rejects(Object.assign(new Error('The security token included in the request is expired'), { name: 'ExpiredTokenException' }));
  const results = await preflight();
  assert.match(failure(results, 'AWS credentials').fix!, /refresh your credentials/);
  assert.is(results.length, 4, 'nothing else is asked with broken credentials');
});

test('✗ a region without Chime SDK PSTN Audio, Connect or Lex V2', async () => {
  prepared();
  const noEndpoint = Object.assign(new Error('getaddrinfo ENOTFOUND voice-chime.ap-east-1.amazonaws.com'), { code: 'ENOTFOUND' });
  mocks.chime.on(ListSipMediaApplicationsCommand).rejects(noEndpoint);
  mocks.connect.on(ListInstancesCommand).rejects(noEndpoint);
  mocks.lex.on(ListBotsCommand).rejects(Object.assign(new Error('User is not authorized'), { name: 'AccessDeniedException' }));
  const results = await preflight();
  assert.match(failure(results, 'Chime SDK PSTN Audio').detail, /not offered in eu-central-1/);
  assert.match(failure(results, 'Amazon Connect').fix!, /deploy to a region/);
  assert.match(failure(results, 'Amazon Lex V2').detail, /AccessDeniedException/);
});

test('✗ Bedrock models not offered, or only through an inference profile', async () => {
  prepared();
  mocks.bedrock
    .on(ListFoundationModelsCommand)
    .resolves({ modelSummaries: [{ modelId: 'amazon.titan-embed-text-v2:0', inferenceTypesSupported: ['ON_DEMAND'] }] as never });
  assert.match(failure(await preflight(), 'Bedrock models').detail, /not offered in eu-central-1: amazon\.nova-micro-v1:0/);
  mocks.bedrock.on(ListFoundationModelsCommand).resolves({
    modelSummaries: [
      { modelId: 'amazon.nova-micro-v1:0', inferenceTypesSupported: ['INFERENCE_PROFILE'] },
      { modelId: 'amazon.titan-embed-text-v2:0', inferenceTypesSupported: ['ON_DEMAND'] },
    ] as never,
  });
  assert.match(failure(await preflight(), 'Bedrock models').fix!, /eu\.amazon\.nova-micro-v1:0/);
});

test('✗ Lambda concurrency: a new account (10) cannot hold the reservations; the configured quota is above the real one', async () => {
  prepared();
  mocks.lambda.on(GetAccountSettingsCommand).resolves({ AccountLimit: { ConcurrentExecutions: 10 } });
  assert.match(failure(await preflight(), 'Lambda concurrency').fix!, /request "Concurrent executions" ≥ \d+/);
  mocks.lambda.on(GetAccountSettingsCommand).resolves({ AccountLimit: { ConcurrentExecutions: 500 } });
  assert.match(
    failure(await preflight({ services: { lambda: { accountConcurrency: 1000 } } }), 'Lambda concurrency').fix!,
    /set switchboard:lambda\.accountConcurrency to 500/,
  );
});

test('✗ Connect concurrent calls below the callouts config, or the quota not found', async () => {
  prepared();
  mocks.quotas
    .on(ListServiceQuotasCommand, { ServiceCode: 'connect' })
    .resolves({ Quotas: [{ QuotaName: 'Concurrent active calls per instance', Value: 5 }] });
  assert.match(failure(await preflight(), 'Connect concurrent calls').detail, /may hold 5 calls; callouts is configured for 10/);
  mocks.quotas.on(ListServiceQuotasCommand, { ServiceCode: 'connect' }).resolves({ Quotas: [] });
  assert.match(failure(await preflight(), 'Connect concurrent calls').detail, /was not found/);
});

test('✗ phone numbers: over the quota, not in the inventory, of the wrong product type', async () => {
  prepared();
  mocks.quotas.on(ListServiceQuotasCommand, { ServiceCode: 'chime' }).resolves({ Quotas: [{ QuotaName: 'Phone numbers per account', Value: 1 }] });
  mocks.chime
    .on(ListPhoneNumbersCommand)
    .resolves({ PhoneNumbers: [{ E164PhoneNumber: '+15555550123', Status: 'Unassigned', ProductType: 'VoiceConnector' }] });
  const results = await preflight({ services: { routing: { phoneNumbers: ['+15555550123', '+15555550199'] } } });
  assert.match(failure(results, 'Chime phone numbers quota').detail, /2 configured, the account may hold 1/);
  assert.match(failure(results, 'phone number +15555550123').detail, /product type is VoiceConnector/);
  assert.match(failure(results, 'phone number +15555550199').detail, /not in this account/);
});

test('✗ SES: the sandbox, and a sender no identity verifies', async () => {
  prepared();
  mocks.ses.on(GetAccountCommand).resolves({ ProductionAccessEnabled: false });
  mocks.ses.on(GetEmailIdentityCommand).rejects(new NotFoundException({ message: 'not found', $metadata: {} }));
  const results = await preflight();
  assert.match(failure(results, 'SES production access').detail, /sandbox/);
  assert.match(failure(results, 'SES identity').fix!, /verify example\.com \(DKIM\) or triage@example\.com/);
});

test('the report prints ✓ and ✗ lines, each ✗ with its fix', async () => {
  prepared();
  const text = formatResults(await preflight({ node: 'v18.0.0' }));
  assert.match(text, /^✗ Node\.js: v18\.0\.0/m);
  assert.match(text, /^ {4}fix: install Node\.js 22 LTS/m);
  assert.match(text, /^✓ AWS credentials: account 123456789012/m);
  assert.match(text, /1 check failed$/);
});

test.run();
