/**
 * Step Functions task-token callbacks (SendTaskHeartbeat, SendTaskSuccess; awsJson 1.0) over the kit's signed JSON
 * client, for the contact-flow Lambdas: a callee is on the line while they cold-start, and the SDK client would be
 * most of their bundle. Same rules as the SDK adapter (step-functions.ts): a token whose task already ended is not an error.
 */
import { AwsRequestError, type JsonServiceClient } from '@switchboard/shared/aws-http';
import type { AttemptReport, WorkflowCallbacks } from '../../domain/ports.ts';

const closedToken = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

export class HttpStepFunctionsCallbacks implements WorkflowCallbacks {
  constructor(private readonly client: JsonServiceClient) {}

  private async send(operation: 'SendTaskSuccess' | 'SendTaskHeartbeat', body: Record<string, string>) {
    try {
      await this.client.post('/', body, { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AWSStepFunctions.${operation}` });
    } catch (error) {
      if (!(error instanceof AwsRequestError && closedToken.has(error.errorType ?? ''))) throw error;
    }
  }

  succeed(taskToken: string, report: AttemptReport) {
    return this.send('SendTaskSuccess', { taskToken, output: JSON.stringify(report) });
  }

  heartbeat(taskToken: string) {
    return this.send('SendTaskHeartbeat', { taskToken });
  }
}
