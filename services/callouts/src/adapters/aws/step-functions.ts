import { createHash } from 'node:crypto';
import { ExecutionAlreadyExists, type SFNClient, SendTaskHeartbeatCommand, SendTaskSuccessCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { JobStarter } from '../../domain/intake.ts';
import type { AttemptReport, WorkflowCallbacks } from '../../domain/ports.ts';

/** A token whose task already ended (timed out, or reported by the other path) is not an error for us. */
const closedToken = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

export class StepFunctionsCallbacks implements WorkflowCallbacks {
  constructor(private readonly client: SFNClient) {}
  async succeed(taskToken: string, report: AttemptReport) {
    try {
      await this.client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(report) }));
    } catch (error) {
      if (!closedToken.has((error as { name?: string }).name ?? '')) throw error;
    }
  }
  async heartbeat(taskToken: string) {
    try {
      await this.client.send(new SendTaskHeartbeatCommand({ taskToken }));
    } catch (error) {
      if (!closedToken.has((error as { name?: string }).name ?? '')) throw error;
    }
  }
}

/**
 * StartExecution named after the job: Step Functions refuses a second execution with the same name (for 90
 * days), so a duplicate start is a no-op. A resume after pause needs a new name (`<job>-resume-<n>`).
 */
export class StepFunctionsJobStarter implements JobStarter {
  constructor(
    private readonly client: SFNClient,
    private readonly stateMachineArn: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}
  async start(jobId: string) {
    for (const name of [executionName(jobId), executionName(jobId, `resume-${this.clock().getTime()}`)]) {
      try {
        await this.client.send(
          new StartExecutionCommand({ stateMachineArn: this.stateMachineArn, name, input: JSON.stringify({ jobId, round: 0 }) }),
        );
        return;
      } catch (error) {
        if (!(error instanceof ExecutionAlreadyExists) && (error as { name?: string }).name !== 'ExecutionAlreadyExists') throw error;
        // First start already happened: this is a resume (the job record decides whether there is work).
      }
    }
  }
}

/**
 * Execution names: 1–80 characters without whitespace, brackets, wildcards or `" # % \\ ^ | ~ \` $ & , ; : /`.
 * A job id that fits is used as is (readable in the console); otherwise a cleaned prefix plus a hash keeps it unique.
 */
export function executionName(jobId: string, suffix?: string): string {
  const wanted = suffix ? `${jobId}-${suffix}` : jobId;
  if (wanted.length <= 80 && /^[A-Za-z0-9_.-]+$/.test(wanted)) return wanted;
  const hash = createHash('sha256').update(wanted).digest('hex').slice(0, 16);
  const cleaned = jobId.replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 80 - hash.length - 2 - (suffix ? suffix.length + 1 : 0));
  return [cleaned, suffix, hash].filter(Boolean).join('-');
}
