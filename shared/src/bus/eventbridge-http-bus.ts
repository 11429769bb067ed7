/**
 * EventBridge `PutEvents` over the kit's signed JSON client (`@switchboard/shared/aws-http`), for the handlers a caller
 * waits on (the SIP media applications): no SDK client in their bundle. Same contract as `EventBridgeBus`: validated
 * and enveloped by the event contract, one entry per event, and a rejected entry (`FailedEntryCount > 0`) is an error,
 * never a silent drop. `timeoutMs` bounds each publish unless the caller passes its own signal.
 */
import { PublishError, type EventBus } from './event-bus.ts';
import type { EnvelopeOptions, EventContract, EventEnvelope } from '../contracts/define-event.ts';
import type { JsonServiceClient } from '../aws-http/index.ts';
import type * as z from 'zod';

export class HttpEventBridgeBus implements EventBus {
  constructor(private readonly options: { client: JsonServiceClient; busName: string; timeoutMs?: number }) {}

  async publish<S extends z.core.$ZodType>(
    contract: EventContract<S>,
    data: z.input<S>,
    options: EnvelopeOptions & { signal?: AbortSignal },
  ): Promise<EventEnvelope<z.output<S>>> {
    const envelope = contract.envelope(data, options);
    const signal = options.signal ?? (this.options.timeoutMs === undefined ? undefined : AbortSignal.timeout(this.options.timeoutMs));
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
      signal,
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
