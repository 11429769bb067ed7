/**
 * The routing table's one entity: a department a caller can ask for, and where its calls go.
 *
 * Pure data + zod schemas (no AWS SDK, no clock). The same schema validates API input, table items
 * and the seed, so a department that reaches the SMA handler is always routable.
 */
import * as z from '@switchboard/shared/zod-mini';
import { e164Pattern } from '@switchboard/shared/phone-guard';
import { isKnownTimeZone, WEEKDAYS, type Weekday } from '@switchboard/shared/time';

// zod/mini, not classic zod: this module is on the SIP media application's cold start, which a caller
// hears as silence. Mini schemas carry no per-instance method table, so they build and first-parse in
// about half the time, and classic zod (100 KB) stays out of that bundle. The API documents these
// schemas with `openApiSchema` from the HTTP kit.

/** Chime `CallAndBridge` to a PSTN number needs E.164 (`+` then 7–15 digits, no leading 0). */
export const e164NumberSchema = z.string().check(z.regex(e164Pattern, 'must be an E.164 phone number such as +15555550100'));

/**
 * The Uri sent to the Voice Connector becomes the user part of the SIP Request-URI
 * (`INVITE sip:600300@asterisk`), so keep it to dial-plan digits.
 */
export const extensionSchema = z.string().check(z.regex(/^\d{2,15}$/, 'must be 2 to 15 digits (a PBX extension such as 600300)'));

/** Department names are keys: lowercase words, so "History" and "history " are the same department. */
export const departmentNameSchema = z
  .string()
  .check(
    z.trim(),
    z.toLowerCase(),
    z.minLength(1),
    z.maxLength(40),
    z.regex(/^[a-z][a-z0-9 -]*$/, 'must start with a letter and contain only letters, digits, spaces and dashes'),
  );

/** A key on the telephone keypad. `0` is the conventional operator key. */
export const dtmfKeySchema = z.string().check(z.regex(/^[0-9*#]$/, 'must be one keypad key: 0-9, * or #'));

/** The department name the operator entry uses; `{ type: 'operator' }` destinations resolve to it. */
export const OPERATOR_DEPARTMENT = 'operator';

export const destinationSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('voiceConnector'), extension: extensionSchema }),
  z.object({ type: z.literal('pstn'), number: e164NumberSchema }),
  z.object({ type: z.literal('operator') }),
]);
export type Destination = z.infer<typeof destinationSchema>;

// Business hours are built on first use (`z.lazy`, like the Chime action schemas): most routing tables have
// none (the seed has none), and the SIP media application's cold start should not build seven weekday
// schedules it may never parse (≈ 1.5 ms there). They validate exactly as if built eagerly.

/** `HH:MM`, 24-hour, local to the department's time zone. `24:00` closes at midnight. */
const clockTime = () => z.string().check(z.regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be HH:MM (24-hour), e.g. 09:00 or 17:30'));

const openingInterval = () =>
  z
    .object({ open: clockTime(), close: clockTime() })
    .check(z.refine((i) => i.open !== i.close, { message: 'open and close must differ (use 00:00–24:00 for all day)' }));
export type OpeningInterval = z.infer<ReturnType<typeof openingInterval>>;

export { WEEKDAYS, type Weekday };

/** Each weekday's opening intervals; a day left out is closed. */
const weeklySchedule = () => {
  const intervals = openingInterval();
  const day = () => z._default(z.array(intervals).check(z.maxLength(6)), () => []);
  return z.strictObject(Object.fromEntries(WEEKDAYS.map((d) => [d, day()])) as Record<Weekday, ReturnType<typeof day>>);
};
export type WeeklySchedule = z.infer<ReturnType<typeof weeklySchedule>>;

/**
 * Only real IANA names (`Europe/Paris`, `America/New_York`, `UTC`): the offset forms Intl may accept
 * (`+01:00`) have no DST rules, which is exactly what business hours need.
 */
const ianaTimeZone = () =>
  z
    .string()
    .check(
      z.regex(/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/, 'must be an IANA time zone such as Europe/Paris'),
      z.refine(isKnownTimeZone, { message: 'is not a time zone known to the IANA database' }),
    );

export { isKnownTimeZone };

/** A holiday is a calendar date in the department's own zone: the whole local day is closed. */
const localDate = () => z.string().check(z.regex(/^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/, 'must be a date YYYY-MM-DD'));

export const businessHoursSchema = z.lazy(() =>
  z.object({
    timeZone: ianaTimeZone(),
    weekly: weeklySchedule(),
    holidays: z._default(z.array(localDate()).check(z.maxLength(400)), () => []),
  }),
);
export type BusinessHours = z.infer<typeof businessHoursSchema>;

/** Whole seconds up to a day: a wait, or the wait above which to offer SMS. */
const waitSecondsSchema = () => z.int().check(z.minimum(0), z.maximum(86_400));

export const smsDeflectionSchema = z.object({
  /** Offer "press 2 to continue by text" when the expected wait is longer than this. */
  offerWhenWaitExceedsSeconds: waitSecondsSchema(),
});

/** The fields a client sends (create / full update). */
const departmentFields = {
  name: departmentNameSchema,
  /** Spoken alternatives ("maths", "arithmetic"): Lex resolves them to `name`, the lookup does too. */
  synonyms: z._default(z.array(departmentNameSchema).check(z.maxLength(20)), () => []),
  dtmfKey: z.optional(dtmfKeySchema),
  destination: destinationSchema,
  /** Absent: always open. */
  businessHours: z.optional(businessHoursSchema),
  afterHoursMessage: z.optional(z.string().check(z.minLength(1), z.maxLength(500))),
  /** Where calls go while closed. Absent: the caller hears the after-hours message and the call ends. */
  afterHoursDestination: z.optional(destinationSchema),
  /** Tried when the destination is busy or does not answer, before the operator. */
  overflowDestination: z.optional(destinationSchema),
  smsDeflection: z.optional(smsDeflectionSchema),
  /** Current expected wait, reported by the PBX or a workforce tool through the API. */
  expectedWaitSeconds: z.optional(waitSecondsSchema()),
};

type DepartmentFields = z.output<z.ZodMiniObject<typeof departmentFields>>;

function checkDepartment(d: DepartmentFields, ctx: z.core.$RefinementCtx<DepartmentFields>): void {
  if (new Set(d.synonyms).size !== d.synonyms.length) {
    ctx.addIssue({ code: 'custom', path: ['synonyms'], message: 'contains the same synonym twice' });
  }
  if (d.synonyms.includes(d.name)) {
    ctx.addIssue({ code: 'custom', path: ['synonyms'], message: 'must not repeat the department name' });
  }
  if (d.name === OPERATOR_DEPARTMENT && d.destination.type === 'operator') {
    ctx.addIssue({ code: 'custom', path: ['destination'], message: 'the operator cannot route to itself' });
  }
}

export const departmentInputSchema = z.object(departmentFields).check(z.superRefine(checkDepartment));
export type DepartmentInput = z.input<typeof departmentInputSchema>;

export const departmentSchema = z.object({ ...departmentFields, updatedAt: z.iso.datetime() }).check(z.superRefine(checkDepartment));
export type Department = z.infer<typeof departmentSchema>;

/**
 * Orders departments by name. Names are lowercase ASCII keys (see `departmentNameSchema`), so code-unit
 * order is exact, and it is the same on every runtime: no locale, and no ICU collator to load on the
 * SMA Lambda's cold start (the first `localeCompare` costs ~6 ms there, heard by the caller).
 */
export function byDepartmentName(a: Pick<DepartmentInput, 'name'>, b: Pick<DepartmentInput, 'name'>): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** Two departments claim the same spoken word or key: Lex and the lookup could not tell them apart. */
export interface DirectoryConflict {
  field: 'name' | 'synonyms' | 'dtmfKey';
  value: string;
  takenBy: string;
}

/**
 * Checks a candidate against the rest of the directory. Every name and synonym lives in one namespace
 * (a caller saying "maths" must mean exactly one department), and so do DTMF keys.
 */
export function findDirectoryConflicts(
  candidate: Pick<Department, 'name' | 'synonyms' | 'dtmfKey'>,
  others: readonly Pick<Department, 'name' | 'synonyms' | 'dtmfKey'>[],
): DirectoryConflict[] {
  const conflicts: DirectoryConflict[] = [];
  const words = new Map<string, string>();
  const keys = new Map<string, string>();
  for (const other of others) {
    if (other.name === candidate.name) continue; // the candidate replaces its own earlier version
    words.set(other.name, other.name);
    for (const s of other.synonyms) words.set(s, other.name);
    if (other.dtmfKey !== undefined) keys.set(other.dtmfKey, other.name);
  }
  const nameOwner = words.get(candidate.name);
  if (nameOwner !== undefined) conflicts.push({ field: 'name', value: candidate.name, takenBy: nameOwner });
  for (const s of candidate.synonyms) {
    const owner = words.get(s);
    if (owner !== undefined) conflicts.push({ field: 'synonyms', value: s, takenBy: owner });
  }
  if (candidate.dtmfKey !== undefined) {
    const owner = keys.get(candidate.dtmfKey);
    if (owner !== undefined) conflicts.push({ field: 'dtmfKey', value: candidate.dtmfKey, takenBy: owner });
  }
  return conflicts;
}
