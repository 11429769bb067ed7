/**
 * A minimal AWS JSON API client for the SIP media application's hot path: Signature Version 4 with
 * node:crypto, one keep-alive HTTPS connection per endpoint, an AbortSignal per call.
 *
 * Why not the SDK here: the SMA Lambda answers a ringing phone and its cold start is heard by the caller.
 * Three SDK clients (DynamoDB, EventBridge, Lex runtime) are ~70 % of that bundle and most of its import
 * time, for three JSON POSTs. Everything off the hot path (API, code hook, local stage) keeps the SDK.
 *
 * Credentials come from the Lambda environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
 * AWS_SESSION_TOKEN — always set for a function's execution role); endpoints honour the SDK's
 * AWS_ENDPOINT_URL_<SERVICE> variables, so tests and benchmarks can point them at loopback.
 */
import { createHash, createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
}

export interface SignableRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: string;
}

const sha256Hex = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

/** RFC 3986 encoding as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Signs `request` in place (adds x-amz-date, x-amz-security-token, authorization) for `service` in
 * `region` at `now`. Non-S3 services: every path segment is encoded twice in the canonical URI.
 */
export function signRequest(request: SignableRequest, credentials: AwsCredentials, region: string, service: string, now: Date): void {
  const amzDate = now.toISOString().replace(/[:-]|\.\d{3}/g, '');
  const dateStamp = amzDate.slice(0, 8);
  request.headers['host'] = request.url.host;
  request.headers['x-amz-date'] = amzDate;
  if (credentials.sessionToken) request.headers['x-amz-security-token'] = credentials.sessionToken;
  const headerNames = Object.keys(request.headers).map((h) => h.toLowerCase()).sort();
  const lower: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) lower[name.toLowerCase()] = value.trim().replace(/\s+/g, ' ');
  const canonicalHeaders = headerNames.map((name) => `${name}:${lower[name]}\n`).join('');
  const signedHeaders = headerNames.join(';');
  const canonicalUri = request.url.pathname.split('/').map((segment) => uriEncode(segment)).join('/') || '/';
  const canonicalQuery = [...request.url.searchParams.entries()]
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : 1) : a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonicalRequest = [request.method, canonicalUri, canonicalQuery, canonicalHeaders, signedHeaders, sha256Hex(request.body)].join('\n');
  const scope = `${dateStamp}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, dateStamp), region), service), 'aws4_request');
  const signature = createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex');
  request.headers['authorization'] = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
}

export class AwsRequestError extends Error {
  override readonly name = 'AwsRequestError';
  constructor(
    message: string,
    readonly status: number,
    readonly errorType: string | undefined,
  ) {
    super(message);
  }
}

export function credentialsFromEnv(env: Record<string, string | undefined> = process.env): AwsCredentials {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) throw new Error('AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY are not set (Lambda sets them from the execution role)');
  return { accessKeyId, secretAccessKey, sessionToken: env.AWS_SESSION_TOKEN };
}

export interface JsonServiceClientOptions {
  /** Signing name, e.g. `dynamodb`, `events`, `lex`. */
  service: string;
  region: string;
  /** Base URL, e.g. https://dynamodb.us-east-1.amazonaws.com */
  endpoint: string;
  /** @default credentialsFromEnv() at each call (Lambda may rotate them between invocations) */
  credentials?: () => AwsCredentials;
  /** @default () => new Date() */
  now?: () => Date;
}

// One keep-alive agent per protocol: a warm Lambda reuses the TLS connection across invocations.
const agents = { 'https:': new https.Agent({ keepAlive: true, maxSockets: 16 }), 'http:': new http.Agent({ keepAlive: true, maxSockets: 16 }) };

export class JsonServiceClient {
  constructor(private readonly options: JsonServiceClientOptions) {}

  /**
   * POSTs `body` as JSON to `path` with the given content type and headers; returns the parsed JSON.
   * Throws AwsRequestError for a non-2xx answer (with the service's `__type`), or the abort reason.
   */
  async post<T>(path: string, body: unknown, headers: Record<string, string>, signal?: AbortSignal): Promise<T> {
    try {
      return await this.postOnce<T>(path, body, headers, signal);
    } catch (error) {
      // A keep-alive socket kept across a Lambda freeze may be dead when the function thaws. Sending again
      // (freshly signed) is safe for the three calls made here: Scan and PutSession are idempotent, and a
      // repeated PutEvents carries the same event id, on which consumers deduplicate. Once.
      if (signal?.aborted || !isStaleConnection(error)) throw error;
      return this.postOnce<T>(path, body, headers, signal);
    }
  }

  private async postOnce<T>(path: string, body: unknown, headers: Record<string, string>, signal?: AbortSignal): Promise<T> {
    const url = new URL(path, this.options.endpoint);
    const request: SignableRequest = { method: 'POST', url, headers: { ...headers }, body: JSON.stringify(body) };
    signRequest(request, (this.options.credentials ?? credentialsFromEnv)(), this.options.region, this.options.service, (this.options.now ?? (() => new Date()))());
    const transport = url.protocol === 'http:' ? http : https;
    return new Promise<T>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason ?? new Error('aborted'));
      const req = transport.request(
        url,
        { method: 'POST', headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) }, agent: agents[url.protocol as 'http:' | 'https:'], signal },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: Record<string, unknown> = {};
            try {
              parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
            } catch {
              // Non-JSON error pages (a proxy, a 5xx HTML body) are reported by status below.
            }
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) return resolve(parsed as T);
            const type = String(parsed.__type ?? res.headers['x-amzn-errortype'] ?? '').split('#').pop()?.split(':')[0] || undefined;
            const message = String(parsed.message ?? parsed.Message ?? text.slice(0, 200));
            reject(new AwsRequestError(`${this.options.service} ${status}${type ? ` ${type}` : ''}: ${message}`, status, type));
          });
        },
      );
      req.on('error', reject);
      req.end(request.body);
    });
  }
}

function isStaleConnection(error: unknown): boolean {
  const code = (error as { code?: string } | undefined)?.code;
  return code === 'ECONNRESET' || code === 'EPIPE' || (error instanceof Error && error.message === 'socket hang up');
}

/** The endpoint for `service`: AWS_ENDPOINT_URL_<ID> when set (as the SDK does), else the public one. */
export function endpointFor(serviceId: string, defaultHost: string, env: Record<string, string | undefined> = process.env): string {
  return env[`AWS_ENDPOINT_URL_${serviceId}`] ?? env.AWS_ENDPOINT_URL ?? `https://${defaultHost}`;
}
