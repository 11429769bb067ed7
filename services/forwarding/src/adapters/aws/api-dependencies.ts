/**
 * The API function's AWS wiring: the forwards table, Chime SDK voice, Step Functions for product switches,
 * EventBridge for ForwardChanged, Cognito for tokens. Built once per Lambda container.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EventBridgeBus } from '@switchboard/shared/bus';
import { ForwardChanged } from '@switchboard/shared/contracts';
import { cognitoVerifier } from '@switchboard/shared/http';
import { guardPolicy, loadApiConfig } from '../../config.ts';
import { ForwardingService, type ForwardChange } from '../../domain/forwarding-service.ts';
import { createApp } from '../../api/app.ts';
import packageJson from '../../../package.json' with { type: 'json' };
import { ChimeSdkVoiceInventory } from './chime-sdk-voice-inventory.ts';
import { DynamoForwardStore } from './dynamodb-forward-store.ts';
import { StepFunctionsSwitchScheduler } from './step-functions-switch-scheduler.ts';
import { monotonicIds } from '../../ids.ts';

/** ForwardChanged carries the forward records as plain objects. */
export function forwardChangedData(change: ForwardChange) {
  return {
    phoneNumber: change.phoneNumber,
    change: change.change,
    actor: change.actor,
    before: change.before ? { ...change.before } : null,
    after: change.after ? { ...change.after } : null,
  };
}

export function apiApp(env: Record<string, string | undefined> = process.env) {
  const config = loadApiConfig(env);
  const store = new DynamoForwardStore(DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } }), config.FORWARDS_TABLE);
  const bus = new EventBridgeBus({ busName: config.EVENT_BUS_NAME });
  const service = new ForwardingService({
    store,
    journal: store,
    inventory: new ChimeSdkVoiceInventory(),
    scheduler: new StepFunctionsSwitchScheduler(config.SWITCH_STATE_MACHINE_ARN),
    publishChange: async (change, correlationId) => {
      await bus.publish(ForwardChanged, forwardChangedData(change), { correlationId });
    },
    clock: { now: () => new Date() },
    ids: monotonicIds(),
    sipMediaApplicationId: config.SIP_MEDIA_APPLICATION_ID,
    awsRegion: config.AWS_REGION,
    guard: guardPolicy(config),
    rateLimit: { changes: config.RATE_LIMIT_CHANGES, windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS },
  });
  return createApp({
    service,
    verifier: cognitoVerifier({ userPoolId: config.USER_POOL_ID, clientId: config.USER_POOL_CLIENT_ID }),
    pageOrigin: config.PAGE_ORIGIN,
    corsOrigins: config.CONSOLE_ORIGIN ? [config.CONSOLE_ORIGIN] : [],
    version: packageJson.version,
  });
}
