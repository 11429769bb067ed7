/**
 * The calls this browser placed or opened, newest first (localStorage, at most 50). Routing has no call
 * list route yet (`GET /calls` is coming from the telephony work); until then the Calls page lists these
 * and finds any other call by its id.
 */
export interface RecentCall {
  callId: string;
  at: string;
  from?: string;
  said?: string;
  outcome?: string;
}

const key = 'switchboard.console.recent-calls';

export function recentCalls(storage: Pick<Storage, 'getItem'> = localStorage): RecentCall[] {
  try {
    const parsed = JSON.parse(storage.getItem(key) ?? '[]') as unknown;
    return Array.isArray(parsed) ? parsed.filter((c): c is RecentCall => typeof c?.callId === 'string') : [];
  } catch {
    return [];
  }
}

export function rememberCall(call: RecentCall, storage: Pick<Storage, 'getItem' | 'setItem'> = localStorage): RecentCall[] {
  const next = [call, ...recentCalls(storage).filter((c) => c.callId !== call.callId)].slice(0, 50);
  storage.setItem(key, JSON.stringify(next));
  return next;
}
