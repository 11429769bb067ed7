/**
 * The forward of one number: where its calls go, in which order, when, and what the caller hears when nobody
 * answers. Pure data and the rules on it; storage lives behind the ForwardStore port.
 */
import * as z from 'zod';
import { e164Pattern } from '@switchboard/shared/phone';
import { isValidTimeZone } from './schedule.ts';

/** E.164 shape only (the kit's one pattern); whether a destination is *allowed* is the toll-fraud guard's job (it names the rule). */
export { e164Pattern };
export const e164String = z.string().regex(e164Pattern, 'must be an E.164 phone number such as +14155550100');

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

const clockTime = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'must be HH:MM (24-hour)');

/** One opening window, e.g. Mon–Fri 09:00–17:00. An end before the start runs past midnight (22:00–06:00). */
export const hoursWindowSchema = z
  .object({
    days: z.array(z.enum(weekdays)).min(1).max(7),
    start: clockTime,
    end: clockTime,
  })
  .refine((w) => w.start !== w.end, { message: 'start and end must differ', path: ['end'] });
export type HoursWindow = z.infer<typeof hoursWindowSchema>;

export const scheduleSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('always') }),
  z.object({
    /** `business-hours`: forward only inside the windows; `outside-business-hours`: only outside them. */
    mode: z.enum(['business-hours', 'outside-business-hours']),
    /** IANA zone the windows are written in; DST is the zone's business, not the user's. */
    timeZone: z.string().refine(isValidTimeZone, 'must be an IANA time zone such as Europe/Berlin'),
    hours: z.array(hoursWindowSchema).min(1).max(14),
  }),
]);
export type Schedule = z.infer<typeof scheduleSchema>;

/** Chime's CallAndBridge accepts 1–120 s; below 10 s a mobile phone barely rings once. */
export const destinationSchema = z.object({
  number: z.string().min(1).max(32),
  ringTimeoutSeconds: z.number().int().min(10).max(120).default(25),
});
export type Destination = z.infer<typeof destinationSchema>;

/**
 * What a user sends to set a forward. The destination count is capped by the guard (so the 422 names the rule);
 * the schema cap only stops absurd payloads.
 */
export const forwardSettingsSchema = z.object({
  destinations: z.array(destinationSchema).min(1).max(20),
  /** `original-caller`: the destination sees who is really calling; `forwarded-number`: it sees the forwarded number. */
  callerId: z.enum(['original-caller', 'forwarded-number']).default('original-caller'),
  schedule: scheduleSchema.default({ mode: 'always' }),
  /**
   * After the last destination fails the caller hears this text (Polly, via Speak); without it, the recorded
   * "we were unable to connect your call" prompt. Capped so it fits the call's transaction attributes.
   */
  noAnswerMessage: z.string().trim().min(1).max(250).optional(),
  /**
   * Screening asks the person who answers to press 1. A mobile voicemail cannot, so the call moves on to the
   * next destination instead of being swallowed by a mailbox.
   */
  screening: z.boolean().default(false),
  enabled: z.boolean().default(true),
});
export type ForwardSettingsInput = z.input<typeof forwardSettingsSchema>;
export type ForwardSettings = z.output<typeof forwardSettingsSchema>;

export interface Forward extends ForwardSettings {
  phoneNumber: string;
  /** Cognito subject of the user the number is assigned to (admins may set forwards on anyone's number). */
  owner: string;
  /** Grows by one on every change; writes are conditional on it, so two racing writers cannot both win. */
  revision: number;
  updatedAt: string;
  updatedBy: string;
}

/** Two settings are the same forward when everything a caller would notice is equal. */
export function sameSettings(a: ForwardSettings, b: ForwardSettings): boolean {
  return canonicalJson(settingsOf(a)) === canonicalJson(settingsOf(b));
}

export function settingsOf(forward: ForwardSettings): ForwardSettings {
  const settings: ForwardSettings = {
    destinations: forward.destinations.map((d) => ({ number: d.number, ringTimeoutSeconds: d.ringTimeoutSeconds })),
    callerId: forward.callerId,
    schedule: forward.schedule,
    screening: forward.screening,
    enabled: forward.enabled,
  };
  if (forward.noAnswerMessage !== undefined) settings.noAnswerMessage = forward.noAnswerMessage;
  return settings;
}

/** JSON with sorted keys: a stable fingerprint for comparisons and idempotency keys. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
