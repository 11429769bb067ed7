/**
 * Everything the service texts goes through here: the opt-out list is checked before every send (an opted-out
 * number is never texted again, except the single opt-out confirmation), long texts are split into messages
 * that respect GSM-7/UCS-2 segment limits, and sends are paced by a segment-per-second rate limit (the
 * origination identity's MPS in End User Messaging).
 */
import type { OptOutRepository, SendRateLimiter, SmsProvider } from '../domain/ports.ts';
import { analyzeText, splitIntoMessages, type SplitOptions } from '../domain/segmentation.ts';

export interface TextResult {
  /** Provider messages sent (a long text becomes several). */
  messages: number;
  segments: number;
  /** True when nothing was sent because the number opted out. */
  suppressed: boolean;
  providerMessageIds: string[];
}

export class CustomerTexter {
  constructor(
    private readonly deps: {
      provider: SmsProvider;
      optOuts: OptOutRepository;
      limiter?: SendRateLimiter;
      split?: SplitOptions;
      /** Origination identity (phone number, pool or sender id); the provider default when omitted. */
      from?: string;
    },
  ) {}

  async text(to: string, body: string, options: { evenIfOptedOut?: boolean } = {}): Promise<TextResult> {
    if (!options.evenIfOptedOut && (await this.deps.optOuts.isOptedOut(to))) {
      return { messages: 0, segments: 0, suppressed: true, providerMessageIds: [] };
    }
    const parts = splitIntoMessages(body, this.deps.split);
    const ids: string[] = [];
    let segments = 0;
    for (const part of parts) {
      const analysis = analyzeText(part);
      await this.deps.limiter?.take(analysis.segments);
      const { messageId } = await this.deps.provider.send({ to, body: part, ...(this.deps.from ? { from: this.deps.from } : {}) });
      ids.push(messageId);
      segments += analysis.segments;
    }
    return { messages: parts.length, segments, suppressed: false, providerMessageIds: ids };
  }
}
