/**
 * Scheduled (EventBridge Scheduler, every minute): ends idle conversations and expired offers, redrives
 * mailboxes whose messages keep failing, and promotes a freshly built FAQ bot version.
 */
import { logFrom, type SmsService } from '../wiring.ts';
import type { Log } from '../domain/ports.ts';
import { awsRuntime, logger } from '../aws-runtime.ts';

export function createIdleSweeperHandler(service: () => SmsService, log: Pick<Log, 'info'> = logFrom(logger)) {
  return async () => {
    const { deflection, publisher } = service();
    const swept = await deflection.sweep();
    const bot = await publisher.promoteWhenBuilt();
    log.info('sweep', { ...swept, bot });
    if (swept.failures > 0) {
      // Fail the invocation so the error metric and alarm see it; what succeeded is already done.
      throw new Error(`sweep: ${swept.failures} conversation(s) or mailbox(es) still failing`);
    }
    return { ...swept, bot };
  };
}

export const handler = createIdleSweeperHandler(() => awsRuntime().service);
