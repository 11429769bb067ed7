/**
 * Runs the real stage program (infra/index.ts) under Pulumi mocks and returns every resource it registered,
 * with resolved inputs, `protect`, parent, provider and dependencies — what the invariant tests assert over.
 *
 * Many stacks in one process: the Pulumi runtime is process-wide, so runs are serialised (one at a time), each
 * installs fresh mocks and config, and re-evaluates the program module under a new URL (`?run=N`), which keeps
 * the heavy imports (@pulumi/aws, the components) loaded once. `runStack` caches by (stack, config, program),
 * so suites that need the same stack share one run.
 *
 * Bundles: SWITCHBOARD_ALLOW_MISSING_BUNDLES=1 is set here so the tests do not depend on `npm run build`
 * (LambdaFunction substitutes an archive whose handler throws; only tests set it).
 */
import { createHash } from 'node:crypto';
import * as pulumi from '@pulumi/pulumi';

export const project = 'switchboard';
export const region = 'eu-central-1';
export const account = '123456789012';

export interface RegisteredResource {
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  /** Inputs as the provider would receive them (outputs resolved to their mock values). */
  readonly inputs: Record<string, any>;
  /** Outputs the mock returned (inputs + arn, id, …). */
  readonly state: Record<string, any>;
  readonly protect: boolean;
  readonly parentUrn: string;
  /** Properties Pulumi leaves alone after creation (`ignoreChanges`): creation-time values such as generated secrets. */
  readonly ignoreChanges?: readonly string[];
  /** The explicit provider reference (`<provider urn>::<id>`), '' when the default provider is used. */
  readonly provider?: string;
  /** URNs of the resources this one depends on (`dependsOn` and inputs from other resources). */
  readonly dependencies?: readonly string[];
  /** This resource's URN. */
  readonly urn?: string;
}

export interface StackRun {
  readonly stack: string;
  readonly config: Record<string, unknown>;
  readonly resources: RegisteredResource[];
  /** The program module's exports (stack outputs). */
  readonly outputs: Record<string, unknown>;
}

/** Mock physical state: enough for references between resources (ARNs, names, URLs) to be realistic and unique. */
function mockState(type: string, name: string, inputs: Record<string, any>): { id: string; state: Record<string, any> } {
  const physical: string = typeof inputs.name === 'string' && inputs.name !== '' ? inputs.name : `${name}-0a1b2c3`;
  const [, module = '', resource = ''] = type.split(':');
  const service = module.split('/')[0] ?? module;
  const state: Record<string, any> = {
    ...inputs,
    name: physical,
    arn: `arn:aws:${service}:${region}:${account}:${resource.toLowerCase()}/${physical}`,
  };
  const short = createHash('sha256').update(`${type}::${name}`).digest('hex').slice(0, 10);
  const at = (service: string, rest: string) => `arn:aws:${service}:${region}:${account}:${rest}`;
  switch (type) {
    case 'aws:lambda/function:Function':
      state.arn = at('lambda', `function:${physical}`);
      state.invokeArn = `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${state.arn}/invocations`;
      break;
    case 'aws:iam/role:Role':
      state.arn = `arn:aws:iam::${account}:role/${physical}`;
      break;
    case 'aws:sqs/queue:Queue':
      state.arn = at('sqs', physical);
      state.url = `https://sqs.${region}.amazonaws.com/${account}/${physical}`;
      break;
    case 'aws:sns/topic:Topic':
      state.arn = at('sns', physical);
      break;
    case 'aws:sfn/stateMachine:StateMachine':
      state.arn = at('states', `stateMachine:${physical}`);
      break;
    case 'aws:cloudwatch/eventBus:EventBus':
      state.arn = at('events', `event-bus/${physical}`);
      break;
    case 'aws:s3/bucket:Bucket': {
      const bucket = typeof inputs.bucket === 'string' ? inputs.bucket : `${name}-${short}`;
      return {
        id: bucket,
        state: { ...state, bucket, arn: `arn:aws:s3:::${bucket}`, bucketRegionalDomainName: `${bucket}.s3.${region}.amazonaws.com` },
      };
    }
    case 'aws:kms/key:Key':
      state.keyId = `${short}-0000-4000-8000-000000000000`;
      state.arn = at('kms', `key/${state.keyId}`);
      break;
    case 'aws:secretsmanager/secret:Secret':
      state.arn = at('secretsmanager', `secret:${physical}-AbCdEf`);
      break;
    case 'aws:cloudwatch/logGroup:LogGroup':
      state.arn = at('logs', `log-group:${physical}`);
      break;
    case 'aws:cloudwatch/eventRule:EventRule':
      state.arn = at('events', `rule/${inputs.eventBusName ?? 'default'}/${physical}`);
      break;
    case 'aws:iot/topicRule:TopicRule':
      state.arn = at('iot', `rule/${physical}`);
      break;
    case 'aws:apigatewayv2/api:Api':
      state.apiEndpoint = `https://${name}.execute-api.${region}.amazonaws.com`;
      state.executionArn = at('execute-api', name);
      break;
    case 'aws:cloudfront/distribution:Distribution': {
      const id = `E${short.toUpperCase()}`;
      return { id, state: { ...state, arn: `arn:aws:cloudfront::${account}:distribution/${id}`, domainName: `d${short}.cloudfront.net` } };
    }
    case 'aws:cognito/userPool:UserPool':
      return {
        id: `${region}_${name.replace(/[^A-Za-z0-9]/g, '').slice(0, 9)}`,
        state: { ...state, arn: at('cognito-idp', `userpool/${region}_${short}`) },
      };
    case 'aws:connect/instance:Instance':
      return { id: '11111111-2222-3333-4444-555555555555', state: { ...state, arn: at('connect', 'instance/11111111-2222-3333-4444-555555555555') } };
    case 'aws:connect/queue:Queue':
      state.queueId = `${name}-queue-id`;
      break;
    case 'aws:connect/contactFlow:ContactFlow':
      state.contactFlowId = `${short}-flow`;
      break;
    case 'aws:connect/hoursOfOperation:HoursOfOperation':
      state.hoursOfOperationId = `${name}-hours-id`;
      break;
    case 'aws:connect/phoneNumber:PhoneNumber':
      state.phoneNumber = '+15550100100';
      break;
    case 'aws:chime/voiceConnector:VoiceConnector':
      // Voice Connector ids are lowercase letters and digits.
      return { id: `vc${short}`, state: { ...state, outboundHostName: `vc${short}.voiceconnector.chime.aws` } };
    case 'aws:pinpoint/smsvoicev2PhoneNumber:Smsvoicev2PhoneNumber':
      state.arn = at('sms-voice', `phone-number/phone-${short}`);
      break;
    case 'aws-native:smsvoice:ConfigurationSet':
      state.arn = at('sms-voice', `configuration-set/${inputs.configurationSetName ?? short}`);
      break;
    case 'aws-native:smsvoice:ProtectConfiguration':
      state.protectConfigurationId = `protect-${short}`;
      break;
    case 'aws-native:lex:Bot':
      return { id: `BOT${short.toUpperCase()}`, state: { ...state, arn: at('lex', `bot/BOT${short.toUpperCase()}`) } };
    case 'aws-native:lex:BotVersion':
      state.botVersion = '1';
      break;
    case 'aws-native:lex:BotAlias':
      state.botAliasId = `ALIAS${short.toUpperCase()}`;
      state.arn = at('lex', `bot-alias/${inputs.botId}/${state.botAliasId}`);
      break;
    case 'aws:bedrock/agentKnowledgeBase:AgentKnowledgeBase':
      return { id: `KB${short.toUpperCase()}`, state: { ...state, arn: at('bedrock', `knowledge-base/KB${short.toUpperCase()}`) } };
    case 'aws:bedrock/agentDataSource:AgentDataSource':
      state.dataSourceId = `DS${short.toUpperCase()}`;
      break;
    case 'aws:bedrock/agentAgent:AgentAgent':
      state.agentId = `AG${short.toUpperCase()}`;
      state.agentArn = at('bedrock', `agent/${state.agentId}`);
      break;
    case 'aws:bedrock/agentAgentAlias:AgentAgentAlias':
      state.agentAliasId = `AL${short.toUpperCase()}`;
      state.agentAliasArn = at('bedrock', `agent-alias/${inputs.agentId}/${state.agentAliasId}`);
      break;
    case 'aws:s3/vectorsVectorBucket:VectorsVectorBucket':
      state.vectorBucketArn = at('s3vectors', `bucket/${inputs.vectorBucketName}`);
      break;
    case 'aws:s3/vectorsIndex:VectorsIndex':
      state.indexArn = at('s3vectors', `bucket/${inputs.vectorBucketName}/index/${inputs.indexName}`);
      break;
    case 'aws:lambda/invocation:Invocation':
      state.result = JSON.stringify({ ingestionJobId: `JOB${short.toUpperCase()}`, status: 'STARTING' });
      break;
    case 'awsx:ecr:Repository':
      state.url = `${account}.dkr.ecr.${region}.amazonaws.com/${name}-${short}`;
      break;
    case 'awsx:ecr:Image':
      state.imageUri = `${inputs.repositoryUrl}@sha256:${createHash('sha256').update(name).digest('hex')}`;
      break;
    case 'awsx:ec2:Vpc':
      state.vpcId = 'vpc-0123456789abcdef0';
      state.publicSubnetIds = ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0aaaaaaaaaaaaaaa2'];
      state.privateSubnetIds = [];
      break;
  }
  return { id: `${physical}-id`, state };
}

/** Pulumi config as the CLI would pass it: "project:key" → string (structured values as JSON). */
function encodeConfig(config: Record<string, unknown>): Record<string, string> {
  const encoded: Record<string, string> = { 'aws:region': region };
  for (const [key, value] of Object.entries(config)) {
    encoded[key.includes(':') ? key : `${project}:${key}`] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return encoded;
}

/** Assets/archives and other class instances become plain JSON so runs can be compared and sent between processes. */
function plain(value: unknown): any {
  return JSON.parse(JSON.stringify(value ?? null, (_key, v) => (typeof v === 'bigint' ? String(v) : v)));
}

/** The real stage program; tests may run another program module (a sample service) the same way. */
export const stageProgram = new URL('../../index.ts', import.meta.url).href;

let queue: Promise<unknown> = Promise.resolve();
let runs = 0;
const cache = new Map<string, Promise<StackRun>>();

/**
 * The program for one stack under mocks, run in this process after any run already started (cached: the same
 * stack, config and program give the same run).
 */
export function runStack(stack: string, config: Record<string, unknown>, program: string = stageProgram): Promise<StackRun> {
  const key = JSON.stringify([stack, config, program]);
  let run = cache.get(key);
  if (!run) {
    run = queue.then(() => runOnce(stack, config, program));
    queue = run.catch(() => undefined);
    cache.set(key, run);
  }
  return run;
}

async function runOnce(stack: string, config: Record<string, unknown>, program: string): Promise<StackRun> {
  process.env.PULUMI_NODEJS_STACK = stack;
  process.env.PULUMI_NODEJS_PROJECT = project;
  process.env.SWITCHBOARD_ALLOW_MISSING_BUNDLES = '1';
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

  const registered = new Map<string, { type: string; name: string; custom: boolean; inputs: any; state: any }>();
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        const { id, state } = mockState(args.type, args.name, args.inputs);
        registered.set(`${args.type}::${args.name}`, {
          type: args.type,
          name: args.name,
          custom: args.custom ?? true,
          inputs: args.inputs,
          state: { ...state, id },
        });
        return { id, state };
      },
      call(args) {
        switch (args.token) {
          case 'aws:index/getRegion:getRegion':
            return { name: region, region, id: region };
          case 'aws:index/getCallerIdentity:getCallerIdentity':
            return { accountId: account, arn: `arn:aws:iam::${account}:user/test`, userId: 'test', id: account };
          case 'aws:index/getPartition:getPartition':
            return { partition: 'aws', dnsSuffix: 'amazonaws.com', id: 'aws' };
          default:
            return args.inputs;
        }
      },
    },
    project,
    stack,
    false,
  );
  pulumi.runtime.setAllConfig(encodeConfig(config));

  // The mocks interface does not expose resource options; read them from the registration requests themselves.
  const options = new Map<string, { protect: boolean; parentUrn: string; ignoreChanges: string[]; provider: string; dependencies: string[] }>();
  const monitor = pulumi.runtime.getMonitor() as any;
  const registerResource = monitor.registerResource.bind(monitor);
  monitor.registerResource = (request: any, callback: any) => {
    options.set(`${request.getType()}::${request.getName()}`, {
      protect: Boolean(request.getProtect?.()),
      parentUrn: request.getParent() ?? '',
      ignoreChanges: request.getIgnorechangesList?.() ?? [],
      provider: request.getProvider?.() ?? '',
      dependencies: request.getDependenciesList?.() ?? [],
    });
    return registerResource(request, callback);
  };

  const programModule = (await import(`${program}${program.includes('?') ? '&' : '?'}run=${++runs}`)) as Record<string, unknown>;
  const outputs: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(programModule)) {
    outputs[key] = pulumi.Output.isInstance(value) ? await new Promise((resolve) => value.apply(resolve)) : await resolveDeep(value);
  }
  // Every registration has been answered once every outstanding RPC has settled.
  await pulumi.runtime.disconnect();

  const resources = [...registered.entries()].map(([key, resource]) => {
    const option = options.get(key);
    return {
      ...resource,
      inputs: plain(resource.inputs),
      state: plain(resource.state),
      protect: option?.protect ?? false,
      parentUrn: option?.parentUrn ?? '',
      ignoreChanges: option?.ignoreChanges ?? [],
      provider: option?.provider ?? '',
      dependencies: option?.dependencies ?? [],
      urn: urnOf(stack, resource.type, resource.name, option?.parentUrn ?? ''),
    };
  });
  return { stack, config, resources, outputs: plain(outputs) };
}

/** The URN Pulumi gives a resource: `urn:pulumi:<stack>::<project>::<parent types $ >type::name`. */
function urnOf(stack: string, type: string, name: string, parentUrn: string): string {
  const parentTypes = parentUrn ? (parentUrn.split('::')[2] ?? '') : '';
  const qualified = parentTypes && !parentTypes.startsWith('pulumi:pulumi:Stack') ? `${parentTypes}$${type}` : type;
  return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

async function resolveDeep(value: unknown): Promise<unknown> {
  if (pulumi.Output.isInstance(value)) return new Promise((resolve) => value.apply(resolve));
  if (Array.isArray(value)) return Promise.all(value.map(resolveDeep));
  if (value && typeof value === 'object') {
    const entries = await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await resolveDeep(v)] as const));
    return Object.fromEntries(entries);
  }
  return value;
}
