/**
 * The department editor's form state and its conversion to and from the API's DepartmentInput. Hours are
 * edited per weekday as text ("09:00-12:00, 13:00-17:00"; empty = closed) so split shifts need no extra UI.
 */
import type { components } from '../api/generated/routing.ts';

export type Department = components['schemas']['Department'];
export type DepartmentInput = components['schemas']['DepartmentInput'];
export type Destination = DepartmentInput['destination'];

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];
export const weekdayNames: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

export interface DestinationForm {
  type: '' | Destination['type'];
  value: string;
}

export interface DepartmentForm {
  name: string;
  synonyms: string;
  dtmfKey: string;
  destination: DestinationForm;
  hasHours: boolean;
  timeZone: string;
  days: Record<Weekday, string>;
  holidays: string;
  afterHoursMessage: string;
  afterHoursDestination: DestinationForm;
  overflowDestination: DestinationForm;
  offerSmsAfterSeconds: string;
  expectedWaitSeconds: string;
}

/** Every field the editor shows an error on (issue paths land on the longest of these). */
export const departmentFields = [
  'name',
  'synonyms',
  'dtmfKey',
  'destination',
  'businessHours',
  'businessHours.timeZone',
  ...weekdays.map((day) => `businessHours.weekly.${day}`),
  'businessHours.holidays',
  'afterHoursMessage',
  'afterHoursDestination',
  'overflowDestination',
  'smsDeflection',
  'expectedWaitSeconds',
] as const;

const noDestination: DestinationForm = { type: '', value: '' };

function destinationForm(destination: Destination | undefined): DestinationForm {
  if (!destination) return { ...noDestination };
  if (destination.type === 'voiceConnector') return { type: 'voiceConnector', value: destination.extension };
  if (destination.type === 'pstn') return { type: 'pstn', value: destination.number };
  return { type: 'operator', value: '' };
}

function destinationInput(form: DestinationForm): Destination | undefined {
  if (form.type === 'voiceConnector') return { type: 'voiceConnector', extension: form.value.trim() };
  if (form.type === 'pstn') return { type: 'pstn', number: form.value.replace(/[\s()-]/g, '') };
  if (form.type === 'operator') return { type: 'operator' };
  return undefined;
}

export function describeDestination(destination: Destination | undefined): string {
  if (!destination) return '—';
  if (destination.type === 'voiceConnector') return `Extension ${destination.extension}`;
  if (destination.type === 'pstn') return `Phone ${destination.number}`;
  return 'Operator department';
}

export function emptyDepartmentForm(): DepartmentForm {
  return {
    name: '',
    synonyms: '',
    dtmfKey: '',
    destination: { type: 'voiceConnector', value: '' },
    hasHours: false,
    timeZone: 'America/New_York',
    days: { mon: '09:00-17:00', tue: '09:00-17:00', wed: '09:00-17:00', thu: '09:00-17:00', fri: '09:00-17:00', sat: '', sun: '' },
    holidays: '',
    afterHoursMessage: '',
    afterHoursDestination: { ...noDestination },
    overflowDestination: { ...noDestination },
    offerSmsAfterSeconds: '',
    expectedWaitSeconds: '',
  };
}

export function departmentToForm(department: Department): DepartmentForm {
  const hours = department.businessHours;
  const empty = emptyDepartmentForm();
  return {
    name: department.name,
    synonyms: department.synonyms.join(', '),
    dtmfKey: department.dtmfKey ?? '',
    destination: destinationForm(department.destination),
    hasHours: !!hours,
    timeZone: hours?.timeZone ?? empty.timeZone,
    days: hours
      ? (Object.fromEntries(weekdays.map((day) => [day, hours.weekly[day].map((i) => `${i.open}-${i.close}`).join(', ')])) as Record<Weekday, string>)
      : empty.days,
    holidays: (hours?.holidays ?? []).join('\n'),
    afterHoursMessage: department.afterHoursMessage ?? '',
    afterHoursDestination: destinationForm(department.afterHoursDestination),
    overflowDestination: destinationForm(department.overflowDestination),
    offerSmsAfterSeconds: department.smsDeflection ? String(department.smsDeflection.offerWhenWaitExceedsSeconds) : '',
    expectedWaitSeconds: department.expectedWaitSeconds === undefined ? '' : String(department.expectedWaitSeconds),
  };
}

/** "09:00-12:00, 13:00-17:00" → intervals; what cannot be read is returned as an error for that day. */
export function parseIntervals(text: string): { open: string; close: string }[] | { error: string } {
  const parts = text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  const intervals = [];
  for (const part of parts) {
    const match = /^(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})$/.exec(part);
    if (!match) return { error: `"${part}" is not a time range like 09:00-17:00` };
    const pad = (t: string) => t.padStart(5, '0');
    intervals.push({ open: pad(match[1]!), close: pad(match[2]!) });
  }
  return intervals;
}

const integer = (text: string) => (text.trim() === '' ? undefined : Number(text.trim()));

/**
 * Form → request body. Client-side errors are only those the API could not name (unreadable hours text);
 * everything else goes to the API, whose 422 issues land on the same fields.
 */
export function formToInput(form: DepartmentForm): { input: DepartmentInput; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  let businessHours: DepartmentInput['businessHours'];
  if (form.hasHours) {
    const weekly = {} as NonNullable<DepartmentInput['businessHours']>['weekly'];
    for (const day of weekdays) {
      const parsed = parseIntervals(form.days[day]);
      if ('error' in parsed) errors[`businessHours.weekly.${day}`] = parsed.error;
      else weekly[day] = parsed;
    }
    businessHours = {
      timeZone: form.timeZone.trim(),
      weekly,
      holidays: form.holidays
        .split(/[\s,]+/)
        .map((d) => d.trim())
        .filter(Boolean),
    };
  }
  const offer = integer(form.offerSmsAfterSeconds);
  const wait = integer(form.expectedWaitSeconds);
  const input: DepartmentInput = {
    name: form.name.trim(),
    synonyms: form.synonyms
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
    ...(form.dtmfKey ? { dtmfKey: form.dtmfKey } : {}),
    destination: destinationInput(form.destination) as Destination,
    ...(businessHours ? { businessHours } : {}),
    ...(form.afterHoursMessage.trim() ? { afterHoursMessage: form.afterHoursMessage.trim() } : {}),
    ...(destinationInput(form.afterHoursDestination) ? { afterHoursDestination: destinationInput(form.afterHoursDestination) } : {}),
    ...(destinationInput(form.overflowDestination) ? { overflowDestination: destinationInput(form.overflowDestination) } : {}),
    ...(offer !== undefined ? { smsDeflection: { offerWhenWaitExceedsSeconds: offer } } : {}),
    ...(wait !== undefined ? { expectedWaitSeconds: wait } : {}),
  };
  return { input, errors };
}

/** "Mon–Fri 09:00-17:00 (America/New_York)" style summary for the table. */
export function describeHours(department: Department): string {
  const hours = department.businessHours;
  if (!hours) return 'Always open';
  const open = weekdays.filter((day) => hours.weekly[day].length > 0);
  if (open.length === 0) return `Closed every day (${hours.timeZone})`;
  return `${open.map((day) => day[0]!.toUpperCase() + day.slice(1)).join(', ')} (${hours.timeZone})`;
}

/** The department callers reach when the bot gives up and that `operator` destinations point at. */
export const FALLBACK_DEPARTMENT = 'operator';
