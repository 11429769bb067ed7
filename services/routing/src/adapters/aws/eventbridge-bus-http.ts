/**
 * EventBridge `PutEvents` for the SMA hot path over the signed JSON client (no SDK). Same contract as
 * the kit's EventBridgeBus: validate and envelope through the contract, one entry per event, and a
 * rejected entry (`FailedEntryCount > 0`) is an error, never a silent drop.
 */
import type { EventBus } from '@switchboard/shared/bus';
import { PublishError } from '@switchboard/shared/bus';
import type { EnvelopeOptions, EventContract, EventEnvelope } from '@switchboard/shared/contracts';
import type * as z from 'zod';
import type { JsonServiceClient } from '@switchboard/shared/aws-http';

export class HttpEventBridgeBus implements EventBus {
  constructor(private readonly options: { client: JsonServiceClient; busName: string }) {}

  async publish<S extends z.core.$ZodType>(
    contract: EventContract<S>,
    data: z.input<S>,
    options: EnvelopeOptions & { signal?: AbortSignal },
  ): Promise<EventEnvelope<z.output<S>>> {
    const envelope = contract.envelope(data, options);
    const result = await this.options.client.post<{ FailedEntryCount?: number; Entries?: { ErrorCode?: string; ErrorMessage?: string }[] }>(
      '/',
      {
        Entries: [
          {
            EventBusName: this.options.busName,
            Source: contract.source,
            DetailType: contract.detailType,
            Detail: JSON.stringify(envelope),
            Time: Math.floor(new Date(envelope.metadata.occurredAt).getTime() / 1000),
          },
        ],
      },
      { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSEvents.PutEvents' },
      options.signal,
    );
    if ((result.FailedEntryCount ?? 0) > 0) {
      const failures = (result.Entries ?? []).filter((e) => e.ErrorCode).map((e) => ({ errorCode: e.ErrorCode, errorMessage: e.ErrorMessage }));
      throw new PublishError(
        `EventBridge rejected ${contract.source}/${contract.detailType} (${envelope.metadata.id}): ${failures.map((f) => `${f.errorCode}: ${f.errorMessage}`).join('; ')}`,
        failures,
      );
    }
    return envelope;
  }
}
