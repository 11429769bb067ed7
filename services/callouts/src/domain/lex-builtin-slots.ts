/**
 * How Lex V2's built-in slot types resolve what a caller says (en-US), for the local Lex stand-in — so an answer
 * means the same on the local stage as on AWS. Pure: "today" is passed in. Rules, from the Lex V2 developer guide:
 *
 * - AMAZON.Date → ISO-8601 date. A specific day ("today", "now", "tomorrow", "Friday", "December 24th") resolves
 *   to a date on or after today. A future week ("next week") → the last day (Sunday) of the current week; the
 *   current or a past week → its first day (Monday). A future month → its last day, the current or a past month →
 *   its first day; a future year → its last day, the current or a past year → its first day.
 * - AMAZON.Time → `HH:MM` (24 h). An ambiguous time ("half past nine", "ten o'clock") has no interpreted value
 *   and two resolved values (`09:30`, `21:30`); "morning", "afternoon", "evening", "night" → MO, AF, EV, NI.
 * - AMAZON.Number → the number as digits ("twelve" → 12, "minus five" → -5).
 */
export type SlotResolution = { readonly interpretedValue: string | null; readonly resolvedValues: readonly string[] };
export type BuiltInSlotType = 'AMAZON.Date' | 'AMAZON.Time' | 'AMAZON.Number';

export function resolveBuiltInSlot(type: BuiltInSlotType, utterance: string, today: string): SlotResolution | undefined {
  const text = utterance
    .trim()
    .toLowerCase()
    .replace(/[.!?,]+$/g, '')
    .replace(/\s+/g, ' ');
  if (text === '') return undefined;
  const value = type === 'AMAZON.Date' ? resolveDate(text, today) : type === 'AMAZON.Time' ? undefined : resolveNumber(text);
  if (type === 'AMAZON.Time') return resolveTime(text);
  return value === undefined ? undefined : { interpretedValue: value, resolvedValues: [value] };
}

const units: Record<string, number> = {
  zero: 0,
  oh: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const tens: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };
const ordinals: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
  eleventh: 11,
  twelfth: 12,
  thirteenth: 13,
  fourteenth: 14,
  fifteenth: 15,
  sixteenth: 16,
  seventeenth: 17,
  eighteenth: 18,
  nineteenth: 19,
  twentieth: 20,
  thirtieth: 30,
};

/** "twelve", "one hundred and five", "twenty-one", "minus five", "3", "2.5", "a thousand". */
export function resolveNumber(text: string): string | undefined {
  if (/^-?\d+(\.\d+)?$/.test(text)) return String(Number(text));
  const words = text
    .replace(/-/g, ' ')
    .split(' ')
    .filter((w) => w !== 'and');
  let sign = 1;
  if (words[0] === 'minus' || words[0] === 'negative') {
    sign = -1;
    words.shift();
  }
  if (words.length === 0) return undefined;
  let total = 0;
  let current = 0;
  for (const [i, word] of words.entries()) {
    if (word === 'a' && i === 0) current = 1;
    else if (Object.hasOwn(units, word)) current += units[word]!;
    else if (Object.hasOwn(tens, word)) current += tens[word]!;
    else if (word === 'hundred') current = (current || 1) * 100;
    else if (word === 'thousand' || word === 'million') {
      total += (current || 1) * (word === 'thousand' ? 1_000 : 1_000_000);
      current = 0;
    } else if (/^\d+$/.test(word)) current += Number(word);
    else return undefined;
  }
  return String(sign * (total + current));
}

/** 1–31 from "24", "24th", "twenty fourth", "twenty-fourth", "the 24th". */
function dayOfMonth(text: string): number | undefined {
  const cleaned = text.replace(/^the /, '').replace(/-/g, ' ').trim();
  const digits = /^(\d{1,2})(st|nd|rd|th)?$/.exec(cleaned);
  if (digits) return Number(digits[1]);
  const words = cleaned.split(' ');
  if (words.length === 1) return ordinals[words[0]!] ?? (Object.hasOwn(units, words[0]!) ? units[words[0]!] : undefined);
  if (words.length === 2 && Object.hasOwn(tens, words[0]!)) {
    const ones = ordinals[words[1]!] ?? units[words[1]!];
    return ones === undefined ? undefined : tens[words[0]!]! + ones;
  }
  return undefined;
}

const months = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const weekdays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

const iso = (date: Date) => date.toISOString().slice(0, 10);
const addDays = (date: Date, days: number) => new Date(date.getTime() + days * 86_400_000);
const utc = (year: number, month: number, day: number) => new Date(Date.UTC(year, month, day));
/** Monday 0 … Sunday 6. */
const weekdayOf = (date: Date) => (date.getUTCDay() + 6) % 7;

const abbreviations: Record<string, string> = {
  jan: 'january',
  feb: 'february',
  mar: 'march',
  apr: 'april',
  jun: 'june',
  jul: 'july',
  aug: 'august',
  sep: 'september',
  sept: 'september',
  oct: 'october',
  nov: 'november',
  dec: 'december',
};

export function resolveDate(said: string, today: string): string | undefined {
  if (/^\d{4}-\d{2}-\d{2}$/.test(said)) return said;
  const text = said.replace(/\b(jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\b\.?/g, (m) => abbreviations[m.replace('.', '')] ?? m);
  const now = new Date(`${today}T00:00:00Z`);
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth();
  const relative: Record<string, () => Date> = {
    today: () => now,
    now: () => now,
    tonight: () => now,
    tomorrow: () => addDays(now, 1),
    'the day after tomorrow': () => addDays(now, 2),
    'day after tomorrow': () => addDays(now, 2),
    yesterday: () => addDays(now, -1),
    'next week': () => addDays(now, 6 - weekdayOf(now)),
    'this week': () => addDays(now, -weekdayOf(now)),
    'last week': () => addDays(now, -weekdayOf(now) - 7),
    'next month': () => utc(year, month + 2, 0),
    'this month': () => utc(year, month, 1),
    'last month': () => utc(year, month - 1, 1),
    'next year': () => utc(year + 1, 11, 31),
    'this year': () => utc(year, 0, 1),
    'last year': () => utc(year - 1, 0, 1),
  };
  if (Object.hasOwn(relative, text)) return iso(relative[text]!());
  const weekday = /^(?:on )?(?:this |next |coming )?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)$/.exec(text);
  if (weekday) return iso(addDays(now, (weekdays.indexOf(weekday[1]!) - weekdayOf(now) + 7) % 7));
  // "december 24th", "december twenty fourth 2027", "24 december", "the 24th of december"
  const monthPattern = months.join('|');
  const monthFirst = new RegExp(`^(?:on )?(${monthPattern}) (.+?)(?:,? (\\d{4}))?$`).exec(text);
  const dayFirst = new RegExp(`^(?:on )?(.+?) (?:of )?(${monthPattern})(?:,? (\\d{4}))?$`).exec(text);
  const parts = monthFirst
    ? { month: monthFirst[1]!, day: monthFirst[2]!, year: monthFirst[3] }
    : dayFirst
      ? { month: dayFirst[2]!, day: dayFirst[1]!, year: dayFirst[3] }
      : undefined;
  if (!parts) return undefined;
  const day = dayOfMonth(parts.day);
  const monthIndex = months.indexOf(parts.month);
  if (day === undefined || day < 1 || day > 31) return undefined;
  let date = utc(parts.year ? Number(parts.year) : year, monthIndex, day);
  if (date.getUTCMonth() !== monthIndex) return undefined;
  // Without a year, the date on or after today.
  if (!parts.year && date < now) date = utc(year + 1, monthIndex, day);
  return iso(date);
}

const pad = (n: number) => String(n).padStart(2, '0');

export function resolveTime(text: string): SlotResolution | undefined {
  const exact = (h: number, m: number) => ({ interpretedValue: `${pad(h)}:${pad(m)}`, resolvedValues: [`${pad(h)}:${pad(m)}`] });
  const ambiguous = (h: number, m: number) =>
    h === 0 || h > 12
      ? exact(h % 24, m)
      : { interpretedValue: null, resolvedValues: [`${pad(h % 12)}:${pad(m)}`, `${pad((h % 12) + 12)}:${pad(m)}`] };
  const ranges: Record<string, string> = {
    morning: 'MO',
    afternoon: 'AF',
    evening: 'EV',
    night: 'NI',
    'in the morning': 'MO',
    'in the afternoon': 'AF',
    'in the evening': 'EV',
    'at night': 'NI',
  };
  const said = text.replace(/^at /, '');
  if (Object.hasOwn(ranges, said)) return { interpretedValue: ranges[said]!, resolvedValues: [ranges[said]!] };
  if (said === 'noon' || said === 'midday') return exact(12, 0);
  if (said === 'midnight') return exact(0, 0);
  const meridiem = /^(.*?)\s*(a\.?m\.?|p\.?m\.?|in the morning|in the afternoon|in the evening|at night)$/.exec(said);
  const body = meridiem ? meridiem[1]!.trim() : said;
  const pm = meridiem ? /^p|afternoon|evening|night/.test(meridiem[2]!) : undefined;
  const clock = parseClockWords(body);
  if (!clock) return undefined;
  const [hour, minute] = clock;
  if (hour > 23 || minute > 59) return undefined;
  if (pm === undefined)
    return /^\d{1,2}:\d{2}$/.test(body) && hour >= 13
      ? exact(hour, minute)
      : /^\d{2}:\d{2}$/.test(body) && body.startsWith('0')
        ? exact(hour, minute)
        : ambiguous(hour, minute);
  if (hour > 12) return undefined;
  return exact((hour % 12) + (pm ? 12 : 0), minute);
}

/** [hour, minute] from "9", "9:30", "nine", "nine thirty", "half past nine", "quarter to ten", "ten o'clock". */
function parseClockWords(body: string): [number, number] | undefined {
  const digits = /^(\d{1,2})(?::(\d{2}))?$/.exec(body);
  if (digits) return [Number(digits[1]), Number(digits[2] ?? 0)];
  const oclock = /^(.+?) o'?clock$/.exec(body);
  if (oclock) return hourWord(oclock[1]!) === undefined ? undefined : [hourWord(oclock[1]!)!, 0];
  const past = /^(half|quarter|a quarter|.+?)(?: minutes?)? past (.+)$/.exec(body);
  if (past) {
    const minutes = past[1] === 'half' ? 30 : past[1]!.endsWith('quarter') ? 15 : Number(resolveNumber(past[1]!));
    const hour = hourWord(past[2]!);
    return hour === undefined || !Number.isInteger(minutes) ? undefined : [hour, minutes];
  }
  const to = /^(quarter|a quarter|.+?)(?: minutes?)? to (.+)$/.exec(body);
  if (to) {
    const minutes = to[1]!.endsWith('quarter') ? 15 : Number(resolveNumber(to[1]!));
    const hour = hourWord(to[2]!);
    return hour === undefined || !Number.isInteger(minutes) ? undefined : [(hour + 23) % 24, 60 - minutes];
  }
  const words = body.split(' ');
  const hour = hourWord(words[0]!);
  if (hour === undefined) return undefined;
  if (words.length === 1) return [hour, 0];
  const minutes = Number(resolveNumber(words.slice(1).join(' ').replace(/^oh /, '')));
  return Number.isInteger(minutes) ? [hour, minutes] : undefined;
}

function hourWord(word: string): number | undefined {
  if (/^\d{1,2}$/.test(word)) return Number(word);
  const n = resolveNumber(word);
  return n === undefined || !/^\d+$/.test(n) ? undefined : Number(n);
}
