/**
 * The Calls page's list over routing's `GET /calls`: the time ranges a person picks from, and the pages the
 * API's opaque `nextToken` leads to (the API only goes forward, so the tokens already seen are kept to go back).
 */
export const callRanges = [
  { value: '1h', label: 'Last hour', hours: 1 },
  { value: '24h', label: 'Last 24 hours', hours: 24 },
  { value: 'today', label: 'Today (UTC)', hours: 0 },
  { value: '7d', label: 'Last 7 days', hours: 7 * 24 },
  { value: '31d', label: 'Last 31 days', hours: 31 * 24 },
] as const;
export type CallRange = (typeof callRanges)[number]['value'];

/** `from`/`to` for the API (ISO instants, `to` = now); "today" starts at UTC midnight as the Overview's counts do. */
export function rangeBounds(range: CallRange, now: Date): { from: string; to: string } {
  const preset = callRanges.find((r) => r.value === range) ?? callRanges[1];
  const from =
    preset.value === 'today' ? new Date(`${now.toISOString().slice(0, 10)}T00:00:00.000Z`) : new Date(now.getTime() - preset.hours * 3600_000);
  return { from: from.toISOString(), to: now.toISOString() };
}

/**
 * Page n (1-based) is fetched with `tokens[n - 2]` (page 1 with none). `record` keeps the token a page returned;
 * `pagesKnown` is how many pages can be offered (one more than fetched while the API says there is more).
 */
export class TokenPages {
  private readonly tokens: (string | undefined)[] = [];

  tokenFor(page: number): string | undefined {
    return page <= 1 ? undefined : this.tokens[page - 2];
  }

  record(page: number, nextToken: string | undefined): void {
    this.tokens[page - 1] = nextToken;
    this.tokens.length = page;
  }

  pagesKnown(): number {
    const last = this.tokens.length;
    return last === 0 ? 1 : this.tokens[last - 1] ? last + 1 : last;
  }

  hasMore(): boolean {
    return Boolean(this.tokens[this.tokens.length - 1]);
  }
}
