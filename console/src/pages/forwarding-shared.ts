export interface ScheduleLike {
  mode?: string;
  timeZone?: string;
  hours?: { days: string[]; start: string; end: string }[];
}

export function describeSchedule(schedule: unknown): string {
  const s = (schedule ?? { mode: 'always' }) as ScheduleLike;
  if (!s.mode || s.mode === 'always') return 'Always';
  const hours = (s.hours ?? []).map((h) => `${h.days.join(',')} ${h.start}–${h.end}`).join('; ');
  return `${s.mode === 'business-hours' ? 'During' : 'Outside'} ${hours} (${s.timeZone ?? '?'})`;
}

export function switchIndicator(status: string): 'success' | 'error' | 'in-progress' | 'pending' {
  const value = status.toLowerCase();
  if (/(complete|succeed|done|success)/.test(value)) return 'success';
  if (/(fail|error|rolled)/.test(value)) return 'error';
  if (/(pending|queued|requested)/.test(value)) return 'pending';
  return 'in-progress';
}
