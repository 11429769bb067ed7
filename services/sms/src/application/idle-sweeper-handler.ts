/**
 * Scheduled (EventBridge Scheduler, every minute): ends idle conversations and expired offers, redrives mailboxes
 * whose messages keep failing, and promotes a freshly built FAQ bot version.
 */
import type { FaqBotPublisher, Log } from '../domain/ports.ts';
import type { SmsDeflection } from './sms-deflection.ts';

export function createIdleSweeperHandler(parts: () => { deflection: SmsDeflection; publisher: FaqBotPublisher }, log: Log) {
  return async () => {
    const { deflection, publisher } = parts();
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
