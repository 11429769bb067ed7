/** `@switchboard/infra/components`: the building blocks of the stage program and of every service's component. */
export type { Platform, PlatformBus, PlatformConnect, PlatformNetwork, PlatformUserPool } from './platform.ts';
export { makePhysicalName } from './platform.ts';
export { SwitchboardPlatform, type SwitchboardPlatformArgs } from './platform-component.ts';
export { LambdaFunction, allowMissingBundlesEnv, defaultDistDir, type LambdaFunctionArgs, type AsyncInvocationArgs } from './lambda-function.ts';
export { HttpApi, type HttpApiArgs } from './http-api.ts';
export { Subscription, subscriptionPattern, type SubscriptionArgs, type SubscriptionTarget, type SubscriptionRetryPolicy } from './subscription.ts';
export { Table, type TableArgs } from './table.ts';
export { FargateService, type FargateServiceArgs, type IngressRule } from './fargate-service.ts';
export { EventBus, type EventBusArgs, schemaName, registrySchemaContent } from './event-bus.ts';
export { UserPool, type UserPoolArgs } from './user-pool.ts';
export { ConnectInstance, type ConnectInstanceArgs } from './connect-instance.ts';
export { createDeadLetterQueue, type DeadLetterQueue } from './dead-letter-queue.ts';
export { anyOccurrenceAlarm, type AnyOccurrenceAlarmArgs } from './alarm.ts';
export { createSipMediaApplication, type SipMediaApplicationArgs } from './sip-media-application.ts';
export { assertAcceptableStatements, isBroadWildcardAction, policyDocument, assumeRolePolicy, type PolicyStatement } from './iam.ts';
export type { StageSettings, StackConfig, ProfileName } from '../config.ts';
