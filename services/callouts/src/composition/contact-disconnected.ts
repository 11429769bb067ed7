/**
 * contact-disconnected: Amazon Connect DISCONNECTED contact events (EventBridge) → the attempt's result to the
 * waiting workflow. Asynchronous (nobody waits on it): the SDK clients, DynamoDB and Step Functions only.
 */
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoResultStore } from '../adapters/aws/dynamodb-stores.ts';
import { StepFunctionsCallbacks } from '../adapters/aws/step-functions.ts';
import { createContactEventHandler } from '../application/contact-events.ts';
import { loadHandlerEnv, type HandlerEnv } from '../config.ts';
import { documentClient } from './aws-parts.ts';

export function contactDisconnectedHandler(env: HandlerEnv<'contact-disconnected'> = loadHandlerEnv('contact-disconnected')) {
  return createContactEventHandler({
    results: new DynamoResultStore(documentClient(), env.RESULTS_TABLE, env.CONTACTS_TABLE),
    callbacks: new StepFunctionsCallbacks(new SFNClient({})),
  });
}
