import * as z from '../../zod-mini/index.ts';
import { defineEvent } from '../define-event.ts';
import { e164, stringAttributes } from '../common.ts';

/** The question types of a call job (the seed's spelling, as in the workbooks). */
export const calloutQuestionTypes = ['OK', 'Yes/No', 'Multiple Choice', 'Number', 'Date', 'Time'] as const;

/** How urgent a callout is: "urgent" is for operator escalations (iot-triage), "normal" for everything else. */
export const calloutPriorities = ['normal', 'urgent'] as const;

/**
 * A request to the callouts service: call these receivers and ask these questions. iot-triage sends one (purpose
 * "operational") to reach a site operator; any system may send one to start a campaign without Excel.
 * Re-sending the same requestId does not call anyone twice.
 * 1.1 added `priority` (optional, default "normal"): "urgent" receivers are exempt from the campaign attempt limits
 * (calls per number per 24 h) — an operator escalation must not be silently skipped. Do-not-call still applies.
 */
export const CalloutRequested = defineEvent({
  source: 'switchboard.callouts',
  detailType: 'CalloutRequested',
  version: '1.1',
  schema: () =>
    z.object({
      /** Idempotency key; becomes the job id. */
      requestId: z.string().check(z.regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'letters, digits and _ . : - only, at most 128')),
      /** survey/notification: calling windows apply; operational: urgent, windows bypassed (do-not-call still applies). */
      purpose: z.enum(['survey', 'notification', 'operational']),
      requestedBy: z.string().check(z.minLength(1)),
      /** Liquid templates ({{ variable }}) rendered per receiver, escaped for SSML. */
      greeting: z.string().check(z.minLength(1)),
      ending: z.string().check(z.minLength(1)),
      questions: z
        .array(z.object({ type: z.enum(calloutQuestionTypes), template: z.string().check(z.minLength(1)) }))
        .check(z.minLength(1), z.maxLength(20)),
      receivers: z
        .array(
          z.object({
            receiverId: z.string().check(z.minLength(1)),
            phoneNumber: e164,
            /** IANA zone for the calling window; derived from the number when absent. */
            timeZone: z.optional(z.string()),
            /** Template variables and extra report columns. */
            attributes: z.optional(stringAttributes),
          }),
        )
        .check(z.minLength(1), z.maxLength(50_000)),
      /** Returned untouched in CalloutCompleted, so the requester can match the result (e.g. an incident id). */
      callbackContext: z.optional(stringAttributes),
      onInvalidRows: z.optional(z.enum(['reject', 'skip'])),
      /** 1.1: "urgent" skips the per-number attempt limits (not do-not-call, not the toll-fraud guard). */
      priority: z.optional(z.enum(calloutPriorities)),
    }),
});
