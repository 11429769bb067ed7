/**
 * The callouts workflow in Amazon States Language, generated in code (the seed's inline Map broke past
 * ~3,000 receivers on the 25,000-event history limit and capped concurrency at 40).
 *
 *   Plan round ─ call ─→ Call receivers (Distributed Map over the round's items file in S3) ─→ Plan round
 *              ├ wait ─→ Wait for retries (SecondsPath) ─→ Plan round
 *              ├ complete ─→ Complete job (report, events, SNS) ─→ Done
 *              └ stop ─→ Stopped (paused or cancelled; resume starts a new execution)
 *
 * Each item: Prepare attempt (compliance, ClientToken) → Place call and wait (SQS dial queue,
 * waitForTaskToken, heartbeat + timeout; the Connect contact's DISCONNECTED event sends the token back) →
 * Save outcome (retry by outcome or final). A timed-out wait saves a Failed outcome; no item failure stops
 * the job (ToleratedFailurePercentage 100: failed items are still non-final and the next round retries them).
 * Child executions are STANDARD: Express workflows cannot wait for a task token.
 */
export type StateMachineInputs = {
  readonly functions: { readonly planRound: string; readonly prepareAttempt: string; readonly applyOutcome: string; readonly completeJob: string };
  readonly dialQueueUrl: string;
  /** Bucket holding each round's items file (written by Plan round). */
  readonly itemsBucket: string;
  /** Concurrent calls; at most the Connect instance's concurrent-call quota. */
  readonly maxConcurrency: number;
  readonly connectConcurrentCallQuota: number;
  /** A call that sends no heartbeat for this long is given up. @default 300 */
  readonly heartbeatSeconds?: number;
  /** A call's whole wait (ringing, questions, ending). @default 1800 */
  readonly callTimeoutSeconds?: number;
};

const lambdaRetry = [
  {
    ErrorEquals: ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException'],
    IntervalSeconds: 2,
    MaxAttempts: 6,
    BackoffRate: 2,
    JitterStrategy: 'FULL',
  },
  { ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 5, MaxAttempts: 3, BackoffRate: 2, JitterStrategy: 'FULL' },
];

const invoke = (functionArn: string, payload: Record<string, unknown>, next: string | undefined, extra: Record<string, unknown> = {}) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  Parameters: { FunctionName: functionArn, Payload: payload },
  ResultSelector: { 'result.$': '$.Payload' },
  ResultPath: '$.step',
  Retry: lambdaRetry,
  ...(next ? { Next: next } : { End: true }),
  ...extra,
});

export function buildStateMachineDefinition(inputs: StateMachineInputs) {
  if (!Number.isInteger(inputs.maxConcurrency) || inputs.maxConcurrency < 1) throw new Error('maxConcurrency must be a positive integer');
  if (inputs.maxConcurrency > inputs.connectConcurrentCallQuota) {
    throw new Error(`maxConcurrency ${inputs.maxConcurrency} exceeds the Connect concurrent-call quota ${inputs.connectConcurrentCallQuota}`);
  }
  const heartbeatSeconds = inputs.heartbeatSeconds ?? 300;
  const callTimeoutSeconds = inputs.callTimeoutSeconds ?? 1800;
  if (heartbeatSeconds >= callTimeoutSeconds) throw new Error('heartbeatSeconds must be shorter than callTimeoutSeconds');

  const itemProcessor = {
    ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
    StartAt: 'Prepare attempt',
    States: {
      'Prepare attempt': invoke(inputs.functions.prepareAttempt, { 'jobId.$': '$.jobId', 'receiverId.$': '$.receiverId' }, 'Dial?'),
      'Dial?': {
        Type: 'Choice',
        Choices: [{ Variable: '$.step.result.kind', StringEquals: 'dialing', Next: 'Place call and wait' }],
        Default: 'Item done',
      },
      'Place call and wait': {
        Type: 'Task',
        Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
        Parameters: {
          QueueUrl: inputs.dialQueueUrl,
          MessageBody: {
            'jobId.$': '$.jobId',
            'receiverId.$': '$.receiverId',
            'attempt.$': '$.step.result.attempt',
            'clientToken.$': '$.step.result.clientToken',
            'taskToken.$': '$$.Task.Token',
          },
        },
        HeartbeatSeconds: heartbeatSeconds,
        TimeoutSeconds: callTimeoutSeconds,
        ResultPath: '$.report',
        Catch: [{ ErrorEquals: ['States.Timeout', 'States.HeartbeatTimeout'], ResultPath: '$.timeout', Next: 'Call timed out' }],
        Next: 'Save outcome',
      },
      'Call timed out': {
        Type: 'Pass',
        Parameters: {
          'jobId.$': '$.jobId',
          'receiverId.$': '$.receiverId',
          report: {
            'jobId.$': '$.jobId',
            'receiverId.$': '$.receiverId',
            'attempt.$': '$.step.result.attempt',
            contactId: '',
            outcome: 'Failed',
            'error.$': '$.timeout.Error',
          },
        },
        Next: 'Save outcome',
      },
      'Save outcome': invoke(inputs.functions.applyOutcome, { 'report.$': '$.report' }, undefined),
      'Item done': { Type: 'Succeed' },
    },
  };

  return {
    Comment: "Switchboard callouts: calls a job's receivers in rounds (Distributed Map), retrying by outcome, then writes the report.",
    StartAt: 'Plan round',
    States: {
      'Plan round': invoke(inputs.functions.planRound, { 'jobId.$': '$.jobId', 'round.$': '$.round' }, 'Next step'),
      'Next step': {
        Type: 'Choice',
        Choices: [
          { Variable: '$.step.result.action', StringEquals: 'call', Next: 'Call receivers' },
          { Variable: '$.step.result.action', StringEquals: 'wait', Next: 'Wait for retries' },
          { Variable: '$.step.result.action', StringEquals: 'complete', Next: 'Complete job' },
        ],
        Default: 'Stopped',
      },
      'Call receivers': {
        Type: 'Map',
        ItemReader: {
          Resource: 'arn:aws:states:::s3:getObject',
          ReaderConfig: { InputType: 'JSON' },
          Parameters: { Bucket: inputs.itemsBucket, 'Key.$': '$.step.result.itemsKey' },
        },
        ItemProcessor: itemProcessor,
        MaxConcurrency: inputs.maxConcurrency,
        ToleratedFailurePercentage: 100,
        Label: 'CallReceivers',
        ResultPath: null,
        Next: 'Next round',
      },
      'Wait for retries': { Type: 'Wait', SecondsPath: '$.step.result.waitSeconds', Next: 'Next round' },
      'Next round': {
        Type: 'Pass',
        Parameters: { 'jobId.$': '$.jobId', 'round.$': 'States.MathAdd($.round, 1)' },
        Next: 'Plan round',
      },
      'Complete job': invoke(inputs.functions.completeJob, { 'jobId.$': '$.jobId' }, 'Done'),
      Done: { Type: 'Succeed' },
      Stopped: { Type: 'Succeed', Comment: 'Paused or cancelled' },
    },
  };
}
