/**
 * The platform's EventBus on Amazon EventBridge (`AWSEvents` PutEvents, awsJson 1.1) over the small signed client:
 * validates through the contract, fails loudly when an entry is not accepted (as the kit's EventBridgeBus does).
 */
import { PublishError, type EventBus } from '@switchboard/shared/bus';
import type { EnvelopeOptions, EventContract, EventEnvelope } from '@switchboard/shared/contracts';
import type * as z from 'zod';
import type { AwsHttpClient } from '@switchboard/shared/aws-http';

export class HttpEventBridgeBus implements EventBus {
  constructor(private readonly options: { client: AwsHttpClient; busName: string }) {}

  async publish<S extends z.core.$ZodType>(
    contract: EventContract<S>,
    data: z.input<S>,
    options: EnvelopeOptions,
  ): Promise<EventEnvelope<z.output<S>>> {
    const envelope = contract.envelope(data, options);
    const result = await this.options.client.target<{ FailedEntryCount?: number; Entries?: { ErrorCode?: string; ErrorMessage?: string }[] }>(
      'AWSEvents.PutEvents',
      {
        Entries: [
          {
            EventBusName: this.options.busName,
            Source: contract.source,
            DetailType: contract.detailType,
            Detail: JSON.stringify(envelope),
            // The JSON protocol sends timestamps as epoch seconds.
            Time: Date.parse(envelope.metadata.occurredAt) / 1000,
          },
        ],
      },
      '1.1',
    );
    if ((result.FailedEntryCount ?? 0) > 0) {
      const failures = (result.Entries ?? [])
        .filter((entry) => entry.ErrorCode)
        .map((entry) => ({ errorCode: entry.ErrorCode, errorMessage: entry.ErrorMessage }));
      throw new PublishError(
        `EventBridge rejected ${contract.source}/${contract.detailType} (${envelope.metadata.id}): ${failures.map((f) => `${f.errorCode}: ${f.errorMessage}`).join('; ')}`,
        failures,
      );
    }
    return envelope;
  }
}
