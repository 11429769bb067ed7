/**
 * The stage server's local tools (`/local/tools/*`, local stage only, admin only): not a service API with an
 * OpenAPI document but the stage's own endpoints, so the client is written by hand against the types the stage
 * server returns. Same origin as the console (the stage server serves both); errors are problem+json, thrown
 * as ApiError like the generated clients'.
 */
import type { TokenSession } from '../auth/token-session.ts';
import { ApiError, isProblem } from './problem.ts';

export interface BusEvent {
  version: string;
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: unknown;
  'replay-name'?: string;
}

export interface EventLog {
  items: BusEvent[];
  deadLetters: { subscription: string; eventId: string; error: string; attempts: number }[];
}

export interface ContractSummary {
  source: string;
  detailType: string;
  version: string;
  jsonSchema: Record<string, unknown>;
}

export interface OutboxMessage {
  bucket: string;
  key: string;
  size: number;
  lastModified: string;
  to: string;
  subject: string;
  body: string;
}

export interface MqttMessage {
  sequence: number;
  topic: string;
  receivedAt: string;
  payload: string;
}

export interface MqttMonitor {
  clientId: string;
  topicFilter: string;
  connected: boolean;
  error?: string;
  items: MqttMessage[];
}

export interface PutEventRequest {
  detailType: string;
  source?: string;
  correlationId?: string;
  data: unknown;
}

export function createLocalToolsClient(
  session: Pick<TokenSession, 'token'>,
  fetchImpl: typeof fetch = (...args) => fetch(...args),
  base = '/local/tools',
) {
  const request = async <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => {
    const response = await fetchImpl(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${await session.token()}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    if (!response.ok) throw new ApiError(isProblem(parsed) ? parsed : { title: response.statusText || 'Request failed', status: response.status });
    return parsed as T;
  };
  return {
    events: () => request<EventLog>('GET', '/events'),
    contracts: () => request<{ items: ContractSummary[] }>('GET', '/contracts'),
    putEvent: (event: PutEventRequest) => request<BusEvent>('POST', '/events', event),
    replay: (id: string) => request<BusEvent>('POST', `/events/${encodeURIComponent(id)}/replay`),
    outbox: () => request<{ buckets: string[]; items: OutboxMessage[] }>('GET', '/outbox'),
    mqtt: () => request<MqttMonitor>('GET', '/mqtt'),
  };
}

export type LocalToolsClient = ReturnType<typeof createLocalToolsClient>;
