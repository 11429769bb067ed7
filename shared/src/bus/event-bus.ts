import type * as z from 'zod';
import type { EnvelopeOptions, EventContract, EventEnvelope } from '../contracts/define-event.ts';

/** The port every service publishes through: EventBridge in AWS, the in-process bus on the local stage. */
export interface EventBus {
  /** Validates `data` against the contract, wraps it in metadata and puts it on the bus. Throws when it is not accepted. */
  publish<S extends z.core.$ZodType>(contract: EventContract<S>, data: z.input<S>, options: EnvelopeOptions): Promise<EventEnvelope<z.output<S>>>;
}

/** The shape EventBridge delivers to a rule target (and the local bus delivers to a subscriber). */
export interface BusEvent<TDetail = unknown> {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: TDetail;
}

export class PublishError extends Error {
  override readonly name = 'PublishError';
  constructor(
    message: string,
    readonly failures: ReadonlyArray<{ errorCode?: string; errorMessage?: string }>,
  ) {
    super(message);
  }
}

/** Free-function form: `publish(bus, CallRouted, data, { correlationId })`. */
export function publish<S extends z.core.$ZodType>(
  bus: EventBus,
  contract: EventContract<S>,
  data: z.input<S>,
  options: EnvelopeOptions,
): Promise<EventEnvelope<z.output<S>>> {
  return bus.publish(contract, data, options);
}
