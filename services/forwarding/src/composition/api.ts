/**
 * The API function: its own environment (`handlerEnv.api`), the forwards table, Chime SDK voice, Step Functions for
 * product switches, EventBridge for ForwardChanged, Cognito for tokens. Built once per Lambda container.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EventBridgeBus } from '@switchboard/shared/bus';
import { ForwardChanged } from '@switchboard/shared/contracts';
import { cognitoVerifier, lambdaHandler } from '@switchboard/shared/http';
import packageJson from '../../package.json' with { type: 'json' };
import { ChimeSdkVoiceInventory } from '../adapters/aws/chime-sdk-voice-inventory.ts';
import { DynamoForwardStore } from '../adapters/aws/dynamodb-forward-store.ts';
import { StepFunctionsSwitchScheduler } from '../adapters/aws/step-functions-switch-scheduler.ts';
import { monotonicIds } from '../adapters/ids.ts';
import { createApp } from '../api/app.ts';
import { ForwardingService, forwardChangedData } from '../application/forwarding-service.ts';
import { loadHandlerEnv } from '../config.ts';
import { guardPolicy } from '../domain/toll-fraud-guard.ts';

export { guardPolicy };

export function apiApp(env: Record<string, string | undefined> = process.env) {
  const config = loadHandlerEnv('api', env);
  const store = new DynamoForwardStore(
    DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } }),
    config.FORWARDS_TABLE,
  );
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

export const api = lambdaHandler(apiApp());
