import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type * as z from 'zod';
import type { EnvelopeOptions, EventContract, EventEnvelope } from '../contracts/define-event.ts';
import { PublishError, type EventBus } from './event-bus.ts';

export interface EventBridgeBusOptions {
  /** The stage's bus name (`switchboard-<stage>`), from the function's environment. */
  busName: string;
  client?: EventBridgeClient;
  /** Abort a PutEvents that takes longer than this; telephony handlers pass a small budget. @default 2000 */
  timeoutMs?: number;
}

/** EventBridge adapter: one PutEvents entry per event; a rejected entry is an error, never silently dropped. */
export class EventBridgeBus implements EventBus {
  private readonly client: EventBridgeClient;
  constructor(private readonly options: EventBridgeBusOptions) {
    this.client = options.client ?? new EventBridgeClient({});
  }

  async publish<S extends z.core.$ZodType>(
    contract: EventContract<S>,
    data: z.input<S>,
    options: EnvelopeOptions,
  ): Promise<EventEnvelope<z.output<S>>> {
    const envelope = contract.envelope(data, options);
    const result = await this.client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: this.options.busName,
            Source: contract.source,
            DetailType: contract.detailType,
            Detail: JSON.stringify(envelope),
            Time: new Date(envelope.metadata.occurredAt),
          },
        ],
      }),
      { abortSignal: AbortSignal.timeout(this.options.timeoutMs ?? 2000) },
    );
    if ((result.FailedEntryCount ?? 0) > 0) {
      const failures = (result.Entries ?? [])
        .filter((entry) => entry.ErrorCode)
        .map((entry) => ({ errorCode: entry.ErrorCode, errorMessage: entry.ErrorMessage }));
      throw new PublishError(
        `EventBridge rejected ${contract.source}/${contract.detailType} (${envelope.metadata.id}): ` +
          failures.map((f) => `${f.errorCode}: ${f.errorMessage}`).join('; '),
        failures,
      );
    }
    return envelope;
  }
}
