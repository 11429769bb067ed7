/**
 * The invariants every Switchboard stage keeps, checked over ALL resources a program registered — generic, so
 * they keep holding as services add resources. Each check returns violations (empty = holds); tests assert
 * emptiness, and invariants.test.ts proves each check does report a deliberately broken stack.
 */
import { isBroadWildcardAction } from '../../components/iam.ts';
import { derivedNameSuffix } from '../../components/platform.ts';
import { actionResourceTypes, resourceTypes } from './iam-resource-types.ts';
import { stageTable, type StageSettings } from '../../config.ts';
import { account as mockAccount, region as mockRegion, type RegisteredResource, type StackRun } from './stack-harness.ts';

const T = {
  function: 'aws:lambda/function:Function',
  role: 'aws:iam/role:Role',
  rolePolicy: 'aws:iam/rolePolicy:RolePolicy',
  policy: 'aws:iam/policy:Policy',
  rolePolicyAttachment: 'aws:iam/rolePolicyAttachment:RolePolicyAttachment',
  logGroup: 'aws:cloudwatch/logGroup:LogGroup',
  permission: 'aws:lambda/permission:Permission',
  invokeConfig: 'aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig',
  eventSourceMapping: 'aws:lambda/eventSourceMapping:EventSourceMapping',
  eventTarget: 'aws:cloudwatch/eventTarget:EventTarget',
  queue: 'aws:sqs/queue:Queue',
  queuePolicy: 'aws:sqs/queuePolicy:QueuePolicy',
  topicPolicy: 'aws:sns/topicPolicy:TopicPolicy',
  topicSubscription: 'aws:sns/topicSubscription:TopicSubscription',
  bucketPolicy: 'aws:s3/bucketPolicy:BucketPolicy',
  schedule: 'aws:scheduler/schedule:Schedule',
  table: 'aws:dynamodb/table:Table',
} as const;

/** Principals that invoke Lambda asynchronously (their failures must land in a DLQ). */
const asyncPrincipals = new Set([
  'events.amazonaws.com',
  'sns.amazonaws.com',
  's3.amazonaws.com',
  'iot.amazonaws.com',
  'logs.amazonaws.com',
  'ses.amazonaws.com',
]);
const broadManagedPolicy = /AdministratorAccess|PowerUserAccess|FullAccess$/;

const of = (run: StackRun, type: string) => run.resources.filter((r) => r.type === type);
const label = (r: RegisteredResource) => `${r.type.split(':').pop()} ${r.name}`;

/** Every Lambda has its own role (used by no other function) and an explicit log group with the stage retention. */
export function checkLambdaRolesAndLogs(run: StackRun, settings: StageSettings): string[] {
  const violations: string[] = [];
  const roles = new Map(of(run, T.role).map((role) => [role.state.arn as string, role]));
  const logGroups = new Map(of(run, T.logGroup).map((group) => [group.inputs.name as string, group]));
  const functionsPerRole = new Map<string, string[]>();
  for (const fn of of(run, T.function)) {
    const role = roles.get(fn.inputs.role);
    if (!role) violations.push(`${label(fn)}: its role ${fn.inputs.role} is not a role created by the program`);
    functionsPerRole.set(fn.inputs.role, [...(functionsPerRole.get(fn.inputs.role) ?? []), fn.name]);
    const logGroupName: string = fn.inputs.loggingConfig?.logGroup ?? `/aws/lambda/${fn.inputs.name}`;
    const group = logGroups.get(logGroupName);
    if (!group) violations.push(`${label(fn)}: no explicit log group ${logGroupName}`);
    else if (group.inputs.retentionInDays !== settings.logRetentionDays) {
      violations.push(
        `${label(fn)}: log group ${logGroupName} keeps logs ${group.inputs.retentionInDays ?? 'forever'} days, stage says ${settings.logRetentionDays}`,
      );
    }
    if (fn.inputs.runtime !== 'nodejs22.x') violations.push(`${label(fn)}: runtime ${fn.inputs.runtime}, expected nodejs22.x`);
    if (JSON.stringify(fn.inputs.architectures) !== '["arm64"]')
      violations.push(`${label(fn)}: architectures ${JSON.stringify(fn.inputs.architectures)}, expected ["arm64"]`);
  }
  for (const [role, functions] of functionsPerRole) {
    if (functions.length > 1) violations.push(`role ${role} is shared by ${functions.join(', ')}`);
  }
  for (const group of of(run, T.logGroup)) {
    if (group.inputs.retentionInDays !== settings.logRetentionDays) {
      violations.push(`${label(group)}: retention ${group.inputs.retentionInDays ?? 'forever'} days, stage says ${settings.logRetentionDays}`);
    }
  }
  return violations;
}

interface FoundStatement {
  readonly where: string;
  readonly statement: Record<string, unknown>;
}

function statementsOf(where: string, document: unknown): FoundStatement[] {
  const parsed = typeof document === 'string' ? (JSON.parse(document) as unknown) : document;
  if (!parsed || typeof parsed !== 'object') return [];
  const statement = (parsed as { Statement?: unknown }).Statement;
  const list = Array.isArray(statement) ? statement : statement ? [statement] : [];
  return list.map((s) => ({ where, statement: s as Record<string, unknown> }));
}

/** Inputs that hold a policy document, on whatever resource type (IAM, SQS, SNS, S3, KMS, IoT, Lex, …). */
const policyInputs = ['policy', 'assumeRolePolicy', 'keyPolicy', 'accessPolicy', 'resourcePolicy', 'policyDocument', 'policyText'];

/** Every policy document the program creates: identity and resource policies, on any resource type. */
export function allStatements(run: StackRun): FoundStatement[] {
  const found: FoundStatement[] = [];
  for (const r of run.resources) {
    for (const key of policyInputs) {
      const document = r.inputs[key];
      if (typeof document !== 'string' && (typeof document !== 'object' || document === null)) continue;
      try {
        found.push(...statementsOf(`${label(r)} ${key}`, document));
      } catch {
        // not JSON: not a policy document (e.g. a free-text input that happens to share the name)
      }
    }
    if (r.type === T.role) {
      for (const inline of r.inputs.inlinePolicies ?? []) found.push(...statementsOf(`${label(r)} inline ${inline.name}`, inline.policy));
    }
  }
  return found;
}

/** No statement has Action "*" or a whole-service wildcard ("chime:*"), nor grants by exclusion; no broad managed policies. */
export function checkIamStatements(run: StackRun): string[] {
  const violations: string[] = [];
  for (const { where, statement } of allStatements(run)) {
    if ('NotAction' in statement) violations.push(`${where}: NotAction grants by exclusion`);
    const actions = ([] as unknown[]).concat(statement.Action ?? []);
    for (const action of actions) {
      if (typeof action !== 'string') violations.push(`${where}: non-string action ${JSON.stringify(action)}`);
      else if (isBroadWildcardAction(action)) violations.push(`${where}: Action "${action}"`);
    }
  }
  const managed = [
    ...of(run, T.rolePolicyAttachment).map((a) => ({ where: label(a), arn: String(a.inputs.policyArn) })),
    ...of(run, T.role).flatMap((role) => ((role.inputs.managedPolicyArns ?? []) as string[]).map((arn) => ({ where: label(role), arn }))),
  ];
  for (const { where, arn } of managed) if (broadManagedPolicy.test(arn)) violations.push(`${where}: attaches ${arn}`);
  return violations;
}

/** Every asynchronous delivery has a retry policy and a dead-letter queue (and every DLQ is encrypted). */
export function checkAsyncDeadLetters(run: StackRun): string[] {
  const violations: string[] = [];
  const queuesByArn = new Map(of(run, T.queue).map((q) => [q.state.arn as string, q]));
  const functions = of(run, T.function);
  const functionByRef = (ref: string) => functions.find((fn) => fn.state.arn === ref || fn.inputs.name === ref || fn.state.name === ref);
  const deadLetterArns = new Set<string>();
  const requireQueue = (where: string, arn: unknown) => {
    if (typeof arn !== 'string' || !queuesByArn.has(arn))
      violations.push(`${where}: dead-letter target ${String(arn)} is not an SQS queue of the program`);
    else deadLetterArns.add(arn);
  };

  for (const target of of(run, T.eventTarget)) {
    if (!target.inputs.deadLetterConfig?.arn) violations.push(`${label(target)}: no dead-letter queue`);
    else requireQueue(label(target), target.inputs.deadLetterConfig.arn);
    const retry = target.inputs.retryPolicy;
    if (!retry || typeof retry.maximumRetryAttempts !== 'number' || typeof retry.maximumEventAgeInSeconds !== 'number') {
      violations.push(`${label(target)}: no retry policy (maximumRetryAttempts and maximumEventAgeInSeconds)`);
    }
  }
  for (const schedule of of(run, T.schedule)) {
    if (!schedule.inputs.target?.deadLetterConfig?.arn) violations.push(`${label(schedule)}: no dead-letter queue`);
    if (!schedule.inputs.target?.retryPolicy) violations.push(`${label(schedule)}: no retry policy`);
  }

  const invokeConfigs = of(run, T.invokeConfig);
  for (const config of invokeConfigs) {
    const destination = config.inputs.destinationConfig?.onFailure?.destination;
    if (!destination) violations.push(`${label(config)}: no on-failure destination`);
    else if (String(destination).startsWith('arn:aws:sqs:')) requireQueue(label(config), destination);
    if (typeof config.inputs.maximumRetryAttempts !== 'number') violations.push(`${label(config)}: maximumRetryAttempts not set`);
  }

  // Functions something invokes asynchronously.
  const asyncInvoked = new Map<string, string>();
  for (const permission of of(run, T.permission)) {
    if (asyncPrincipals.has(permission.inputs.principal))
      asyncInvoked.set(permission.inputs.function, `${permission.inputs.principal} (${permission.name})`);
  }
  for (const target of of(run, T.eventTarget))
    if (String(target.inputs.arn).startsWith('arn:aws:lambda:')) asyncInvoked.set(target.inputs.arn, label(target));
  for (const sub of of(run, T.topicSubscription)) if (sub.inputs.protocol === 'lambda') asyncInvoked.set(sub.inputs.endpoint, label(sub));
  for (const [ref, by] of asyncInvoked) {
    const fn = functionByRef(ref);
    if (!fn) continue; // a function outside the program
    const config = invokeConfigs.find((c) => c.inputs.functionName === fn.inputs.name || c.inputs.functionName === fn.state.arn);
    const hasDlq = Boolean(config?.inputs.destinationConfig?.onFailure?.destination) || Boolean(fn.inputs.deadLetterConfig?.targetArn);
    if (!hasDlq || typeof config?.inputs.maximumRetryAttempts !== 'number') {
      violations.push(
        `${label(fn)}: invoked asynchronously by ${by} without a retry policy and a dead-letter queue (LambdaFunction asyncInvocation)`,
      );
    }
  }

  for (const mapping of of(run, T.eventSourceMapping)) {
    const queue = queuesByArn.get(mapping.inputs.eventSourceArn);
    if (!queue) continue;
    const redrive = queue.inputs.redrivePolicy ? JSON.parse(queue.inputs.redrivePolicy) : undefined;
    if (!redrive?.deadLetterTargetArn) violations.push(`${label(queue)}: consumed by ${mapping.name} without a redrive policy to a DLQ`);
    else requireQueue(label(queue), redrive.deadLetterTargetArn);
  }

  for (const arn of deadLetterArns) {
    const queue = queuesByArn.get(arn);
    if (queue && !queue.inputs.sqsManagedSseEnabled && !queue.inputs.kmsMasterKeyId)
      violations.push(`${label(queue)}: dead-letter queue is not encrypted`);
  }
  return violations;
}

/** Every table: on-demand, encrypted, point-in-time recovery and deletion protection as the stage says. */
export function checkTables(run: StackRun, settings: StageSettings): string[] {
  const violations: string[] = [];
  for (const table of of(run, T.table)) {
    if (table.inputs.serverSideEncryption?.enabled !== true) violations.push(`${label(table)}: server-side encryption not enabled`);
    if (Boolean(table.inputs.pointInTimeRecovery?.enabled) !== settings.pointInTimeRecovery) {
      violations.push(
        `${label(table)}: point-in-time recovery ${Boolean(table.inputs.pointInTimeRecovery?.enabled)}, stage says ${settings.pointInTimeRecovery}`,
      );
    }
    if (Boolean(table.inputs.deletionProtectionEnabled) !== settings.deletionProtection) {
      violations.push(
        `${label(table)}: deletion protection ${Boolean(table.inputs.deletionProtectionEnabled)}, stage says ${settings.deletionProtection}`,
      );
    }
    if (table.protect !== settings.protect) violations.push(`${label(table)}: protect ${table.protect}, stage says ${settings.protect}`);
    if (table.inputs.billingMode !== 'PAY_PER_REQUEST') violations.push(`${label(table)}: billing mode ${table.inputs.billingMode}`);
  }
  return violations;
}

/** Component conventions: type token `switchboard:<module>:<Class>`, children named `${parent}-<role>`. */
export function checkComponentConventions(run: StackRun): string[] {
  const violations: string[] = [];
  const components = run.resources.filter((r) => r.type.startsWith('switchboard:'));
  for (const component of components) {
    if (!/^switchboard:[a-z][a-z0-9-]*:[A-Z][A-Za-z0-9]*$/.test(component.type))
      violations.push(`${component.type}: not switchboard:<module>:<Class>`);
  }
  for (const resource of run.resources) {
    const parentType = resource.parentUrn.split('::')[2]?.split('$').pop() ?? '';
    const parentName = resource.parentUrn.split('::')[3] ?? '';
    if (parentType.startsWith('switchboard:') && !resource.name.startsWith(`${parentName}-`)) {
      violations.push(`${label(resource)}: child of ${parentName} should be named ${parentName}-<role>`);
    }
  }
  return violations;
}

/** No bucket can be made public: each has a public access block with all four switches on. */
export function checkBucketsPrivate(run: StackRun): string[] {
  const blocks = of(run, 'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock');
  return run.resources
    .filter((r) => /^aws:s3\/bucket(V2)?:Bucket(V2)?$/.test(r.type))
    .filter((bucket) => {
      const block = blocks.find((b) => b.inputs.bucket === bucket.state.id || b.inputs.bucket === bucket.state.bucket);
      return !block || !['blockPublicAcls', 'blockPublicPolicy', 'ignorePublicAcls', 'restrictPublicBuckets'].every((k) => block.inputs[k] === true);
    })
    .map((bucket) => `${label(bucket)}: no public access block with all four switches on`);
}

/** An alarm nobody hears is no alarm: every CloudWatch alarm notifies someone. */
export function checkAlarms(run: StackRun): string[] {
  return of(run, 'aws:cloudwatch/metricAlarm:MetricAlarm')
    .filter((alarm) => !Array.isArray(alarm.inputs.alarmActions) || alarm.inputs.alarmActions.length === 0)
    .map((alarm) => `${label(alarm)}: no alarm actions`);
}

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

/** The identity-policy statements (role policies and inline policies): what a role may do, checked against the IAM reference. */
function identityStatements(run: StackRun): FoundStatement[] {
  return allStatements(run).filter(
    ({ where, statement }) => !('Principal' in statement) && !where.endsWith(' assumeRolePolicy') && (statement.Effect ?? 'Allow') === 'Allow',
  );
}

/** The statements of the roles a function runs as. */
function statementsOfRole(run: StackRun, roleArn: string): Record<string, unknown>[] {
  const role = run.resources.find((r) => r.type === T.role && r.state.arn === roleArn);
  if (!role) return [];
  const policies = run.resources.filter((r) => r.type === T.rolePolicy && (r.inputs.role === role.state.id || r.inputs.role === role.state.name));
  return policies.flatMap((policy) => statementsOf('', policy.inputs.policy).map((s) => s.statement));
}

const allows = (statements: Record<string, unknown>[], action: string, resource: string) =>
  statements.some(
    (s) => (s.Effect ?? 'Allow') === 'Allow' && asList(s.Action).includes(action) && asList(s.Resource).some((r) => r === '*' || r === resource),
  );

/** Lambda checks at mapping creation that the function's role may receive from the queue: every SQS mapping's role can. */
export function checkEventSourceMappings(run: StackRun): string[] {
  const violations: string[] = [];
  const queues = new Set(of(run, T.queue).map((q) => q.state.arn as string));
  for (const mapping of of(run, T.eventSourceMapping)) {
    const source = String(mapping.inputs.eventSourceArn);
    if (!queues.has(source) && !source.startsWith('arn:aws:sqs:')) continue;
    const fn = of(run, T.function).find((f) => [f.state.arn, f.inputs.name].includes(mapping.inputs.functionName));
    if (!fn) {
      violations.push(`${label(mapping)}: its function ${mapping.inputs.functionName} is not a function of the program`);
      continue;
    }
    const statements = statementsOfRole(run, fn.inputs.role);
    for (const action of ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes']) {
      if (!allows(statements, action, source)) violations.push(`${label(mapping)}: role of ${fn.name} lacks ${action} on ${source}`);
    }
  }
  return violations;
}

const imagePlatforms: Readonly<Record<string, string>> = { 'linux/arm64': 'ARM64', 'linux/amd64': 'X86_64' };

/** Every Fargate task says its CPU architecture, and every image the program builds is built for its task's. */
export function checkImagePlatforms(run: StackRun): string[] {
  const violations: string[] = [];
  const services = of(run, 'awsx:ecs:FargateService');
  for (const service of services) {
    if (!service.inputs.taskDefinitionArgs?.runtimePlatform?.cpuArchitecture)
      violations.push(`${label(service)}: task definition names no runtimePlatform.cpuArchitecture (Fargate then runs X86_64)`);
  }
  for (const image of of(run, 'awsx:ecr:Image')) {
    const architecture = imagePlatforms[String(image.inputs.platform)];
    if (!architecture) {
      violations.push(`${label(image)}: platform ${image.inputs.platform ?? '(unset: the build host decides)'} is not linux/arm64 or linux/amd64`);
      continue;
    }
    for (const service of services) {
      const container = service.inputs.taskDefinitionArgs?.container;
      const images = [container?.image, ...Object.values(service.inputs.taskDefinitionArgs?.containers ?? {}).map((c: any) => c?.image)];
      if (!images.includes(image.state.imageUri)) continue;
      const runs = service.inputs.taskDefinitionArgs?.runtimePlatform?.cpuArchitecture ?? 'X86_64';
      if (runs !== architecture) violations.push(`${label(image)}: built for ${image.inputs.platform}, but ${service.name} runs ${runs}`);
    }
  }
  return violations;
}

/** Packages whose provider ignores `aws:region`: each of their resources names an explicit provider with a region. */
const secondProviders = ['aws-native', 'docker-build', 'docker'];

export function checkExplicitProviders(run: StackRun): string[] {
  const violations: string[] = [];
  for (const resource of run.resources) {
    const pkg = resource.type.split(':')[0] ?? '';
    if (!resource.custom || !secondProviders.includes(pkg)) continue;
    const reference = resource.provider ?? '';
    const urn = reference.split('::').slice(0, -1).join('::');
    const provider = run.resources.find((r) => r.urn === urn || (r.type === `pulumi:providers:${pkg}` && urn.endsWith(`::${r.name}`)));
    if (!reference || !provider)
      violations.push(`${label(resource)}: no explicit ${pkg} provider (the default one reads ${pkg}:region, not aws:region)`);
    else if (pkg !== 'docker-build' && pkg !== 'docker' && !provider.inputs.region)
      violations.push(`${label(resource)}: its provider ${provider.name} sets no region`);
  }
  return violations;
}

/** Names unique across all of AWS: S3 buckets, the Cognito domain prefix, the Connect instance alias. */
const globalNameInputs: readonly [string, string][] = [
  ['aws:s3/bucket:Bucket', 'bucket'],
  ['aws:cognito/userPoolDomain:UserPoolDomain', 'domain'],
  ['aws:connect/instance:Instance', 'instanceAlias'],
];

/** Every globally unique physical name carries the deployment's uniqueness source (default: from account + region). */
export function checkGlobalNames(run: StackRun, suffix = String(run.config.nameSuffix ?? derivedNameSuffix(mockAccount, mockRegion))): string[] {
  const violations: string[] = [];
  for (const [type, input] of globalNameInputs) {
    for (const resource of of(run, type)) {
      const value = resource.inputs[input];
      // An autonamed resource (no explicit name) gets Pulumi's random suffix: unique already.
      if (typeof value === 'string' && !value.includes(suffix))
        violations.push(`${label(resource)}: ${input} "${value}" is global but carries no uniqueness suffix (${suffix})`);
    }
  }
  return violations;
}

/** A published flow is validated against the instance's associations: each Lambda and Lex alias it names is associated first. */
export function checkFlowAssociations(run: StackRun): string[] {
  const violations: string[] = [];
  const associations = [
    ...of(run, 'aws:connect/lambdaFunctionAssociation:LambdaFunctionAssociation').map((a) => ({ arn: a.inputs.functionArn as string, resource: a })),
    ...of(run, 'aws-native:connect:IntegrationAssociation').map((a) => ({ arn: a.inputs.integrationArn as string, resource: a })),
    ...of(run, 'aws:connect/botAssociation:BotAssociation').map((a) => ({ arn: a.inputs.lexBot?.lexRegion as string, resource: a })),
  ];
  for (const flow of of(run, 'aws:connect/contactFlow:ContactFlow')) {
    const content = String(flow.inputs.content ?? '');
    const referenced = new Set([...content.matchAll(/arn:aws:(?:lambda|lex):[^"\s]+/g)].map((m) => m[0]));
    for (const arn of referenced) {
      const association = associations.find((a) => a.arn === arn);
      if (!association) violations.push(`${label(flow)}: names ${arn}, which no association adds to the instance`);
      else if (!(flow.dependencies ?? []).includes(association.resource.urn ?? ''))
        violations.push(`${label(flow)}: does not depend on ${association.resource.name} (the association of ${arn})`);
    }
  }
  return violations;
}

/** Every IAM statement's resources fit what its actions accept, per the Service Authorization Reference table. */
export function checkIamResourceTypes(run: StackRun): string[] {
  const violations: string[] = [];
  for (const { where, statement } of identityStatements(run)) {
    const actions = asList(statement.Action).map(String);
    const resources = asList(statement.Resource).map(String);
    const matches = (resource: string, type: string) => resourceTypes[type]?.test(resource) ?? false;
    for (const action of actions) {
      const entry = actionResourceTypes[action];
      if (!entry) {
        violations.push(`${where}: ${action} is not in the IAM resource-type table (infra/test/support/iam-resource-types.ts)`);
        continue;
      }
      if (entry.types.length === 0) {
        if (!resources.includes('*'))
          violations.push(`${where}: ${action} names no resource type, so it needs Resource "*" (got ${resources.join(', ')})`);
        continue;
      }
      if (resources.includes('*') && !entry.starAllowed)
        violations.push(`${where}: ${action} on "*" — it supports ${entry.types.join(', ')}: scope it`);
      if (!resources.some((r) => r === '*' || entry.types.some((type) => matches(r, type)))) {
        violations.push(`${where}: ${action} needs ${entry.types.join(' or ')}; none of ${resources.join(', ')} is one`);
      }
    }
    for (const resource of resources) {
      if (resource === '*') continue;
      const used = actions.some((action) => actionResourceTypes[action]?.types.some((type) => matches(resource, type)));
      if (!used) violations.push(`${where}: ${resource} is a resource none of ${actions.join(', ')} acts on`);
    }
  }
  return violations;
}

/** Lambda permissions name the invoking resource (SourceArn); a principal with nothing to name is no permission to give. */
export function checkLambdaPermissions(run: StackRun): string[] {
  return of(run, T.permission)
    .filter((permission) => !permission.inputs.sourceArn)
    .map(
      (permission) =>
        `${label(permission)}: ${permission.inputs.principal} may invoke ${permission.inputs.function} from any resource (no SourceArn)`,
    );
}

/** Roles assumed by AWS services other than Lambda carry the confused-deputy guard (`aws:SourceAccount`). */
export function checkServiceRoleConditions(run: StackRun): string[] {
  const violations: string[] = [];
  for (const role of of(run, T.role)) {
    for (const { statement } of statementsOf(label(role), role.inputs.assumeRolePolicy)) {
      const services = asList((statement.Principal as { Service?: unknown } | undefined)?.Service).map(String);
      if (services.length === 0 || services.every((service) => service === 'lambda.amazonaws.com')) continue;
      const condition = JSON.stringify(statement.Condition ?? {});
      if (!/aws:SourceAccount/i.test(condition))
        violations.push(`${label(role)}: ${services.join(', ')} may assume it for any account's resources (no aws:SourceAccount condition)`);
    }
  }
  return violations;
}

/** Buckets deny plain HTTP; topics and queues are encrypted at rest. */
export function checkEncryptionAndTransport(run: StackRun): string[] {
  const violations: string[] = [];
  const policies = of(run, T.bucketPolicy);
  for (const bucket of run.resources.filter((r) => /^aws:s3\/bucket(V2)?:Bucket(V2)?$/.test(r.type))) {
    const policy = policies.find((p) => p.inputs.bucket === bucket.state.id || p.inputs.bucket === bucket.state.bucket);
    const denies = policy
      ? statementsOf('', policy.inputs.policy).some(
          ({ statement }) => statement.Effect === 'Deny' && JSON.stringify(statement.Condition ?? {}).includes('"aws:SecureTransport":"false"'),
        )
      : false;
    if (!denies) violations.push(`${label(bucket)}: no bucket policy denying requests without TLS (aws:SecureTransport false)`);
  }
  for (const topic of of(run, 'aws:sns/topic:Topic'))
    if (!topic.inputs.kmsMasterKeyId) violations.push(`${label(topic)}: not encrypted (kmsMasterKeyId)`);
  for (const queue of of(run, T.queue))
    if (!queue.inputs.sqsManagedSseEnabled && !queue.inputs.kmsMasterKeyId) violations.push(`${label(queue)}: not encrypted`);
  return violations;
}

/** Tag values every AWS tagging API accepts (SQS refuses `(`, `)`, `,`). */
export function checkTagValues(run: StackRun): string[] {
  const violations: string[] = [];
  for (const resource of run.resources) {
    const tags = resource.inputs.tags;
    if (!tags || typeof tags !== 'object' || Array.isArray(tags)) continue;
    for (const [key, value] of Object.entries(tags as Record<string, unknown>)) {
      if (typeof value === 'string' && !/^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u.test(value))
        violations.push(`${label(resource)}: tag ${key} "${value}" has characters AWS tags refuse`);
    }
  }
  return violations;
}

export function checkAll(run: StackRun, settings: StageSettings): string[] {
  return [
    ...checkEventSourceMappings(run),
    ...checkImagePlatforms(run),
    ...checkExplicitProviders(run),
    ...checkGlobalNames(run),
    ...checkFlowAssociations(run),
    ...checkIamResourceTypes(run),
    ...checkLambdaPermissions(run),
    ...checkServiceRoleConditions(run),
    ...checkEncryptionAndTransport(run),
    ...checkTagValues(run),
    ...checkAlarms(run),
    ...checkBucketsPrivate(run),
    ...checkLambdaRolesAndLogs(run, settings),
    ...checkIamStatements(run),
    ...checkAsyncDeadLetters(run),
    ...checkTables(run, settings),
    ...checkComponentConventions(run),
  ];
}

/** A registered input that differs between dev and prod, and the stage-table setting that explains it. */
interface Explanation {
  readonly setting: keyof StageSettings;
  readonly type: string | RegExp;
  readonly path: string;
  readonly expected: (settings: StageSettings) => unknown;
}

/** Where each stage-table setting surfaces in registered resources (`<protect>` is the resource option). */
export const explanations: readonly Explanation[] = [
  { setting: 'logRetentionDays', type: T.logGroup, path: 'retentionInDays', expected: (s) => s.logRetentionDays },
  { setting: 'logLevel', type: T.function, path: 'loggingConfig.applicationLogLevel', expected: (s) => s.logLevel },
  { setting: 'logLevel', type: T.function, path: 'environment.variables.POWERTOOLS_LOG_LEVEL', expected: (s) => s.logLevel },
  {
    setting: 'sourcemaps',
    type: T.function,
    path: 'environment.variables.NODE_OPTIONS',
    expected: (s) => (s.sourcemaps ? '--enable-source-maps' : undefined),
  },
  { setting: 'protect', type: /./, path: '<protect>', expected: (s) => s.protect },
  // A protected stage keeps its buckets' objects (S3, S3 Vectors, ECR …); an unprotected one may be torn down with them.
  { setting: 'protect', type: /./, path: 'forceDestroy', expected: (s) => !s.protect },
  // iot-triage's fault-injection switch (its stack config defaults to allowing it where the stage permits).
  { setting: 'testHooks', type: T.function, path: 'environment.variables.ALLOW_FAULT_INJECTION', expected: (s) => String(s.testHooks) },
  { setting: 'pointInTimeRecovery', type: T.table, path: 'pointInTimeRecovery.enabled', expected: (s) => s.pointInTimeRecovery },
  // Tables, End User Messaging numbers, … : every resource with a deletion-protection switch.
  { setting: 'deletionProtection', type: /./, path: 'deletionProtectionEnabled', expected: (s) => s.deletionProtection },
  {
    setting: 'deletionProtection',
    type: 'aws:cognito/userPool:UserPool',
    path: 'deletionProtection',
    expected: (s) => (s.deletionProtection ? 'ACTIVE' : 'INACTIVE'),
  },
  {
    setting: 'eventArchiveRetentionDays',
    type: 'aws:cloudwatch/eventArchive:EventArchive',
    path: 'retentionDays',
    expected: (s) => s.eventArchiveRetentionDays,
  },
  { setting: 'deadLetterRetentionSeconds', type: T.queue, path: 'messageRetentionSeconds', expected: (s) => s.deadLetterRetentionSeconds },
];

function leaves(value: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) for (const [p, v] of leaves(child, prefix ? `${prefix}.${key}` : key)) out.set(p, v);
  } else if (prefix) {
    out.set(prefix, Array.isArray(value) ? JSON.stringify(value) : value);
  }
  return out;
}

export interface StageDiff {
  readonly violations: string[];
  /** Settings whose dev/prod difference was observed in the resources. */
  readonly observed: Set<keyof StageSettings>;
}

/**
 * Compare two runs of the same program and stack config that differ only in `switchboard:profile`.
 * Every differing input must be explained by the stage table, with each side holding its row's value.
 */
export function compareStages(dev: StackRun, prod: StackRun): StageDiff {
  const violations: string[] = [];
  const observed = new Set<keyof StageSettings>();
  const key = (r: RegisteredResource) => `${r.type}::${r.name}`;
  const prodByKey = new Map(prod.resources.map((r) => [key(r), r]));
  const devKeys = new Set(dev.resources.map(key));
  for (const r of prod.resources) if (!devKeys.has(key(r))) violations.push(`only in prod: ${key(r)}`);
  for (const devResource of dev.resources) {
    const prodResource = prodByKey.get(key(devResource));
    if (!prodResource) {
      violations.push(`only in dev: ${key(devResource)}`);
      continue;
    }
    const devLeaves = leaves({ ...devResource.inputs, '<protect>': devResource.protect });
    const prodLeaves = leaves({ ...prodResource.inputs, '<protect>': prodResource.protect });
    for (const path of new Set([...devLeaves.keys(), ...prodLeaves.keys()])) {
      const devValue = devLeaves.get(path);
      const prodValue = prodLeaves.get(path);
      if (JSON.stringify(devValue) === JSON.stringify(prodValue)) continue;
      // A property Pulumi ignores after creation holds a creation-time value (e.g. a generated secret).
      const ignored = [...(devResource.ignoreChanges ?? []), ...(prodResource.ignoreChanges ?? [])];
      if (ignored.some((prefix) => path === prefix || path.startsWith(`${prefix}.`))) continue;
      const explanation = explanations.find(
        (e) => e.path === path && (typeof e.type === 'string' ? e.type === devResource.type : e.type.test(devResource.type)),
      );
      const where = `${label(devResource)} ${path}: dev ${JSON.stringify(devValue)}, prod ${JSON.stringify(prodValue)}`;
      if (!explanation) {
        violations.push(`${where} — no stage-table setting explains this difference`);
      } else if (devValue !== explanation.expected(stageTable.dev) || prodValue !== explanation.expected(stageTable.prod)) {
        violations.push(
          `${where} — ${explanation.setting} says dev ${JSON.stringify(explanation.expected(stageTable.dev))}, prod ${JSON.stringify(explanation.expected(stageTable.prod))}`,
        );
      } else {
        observed.add(explanation.setting);
      }
    }
  }
  return { violations, observed };
}
