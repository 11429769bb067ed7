/**
 * Runs a product switch on Step Functions: a Standard state machine loops `advance` (the switch-worker Lambda) →
 * Choice (waiting?) → Wait `retryAfterSeconds` → advance, so no Lambda ever sleeps while a number is released.
 * The execution is named after the switch id and journal revision: StartExecution with the same name and input is
 * idempotent, so a retried API call cannot start the same switch twice; and two executions racing on one switch
 * could not double-apply it anyway (every journal write is conditional).
 */
import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { SwitchScheduler } from '../../domain/ports.ts';
import type { ProductSwitch } from '../../domain/product-switch.ts';

export class StepFunctionsSwitchScheduler implements SwitchScheduler {
  constructor(
    private readonly stateMachineArn: string,
    private readonly client: SFNClient = new SFNClient({}),
  ) {}

  async start(record: ProductSwitch): Promise<void> {
    try {
      await this.client.send(
        new StartExecutionCommand({
          stateMachineArn: this.stateMachineArn,
          // Execution names: 1–80 chars of letters, digits, "-" and "_". The journal revision is part of it so a
          // stalled switch can be handed over again (a name is unique for 90 days, even after the execution failed).
          name: `${record.id.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 64)}-r${record.revision}`,
          input: JSON.stringify({ phoneNumber: record.phoneNumber, switchId: record.id }),
        }),
      );
    } catch (error) {
      // Same name, different input would be a bug; same name and input is answered without an error.
      if (error instanceof ExecutionAlreadyExists) return;
      throw error;
    }
  }
}

/**
 * The state machine the infra deploys (Amazon States Language). `advance` returns `{ status, retryAfterSeconds }`.
 * Retries cover Lambda service errors only; a step's own failures are handled (and recorded) by the switch.
 */
export function switchStateMachineDefinition(workerFunctionArn: string): Record<string, unknown> {
  return {
    Comment: 'Advance a recorded phone-number product switch until it completes, rolls back or fails',
    StartAt: 'Advance',
    States: {
      Advance: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: workerFunctionArn, 'Payload.$': '$' },
        ResultSelector: {
          'status.$': '$.Payload.status',
          'retryAfterSeconds.$': '$.Payload.retryAfterSeconds',
          'phoneNumber.$': '$.Payload.phoneNumber',
          'switchId.$': '$.Payload.switchId',
        },
        Retry: [
          {
            ErrorEquals: [
              'Lambda.ServiceException',
              'Lambda.AWSLambdaException',
              'Lambda.SdkClientException',
              'Lambda.TooManyRequestsException',
              'States.TaskFailed',
            ],
            IntervalSeconds: 2,
            MaxAttempts: 6,
            BackoffRate: 2,
          },
        ],
        Next: 'Done?',
      },
      'Done?': {
        Type: 'Choice',
        Choices: [{ Variable: '$.status', StringEquals: 'waiting', Next: 'Wait' }],
        Default: 'Finished',
      },
      Wait: { Type: 'Wait', SecondsPath: '$.retryAfterSeconds', Next: 'Advance' },
      Finished: { Type: 'Succeed' },
    },
  };
}
