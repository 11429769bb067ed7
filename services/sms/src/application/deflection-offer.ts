/**
 * A caller accepted "text me instead": check the number can be texted (SMS-capable, allowed destination, within the
 * spend limits, not opted out), open the conversation and text the opt-in offer. A request that cannot be carried
 * out is reported once as SmsDeflectionFailed — routing records it on the caller's call log — under an event id
 * derived from the request, so a redelivered request never reports twice.
 */
import * as z from '@switchboard/shared/zod-mini';
import { e164 } from '@switchboard/shared/contracts';
import { isOpen, newConversation, touch, type Conversation, type ConversationContext } from '../domain/conversation.ts';
import type { DeflectionFailureReason, PhoneNumberValidator, SpendRefusal } from '../domain/ports.ts';
import { errorText, say, Transcript, withConflictRetry, type NarrowContext } from './conversation-kit.ts';
import type { ConversationEnding } from './conversation-ending.ts';

export interface DeflectionRequest {
  phoneNumber: string;
  correlationId: string;
  /** The request's identity (the SmsDeflectionRequested event id, or the API request id): its failure is reported once under it. */
  requestKey: string;
  /** Who asked (`switchboard.routing`, `api:<user>`): spend limits count per requester. */
  requestedBy: string;
  callId?: string;
  department?: string;
  language?: string;
  defaultCountry?: string;
  attributes?: Record<string, string>;
}

export type DeflectionOutcome =
  | { outcome: 'offered'; conversationId: string; phoneNumber: string }
  | { outcome: 'duplicate'; conversationId: string; phoneNumber: string }
  | { outcome: 'already-open'; conversationId: string; phoneNumber: string }
  | { outcome: 'opted-out'; phoneNumber: string }
  | { outcome: 'invalid-number'; reason: string }
  | { outcome: 'refused-destination'; reason: string }
  | { outcome: 'rate-limited'; reason: string; retryAfterSeconds: number; refusal: SpendRefusal }
  | { outcome: 'send-failed'; conversationId: string; phoneNumber: string; reason: string };

const isE164 = (value: string) => z.safeParse(e164, value).success;

export interface OfferContext {
  deps: NarrowContext<
    'guard' | 'optOuts' | 'conversations' | 'metrics' | 'texter' | 'events' | 'failureReports' | 'clock' | 'newId' | 'log'
  >['deps'] & {
    phoneValidator: PhoneNumberValidator;
  };
  options: NarrowContext<never, 'texts' | 'maxOfferAttempts'>['options'];
}

export class DeflectionOffers {
  private readonly transcript: Transcript;

  constructor(
    private readonly context: OfferContext,
    private readonly ending: ConversationEnding,
  ) {
    this.transcript = new Transcript(context);
  }

  async request(request: DeflectionRequest): Promise<DeflectionOutcome> {
    const { deps } = this.context;
    const checked = await deps.phoneValidator.check(request.phoneNumber, request.defaultCountry);
    if (!checked.ok) {
      await this.report(request, request.phoneNumber.trim(), 'not-textable', `${request.phoneNumber.trim()} cannot receive texts: ${checked.reason}`);
      return { outcome: 'invalid-number', reason: checked.reason };
    }
    const phoneNumber = checked.e164;
    if (deps.guard) {
      const verdict = await deps.guard.check({ phoneNumber, requestedBy: request.requestedBy, purpose: 'deflection' });
      if (!verdict.ok) {
        await this.report(request, phoneNumber, verdict.reason, verdict.detail);
        return verdict.reason === 'rate-limited'
          ? { outcome: 'rate-limited', reason: verdict.detail, retryAfterSeconds: verdict.retryAfterSeconds, refusal: verdict.refusal }
          : { outcome: 'refused-destination', reason: verdict.detail };
      }
    }
    if (await deps.optOuts.isOptedOut(phoneNumber)) {
      await this.report(request, phoneNumber, 'opted-out', 'the number opted out of texts (STOP) and has not opted back in');
      return { outcome: 'opted-out', phoneNumber };
    }
    return withConflictRetry(async () => {
      const existing = await deps.conversations.get(phoneNumber);
      if (existing && isOpen(existing)) {
        const sameCall = request.callId !== undefined && existing.context.callId === request.callId;
        if (!sameCall) return { outcome: 'already-open', conversationId: existing.conversationId, phoneNumber };
        // A redelivered request: finish what the first attempt may not have (the offer text).
        if (existing.state === 'offered' && !existing.offerSentAt) {
          const failed = await this.sendOffer(existing, request);
          if (failed) return failed;
        }
        return { outcome: 'duplicate', conversationId: existing.conversationId, phoneNumber };
      }
      if (existing) await deps.conversations.archive(existing);
      const context: ConversationContext = {
        correlationId: request.correlationId,
        attributes: request.attributes ?? {},
        ...(request.callId ? { callId: request.callId } : {}),
        ...(request.department ? { department: request.department } : {}),
        ...(request.language ? { language: request.language } : {}),
      };
      const created = await deps.conversations.create(
        {
          ...newConversation({ conversationId: deps.newId(), phoneNumber, context, now: deps.clock.now() }),
          requestKey: request.requestKey,
          requestedBy: request.requestedBy,
        },
        existing ? existing.version : null,
      );
      await deps.metrics.increment('offered', deps.clock.now());
      const failed = await this.sendOffer(created, request);
      return failed ?? { outcome: 'offered', conversationId: created.conversationId, phoneNumber };
    });
  }

  /**
   * Texts the offer. A failed send counts an attempt on the conversation and propagates (the request is retried);
   * at `maxOfferAttempts` the conversation ends and the failure is reported instead.
   */
  private async sendOffer(conversation: Conversation, request: DeflectionRequest): Promise<DeflectionOutcome | undefined> {
    const { deps, options } = this.context;
    try {
      await say(
        this.context,
        this.transcript,
        { phoneNumber: conversation.phoneNumber, conversation },
        { author: 'service', text: options.texts.offer, messageId: `offer#${conversation.conversationId}` },
      );
    } catch (error) {
      const attempts = (conversation.offerAttempts ?? 0) + 1;
      if (attempts < options.maxOfferAttempts) {
        await deps.conversations.save(touch(conversation, deps.clock.now(), { offerAttempts: attempts }), conversation.version);
        throw error;
      }
      deps.log.error('the opt-in offer could not be texted; the deflection is reported failed', {
        conversationId: conversation.conversationId,
        attempts,
        error: errorText(error),
      });
      const counted = { ...conversation, offerAttempts: attempts };
      await this.ending.end(counted, 'offer-failed', { text: undefined, disconnect: false });
      await this.report(
        request,
        conversation.phoneNumber,
        'send-failed',
        `the offer text could not be sent after ${attempts} attempts (${errorText(error).slice(0, 200)})`,
      );
      return { outcome: 'send-failed', conversationId: conversation.conversationId, phoneNumber: conversation.phoneNumber, reason: errorText(error) };
    }
    await deps.conversations.save(
      touch(conversation, deps.clock.now(), { offerSentAt: deps.clock.now().toISOString(), offerAttempts: (conversation.offerAttempts ?? 0) + 1 }),
      conversation.version,
    );
    return undefined;
  }

  /** Publishes SmsDeflectionFailed once per request (a number that is not even E.164 cannot be named in the event: logged). */
  private async report(request: DeflectionRequest, phoneNumber: string, reason: DeflectionFailureReason, detail: string): Promise<void> {
    const { deps } = this.context;
    if (!isE164(phoneNumber)) {
      deps.log.warn('deflection refused for a number that is not E.164; no SmsDeflectionFailed can name it', {
        reason,
        requestKey: request.requestKey,
      });
      return;
    }
    if (await deps.failureReports.isReported(request.requestKey)) return;
    const now = deps.clock.now();
    await deps.events.deflectionFailed(
      { phoneNumber, reason, detail, failedAt: now.toISOString(), ...(request.callId ? { callId: request.callId } : {}) },
      // The same id for a repeat: consumers deduplicate on it should a crash fall between publishing and marking.
      { correlationId: request.correlationId, id: `sms-deflection-failed:${request.requestKey}` },
    );
    await deps.failureReports.markReported(request.requestKey, now);
  }
}
