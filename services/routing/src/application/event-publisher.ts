/**
 * Maps the domain's published events onto their contracts and the bus. The state machine names events
 * by detail type; only this file knows the contract objects, so publishing always validates.
 */
import type { EventBus } from '@switchboard/shared/bus';
import { CallRouted, CallRoutingFailed, SmsDeflectionRequested } from '@switchboard/shared/contracts';
import type { PublishedEvent } from '../domain/call-routing.ts';

export async function publishRoutingEvent(bus: EventBus, event: PublishedEvent, correlationId: string): Promise<void> {
  switch (event.detailType) {
    case 'CallRouted':
      await bus.publish(CallRouted, event.data, { correlationId });
      return;
    case 'CallRoutingFailed':
      await bus.publish(CallRoutingFailed, event.data, { correlationId });
      return;
    case 'SmsDeflectionRequested':
      await bus.publish(SmsDeflectionRequested, event.data, { correlationId });
      return;
  }
}
