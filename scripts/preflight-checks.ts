/**
 * The checks `npm run preflight -- --stack <stack>` runs before `pulumi up`: what would make the first deploy fail
 * half way, found with read-only calls (List/Get/Describe) and local commands. Each check answers ✓ or ✗ with the fix.
 * Clients and commands are injected, so tests drive every ✗ path with aws-sdk-client-mock.
 */
import { BedrockClient, ListFoundationModelsCommand } from '@aws-sdk/client-bedrock';
import { ChimeSDKVoiceClient, ListPhoneNumbersCommand, ListSipMediaApplicationsCommand } from '@aws-sdk/client-chime-sdk-voice';
import { ConnectClient, ListInstancesCommand } from '@aws-sdk/client-connect';
import { GetAccountSettingsCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { LexModelsV2Client, ListBotsCommand } from '@aws-sdk/client-lex-models-v2';
import { ListServiceQuotasCommand, ServiceQuotasClient, type ServiceQuota } from '@aws-sdk/client-service-quotas';
import { GetAccountCommand, GetEmailIdentityCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { StackConfig } from '../infra/config.ts';
import { minimumUnreservedConcurrency } from '../infra/components/platform.ts';

export interface CheckResult {
  readonly name: string;
  readonly ok: boolean;
  /** What was found. */
  readonly detail: string;
  /** What to do about a ✗. */
  readonly fix?: string;
}

export interface PreflightClients {
  readonly sts: STSClient;
  readonly lambda: LambdaClient;
  readonly quotas: ServiceQuotasClient;
  readonly chime: ChimeSDKVoiceClient;
  readonly connect: ConnectClient;
  readonly lex: LexModelsV2Client;
  readonly bedrock: BedrockClient;
  readonly ses: SESv2Client;
}

export function awsClients(region: string): PreflightClients {
  const options = { region, maxAttempts: 2 };
  return {
    sts: new STSClient(options),
    lambda: new LambdaClient(options),
    quotas: new ServiceQuotasClient(options),
    chime: new ChimeSDKVoiceClient(options),
    connect: new ConnectClient(options),
    lex: new LexModelsV2Client(options),
    bedrock: new BedrockClient(options),
    ses: new SESv2Client(options),
  };
}

/** Runs a local command; resolves with its stdout, rejects when it is missing or fails. */
export type CommandRunner = (command: string, args: readonly string[]) => Promise<string>;

export interface PreflightInput {
  readonly config: StackConfig;
  readonly nodeVersion: string;
  readonly run: CommandRunner;
  /** Absent: no credentials were found, and the AWS checks are reported as skipped (✗ with the fix). */
  readonly clients?: PreflightClients;
}

const pass = (name: string, detail: string): CheckResult => ({ name, ok: true, detail });
const fail = (name: string, detail: string, fix: string): CheckResult => ({ name, ok: false, detail, fix });
const message = (error: unknown) =>
  (error as { name?: string; message?: string }).name === 'Error'
    ? String((error as Error).message)
    : `${(error as { name?: string }).name ?? 'Error'}: ${(error as Error).message ?? String(error)}`;
const unreachable = (error: unknown) =>
  /ENOTFOUND|getaddrinfo|UnknownEndpoint|EndpointError|Could not resolve/i.test(
    String((error as Error)?.message ?? error) + String((error as { code?: string })?.code ?? ''),
  );

/** Reserved concurrency the stage program will ask for (telephony handlers, sms senders, the telemetry consumer). */
export function plannedReservations(config: StackConfig): number {
  const telephonyHandlers = 2 /* routing SMA + Lex hook */ + 1 /* forwarding SMA */ + 4; /* callouts contact-flow Lambdas */
  const sms = config.services.sms as { senderConcurrency?: number };
  return telephonyHandlers * config.lambda.telephonyReservedConcurrency + 3 * (sms.senderConcurrency ?? 0) + 2;
}

/** A container image is built at `pulumi up` (and needs a Docker daemon there) for the PBX and the simulator without a prebuilt image. */
export function imagesToBuild(config: StackConfig): string[] {
  const images: string[] = [];
  const routing = config.services.routing as { pbx?: { image?: string } };
  if (routing.pbx && !routing.pbx.image) images.push('the Asterisk PBX (services/routing/asterisk)');
  const iot = config.services['iot-triage'] as { simulator?: { enabled?: boolean; image?: string } };
  if (iot.simulator?.enabled && !iot.simulator.image) images.push('the device simulator (services/iot-triage/simulator)');
  return images;
}

export async function checkNode(version: string): Promise<CheckResult> {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
  // `node --import tsx` (how Pulumi runs the program) needs 20.6.
  return major > 20 || (major === 20 && minor >= 6)
    ? pass('Node.js', version)
    : fail('Node.js', `${version} (the program runs with node --import, which needs 20.6)`, 'install Node.js 22 LTS (nvm install 22)');
}

export async function checkPulumiCli(run: CommandRunner): Promise<CheckResult> {
  try {
    const version = (await run('pulumi', ['version'])).trim();
    const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
    if (major < 3 || (major === 3 && minor < 150))
      return fail('Pulumi CLI', version, 'upgrade the Pulumi CLI to 3.150 or newer (curl -fsSL https://get.pulumi.com | sh)');
    return pass('Pulumi CLI', version);
  } catch {
    return fail('Pulumi CLI', 'not found on PATH', 'install it: curl -fsSL https://get.pulumi.com | sh, then pulumi login');
  }
}

export async function checkDocker(config: StackConfig, run: CommandRunner): Promise<CheckResult> {
  const images = imagesToBuild(config);
  if (images.length === 0) return pass('Docker daemon', 'not needed: no image is built at pulumi up');
  try {
    const server = (await run('docker', ['version', '--format', '{{.Server.Version}}'])).trim();
    return pass('Docker daemon', `server ${server}, to build ${images.join(' and ')}`);
  } catch (error) {
    return fail(
      'Docker daemon',
      `pulumi up builds ${images.join(' and ')}, and no Docker daemon answers (${message(error).split('\n')[0]})`,
      'start Docker (or run pulumi up where it runs), or push the image yourself and set its `image` in the stack config',
    );
  }
}

async function available(name: string, region: string, probe: () => Promise<unknown>): Promise<CheckResult> {
  try {
    await probe();
    return pass(name, `offered in ${region}`);
  } catch (error) {
    if (unreachable(error))
      return fail(name, `not offered in ${region} (no endpoint)`, `deploy to a region that offers ${name} (aws:region in Pulumi.<stack>.yaml)`);
    return fail(
      name,
      `could not be reached in ${region}: ${message(error)}`,
      `allow the read-only call in your credentials' policy, or check that ${name} is offered in ${region}`,
    );
  }
}

export async function checkRegionServices(config: StackConfig, clients: PreflightClients): Promise<CheckResult[]> {
  return Promise.all([
    available('Chime SDK PSTN Audio', config.region, () => clients.chime.send(new ListSipMediaApplicationsCommand({ MaxResults: 1 }))),
    available('Amazon Connect', config.region, () => clients.connect.send(new ListInstancesCommand({ MaxResults: 1 }))),
    available('Amazon Lex V2', config.region, () => clients.lex.send(new ListBotsCommand({ maxResults: 1 }))),
  ]);
}

export async function checkBedrockModels(config: StackConfig, clients: PreflightClients): Promise<CheckResult> {
  const iot = config.services['iot-triage'] as { agentModel: string; embeddingModel: string };
  const wanted = [iot.agentModel, iot.embeddingModel];
  try {
    const listed = await clients.bedrock.send(new ListFoundationModelsCommand({}));
    const models = new Map((listed.modelSummaries ?? []).map((m) => [m.modelId ?? '', m]));
    const missing = wanted.filter((id) => !models.has(id.replace(/^(us|eu|apac|global)\./, '')));
    const onDemand = wanted.filter(
      (id) => !/^(us|eu|apac|global)\./.test(id) && models.get(id) && !(models.get(id)!.inferenceTypesSupported ?? []).includes('ON_DEMAND'),
    );
    if (missing.length > 0)
      return fail(
        'Bedrock models',
        `not offered in ${config.region}: ${missing.join(', ')}`,
        'choose models offered in the region (aws bedrock list-foundation-models), or deploy elsewhere',
      );
    if (onDemand.length > 0) {
      return fail(
        'Bedrock models',
        `${onDemand.join(', ')} cannot be invoked on demand in ${config.region}`,
        `use its cross-region inference profile (e.g. eu.${onDemand[0]} or us.${onDemand[0]}) in switchboard:iot-triage.agentModel`,
      );
    }
    return pass('Bedrock models', `${wanted.join(', ')} offered (grant model access in the Bedrock console if not done yet)`);
  } catch (error) {
    if (unreachable(error))
      return fail('Bedrock models', `Bedrock is not offered in ${config.region}`, 'deploy to a region with Bedrock Agents and S3 Vectors');
    return fail('Bedrock models', message(error), 'allow bedrock:ListFoundationModels, or check the models by hand');
  }
}

const quotaNamed = (quotas: ServiceQuota[], pattern: RegExp) => quotas.find((q) => pattern.test(q.QuotaName ?? ''));
async function allQuotas(clients: PreflightClients, serviceCode: string): Promise<ServiceQuota[]> {
  const quotas: ServiceQuota[] = [];
  let NextToken: string | undefined;
  do {
    const page = await clients.quotas.send(new ListServiceQuotasCommand({ ServiceCode: serviceCode, NextToken }));
    quotas.push(...(page.Quotas ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return quotas;
}

export async function checkLambdaConcurrency(config: StackConfig, clients: PreflightClients): Promise<CheckResult> {
  const name = 'Lambda concurrency';
  try {
    const settings = await clients.lambda.send(new GetAccountSettingsCommand({}));
    const limit = settings.AccountLimit?.ConcurrentExecutions ?? 0;
    const planned = plannedReservations(config);
    if (limit - planned < minimumUnreservedConcurrency) {
      return fail(
        name,
        `the account runs ${limit} concurrent executions; the stage reserves ${planned} and Lambda keeps ${minimumUnreservedConcurrency} unreserved`,
        `request "Concurrent executions" ≥ ${planned + minimumUnreservedConcurrency} (Service Quotas → AWS Lambda), or lower switchboard:lambda.telephonyReservedConcurrency and sms.senderConcurrency`,
      );
    }
    if (config.lambda.accountConcurrency > limit) {
      return fail(
        name,
        `switchboard:lambda.accountConcurrency says ${config.lambda.accountConcurrency}, the account has ${limit}`,
        `set switchboard:lambda.accountConcurrency to ${limit}`,
      );
    }
    return pass(name, `${limit} concurrent executions, ${planned} reserved by the stage`);
  } catch (error) {
    return fail(name, message(error), 'allow lambda:GetAccountSettings');
  }
}

export async function checkConnectCalls(config: StackConfig, clients: PreflightClients): Promise<CheckResult> {
  const name = 'Connect concurrent calls';
  const callouts = config.services.callouts as { maxConcurrency: number; connectConcurrentCallQuota: number };
  try {
    const quota = quotaNamed(await allQuotas(clients, 'connect'), /concurrent active calls/i);
    if (!quota?.Value)
      return fail(
        name,
        'the quota "Concurrent active calls per instance" was not found',
        'look it up in Service Quotas → Amazon Connect and set switchboard:callouts.connectConcurrentCallQuota to it',
      );
    if (callouts.connectConcurrentCallQuota > quota.Value || callouts.maxConcurrency > quota.Value) {
      return fail(
        name,
        `the instance may hold ${quota.Value} calls; callouts is configured for ${callouts.connectConcurrentCallQuota} (maxConcurrency ${callouts.maxConcurrency})`,
        `set switchboard:callouts.connectConcurrentCallQuota and maxConcurrency to at most ${quota.Value}, or request more`,
      );
    }
    return pass(name, `${quota.Value} per instance; callouts uses at most ${callouts.maxConcurrency}`);
  } catch (error) {
    return fail(name, message(error), 'allow servicequotas:ListServiceQuotas');
  }
}

export async function checkPhoneNumbers(config: StackConfig, clients: PreflightClients): Promise<CheckResult[]> {
  const numbers = (config.services.routing as { phoneNumbers?: string[] }).phoneNumbers ?? [];
  const results: CheckResult[] = [];
  try {
    const quota = quotaNamed(await allQuotas(clients, 'chime'), /phone numbers/i);
    if (quota?.Value !== undefined && numbers.length > quota.Value) {
      results.push(
        fail(
          'Chime phone numbers quota',
          `${numbers.length} configured, the account may hold ${quota.Value}`,
          'request more phone numbers (Service Quotas → Amazon Chime) or configure fewer',
        ),
      );
    } else
      results.push(
        pass('Chime phone numbers quota', quota?.Value !== undefined ? `${numbers.length} of ${quota.Value}` : `${numbers.length} configured`),
      );
  } catch (error) {
    results.push(fail('Chime phone numbers quota', message(error), 'allow servicequotas:ListServiceQuotas'));
  }
  if (numbers.length === 0) return [...results, pass('routing phone numbers', 'none configured')];
  try {
    const inventory = new Map<string, { Status?: string; ProductType?: string }>();
    let NextToken: string | undefined;
    do {
      const page = await clients.chime.send(new ListPhoneNumbersCommand({ NextToken, MaxResults: 100 }));
      for (const number of page.PhoneNumbers ?? []) inventory.set(number.E164PhoneNumber ?? '', number);
      NextToken = page.NextToken;
    } while (NextToken);
    for (const number of numbers) {
      const found = inventory.get(number);
      if (!found)
        results.push(
          fail(
            `phone number ${number}`,
            "not in this account's Chime SDK inventory",
            'order it (Chime SDK console → Phone numbers) or remove it from switchboard:routing.phoneNumbers',
          ),
        );
      else if (found.ProductType && found.ProductType !== 'SipMediaApplicationDialIn')
        results.push(
          fail(`phone number ${number}`, `its product type is ${found.ProductType}`, 'set its product type to SIP media application dial-in'),
        );
      else if (found.Status && !['Unassigned', 'Assigned'].includes(found.Status))
        results.push(fail(`phone number ${number}`, `status ${found.Status}`, 'wait until it is Unassigned, or choose another number'));
      else results.push(pass(`phone number ${number}`, `${found.Status ?? 'present'}`));
    }
  } catch (error) {
    results.push(fail('routing phone numbers', message(error), 'allow chime:ListPhoneNumbers'));
  }
  return results;
}

export async function checkSes(config: StackConfig, clients: PreflightClients): Promise<CheckResult[]> {
  const from = (config.services['iot-triage'] as { sesFromAddress?: string }).sesFromAddress;
  if (!from) return [pass('SES', 'no e-mail configured')];
  const results: CheckResult[] = [];
  try {
    const account = await clients.ses.send(new GetAccountCommand({}));
    results.push(
      account.ProductionAccessEnabled
        ? pass('SES production access', 'out of the sandbox')
        : fail(
            'SES production access',
            'the account is in the SES sandbox: tickets reach only verified addresses',
            'request production access (SES console → Account dashboard), or verify every ticket recipient',
          ),
    );
  } catch (error) {
    results.push(fail('SES production access', message(error), 'allow ses:GetAccount'));
  }
  const domain = from.split('@')[1] ?? from;
  const verified = async (identity: string) => {
    try {
      return (await clients.ses.send(new GetEmailIdentityCommand({ EmailIdentity: identity }))).VerifiedForSendingStatus === true;
    } catch (error) {
      if ((error as { name?: string }).name === 'NotFoundException') return false;
      throw error;
    }
  };
  try {
    const [domainOk, addressOk] = [await verified(domain), await verified(from)];
    results.push(
      domainOk || addressOk
        ? pass('SES identity', `${domainOk ? domain : from} is verified for sending`)
        : fail(
            'SES identity',
            `neither ${domain} nor ${from} is a verified identity in ${config.region}`,
            `verify ${domain} (DKIM) or ${from} in SES, in ${config.region}`,
          ),
    );
  } catch (error) {
    results.push(fail('SES identity', message(error), 'allow ses:GetEmailIdentity'));
  }
  return results;
}

/** Every check, in the order a reader fixes them. */
export async function runPreflight(input: PreflightInput): Promise<CheckResult[]> {
  const { config, clients } = input;
  const local = [await checkNode(input.nodeVersion), await checkPulumiCli(input.run), await checkDocker(config, input.run)];
  if (!clients)
    return [
      ...local,
      fail(
        'AWS credentials',
        'none found: the AWS checks were skipped',
        'export AWS_PROFILE (or credentials) for the account you deploy to, then run preflight again',
      ),
    ];
  let identity: CheckResult;
  try {
    const caller = await clients.sts.send(new GetCallerIdentityCommand({}));
    identity = pass('AWS credentials', `account ${caller.Account}, ${caller.Arn}`);
  } catch (error) {
    return [...local, fail('AWS credentials', message(error), 'refresh your credentials (aws sso login, or a valid AWS_PROFILE)')];
  }
  return [
    ...local,
    identity,
    ...(await checkRegionServices(config, clients)),
    await checkBedrockModels(config, clients),
    await checkLambdaConcurrency(config, clients),
    await checkConnectCalls(config, clients),
    ...(await checkPhoneNumbers(config, clients)),
    ...(await checkSes(config, clients)),
  ];
}

export function formatResults(results: readonly CheckResult[]): string {
  const lines = results.map((r) => (r.ok ? `✓ ${r.name}: ${r.detail}` : `✗ ${r.name}: ${r.detail}\n    fix: ${r.fix}`));
  const failed = results.filter((r) => !r.ok).length;
  return `${lines.join('\n')}\n\n${failed === 0 ? 'all checks passed: pulumi up' : `${failed} check${failed === 1 ? '' : 's'} failed`}`;
}
