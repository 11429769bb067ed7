import * as z from 'zod';
import { type SessionDeps, reportDisconnected } from '../domain/call-session.ts';

/**
 * Amazon Connect contact events on EventBridge (source `aws.connect`, detail-type "Amazon Connect Contact
 * Event"). The DISCONNECTED event ends an attempt that the flow did not end itself: the callee hung up
 * (answers so far are kept — PartiallyCompleted), never answered, or the line was busy.
 */
export const connectContactEventPattern = Object.freeze({
  source: ['aws.connect'] as [string],
  'detail-type': ['Amazon Connect Contact Event'] as [string],
  detail: { eventType: ['DISCONNECTED'], initiationMethod: ['API'] },
});

export const connectContactEventSchema = z.looseObject({
  source: z.literal('aws.connect'),
  'detail-type': z.literal('Amazon Connect Contact Event'),
  detail: z.looseObject({
    eventType: z.string(),
    contactId: z.string().min(1),
    channel: z.string().optional(),
    instanceArn: z.string().optional(),
    initiationMethod: z.string().optional(),
    disconnectReason: z.string().optional(),
  }),
});
export type ConnectContactEvent = z.infer<typeof connectContactEventSchema>;

/** Async handler: errors propagate so EventBridge retries and then dead-letters the event. */
export function createContactEventHandler(deps: Pick<SessionDeps, 'results' | 'callbacks'>) {
  return async (input: unknown): Promise<{ reported: boolean; outcome?: string }> => {
    const event = connectContactEventSchema.parse(input);
    if (event.detail.eventType !== 'DISCONNECTED') return { reported: false };
    return reportDisconnected(deps, {
      contactId: event.detail.contactId,
      ...(event.detail.disconnectReason ? { disconnectReason: event.detail.disconnectReason } : {}),
    });
  };
}
