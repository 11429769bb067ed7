/** `@switchboard/infra/components`: the building blocks of the stage program and of every service's component. */
export type { Platform, PlatformBus, PlatformConnect, PlatformNetwork, PlatformProviders, PlatformUserPool } from './platform.ts';
export { concurrencyBudget, derivedNameSuffix, makePhysicalName, minimumUnreservedConcurrency } from './platform.ts';
export { platformRoles, roleDescriptions, type PlatformRole } from './roles.ts';
export { SwitchboardPlatform, type SwitchboardPlatformArgs } from './platform-component.ts';
export {
  LambdaFunction,
  allowMissingBundlesEnv,
  defaultDistDir,
  type LambdaFunctionArgs,
  type AsyncInvocationArgs,
  type EnvironmentFor,
  type PlatformEnvironmentKey,
} from './lambda-function.ts';
export { HttpApi, type HttpApiArgs } from './http-api.ts';
export { Subscription, subscriptionPattern, type SubscriptionArgs, type SubscriptionTarget, type SubscriptionRetryPolicy } from './subscription.ts';
export { Table, type TableArgs } from './table.ts';
export { PrivateBucket, denyInsecureTransport, type PrivateBucketArgs, type BucketPolicyStatement } from './private-bucket.ts';
export { StaticSite, StaticSiteFiles, contentSecurityPolicy, type StaticSiteArgs, type StaticSiteFilesArgs } from './static-site.ts';
export { Schedule, type ScheduleArgs } from './schedule.ts';
export { TopicSubscription, type TopicSubscriptionArgs } from './topic-subscription.ts';
export { FargateService, type FargateServiceArgs, type IngressRule } from './fargate-service.ts';
export { EventBus, type EventBusArgs, schemaName, registrySchemaContent } from './event-bus.ts';
export { UserPool, type UserPoolArgs } from './user-pool.ts';
export { ConnectInstance, type ConnectInstanceArgs } from './connect-instance.ts';
export { createDeadLetterQueue, type DeadLetterQueue } from './dead-letter-queue.ts';
export { anyOccurrenceAlarm, type AnyOccurrenceAlarmArgs } from './alarm.ts';
export { createSipMediaApplication, type SipMediaApplicationArgs } from './sip-media-application.ts';
export {
  assertAcceptableStatements,
  isBroadWildcardAction,
  policyDocument,
  assumeRolePolicy,
  type ConfusedDeputyGuard,
  type PolicyStatement,
} from './iam.ts';
export type { StageSettings, StackConfig, ProfileName } from '../config.ts';
