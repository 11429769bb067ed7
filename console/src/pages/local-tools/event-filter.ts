/** The event log's filters: by source, by detail type and by free text over the JSON. Pure (unit-tested). */
import type { BusEvent } from '../../api/local-tools.ts';

export interface EventFilter {
  /** Empty: every source. */
  sources: readonly string[];
  /** Empty: every detail type. */
  detailTypes: readonly string[];
  /** Matched, case-insensitively, against the whole event as JSON (ids, numbers, names). */
  text: string;
}

export const noFilter: EventFilter = { sources: [], detailTypes: [], text: '' };

export function filterEvents(events: readonly BusEvent[], filter: EventFilter): BusEvent[] {
  const text = filter.text.trim().toLowerCase();
  return events.filter(
    (event) =>
      (filter.sources.length === 0 || filter.sources.includes(event.source)) &&
      (filter.detailTypes.length === 0 || filter.detailTypes.includes(event['detail-type'])) &&
      (text === '' || JSON.stringify(event).toLowerCase().includes(text)),
  );
}

/** The sources and detail types present, each with its count, sorted by name: the options of the filters. */
export function eventFacets(events: readonly BusEvent[]): { sources: [string, number][]; detailTypes: [string, number][] } {
  const count = (pick: (event: BusEvent) => string) => {
    const counts = new Map<string, number>();
    for (const event of events) counts.set(pick(event), (counts.get(pick(event)) ?? 0) + 1);
    return [...counts.entries()].sort(([a], [b]) => a.localeCompare(b));
  };
  return { sources: count((event) => event.source), detailTypes: count((event) => event['detail-type']) };
}

/** The correlation id of a contract event (`detail.metadata.correlationId`), when it has one. */
export function correlationIdOf(event: BusEvent): string | undefined {
  const metadata = (event.detail as { metadata?: { correlationId?: unknown } } | undefined)?.metadata;
  return typeof metadata?.correlationId === 'string' ? metadata.correlationId : undefined;
}
