/**
 * A minimal AWS JSON API client for handlers a caller waits on (SIP media application, Lex code hooks, Connect
 * contact-flow Lambdas): the SDK's Signature Version 4 signer (@smithy/signature-v4), one keep-alive HTTPS
 * connection per endpoint, an AbortSignal per call.
 *
 * Why not the SDK there: the SMA Lambda answers a ringing phone and its cold start is heard by the caller.
 * In routing's SMA three SDK clients (DynamoDB, EventBridge, Lex runtime) were ~70 % of the bundle and most of its
 * import time, for three JSON POSTs: this keeps the SDK's signer and drops the rest. Everything off the hot path
 * (APIs, async workers, the local stage) keeps the SDK. Each service writes its own one-file adapters over
 * `JsonServiceClient` (routing: `adapters/aws/*-http.ts`), speaking the API's JSON protocol
 * (`x-amz-target` + `application/x-amz-json-1.0` for DynamoDB, `1.1` for EventBridge, REST JSON for Lex).
 *
 * Credentials come from the Lambda environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
 * AWS_SESSION_TOKEN — always set for a function's execution role); endpoints honour the SDK's
 * AWS_ENDPOINT_URL_<SERVICE> variables, so tests and benchmarks can point them at loopback.
 */
import http from 'node:http';
import https from 'node:https';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

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

/**
 * Signs `request` in place (adds host, x-amz-date, x-amz-security-token, authorization) for `service` in `region`
 * at `now`, with the SDK's own Signature Version 4 signer — the only part of the SDK this client keeps.
 */
export async function signRequest(request: SignableRequest, credentials: AwsCredentials, region: string, service: string, now: Date): Promise<void> {
  const signer = new SignatureV4({
    service,
    region,
    credentials: {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}),
    },
    sha256: Hash.bind(null, 'sha256'),
    applyChecksum: false,
  });
  const query: Record<string, string> = {};
  for (const [name, value] of request.url.searchParams) query[name] = value;
  const signed = await signer.sign(
    new HttpRequest({
      method: request.method,
      protocol: request.url.protocol,
      hostname: request.url.hostname,
      ...(request.url.port ? { port: Number(request.url.port) } : {}),
      path: request.url.pathname,
      query,
      headers: { ...request.headers, host: request.url.host },
      body: request.body,
    }),
    { signingDate: now },
  );
  for (const [name, value] of Object.entries(signed.headers)) request.headers[name.toLowerCase()] = value;
}

/**
 * An error answer from an AWS API. `name` is the service's error code (`ConditionalCheckFailedException`,
 * `ThrottlingException`, …) as with the SDK, so a check by name (`isConditionalCheckFailed`) works whichever client
 * raised it; `errorType` (= `code`) is the same code, `AwsRequestError` when the answer carried none.
 */
export class AwsRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly errorType: string | undefined,
  ) {
    super(message);
    this.name = errorType ?? 'AwsRequestError';
  }

  get code(): string | undefined {
    return this.errorType;
  }

  /** Worth another attempt: throttling or a server-side failure (what the SDK's standard retry mode retries). */
  get retryable(): boolean {
    return (
      this.status >= 500 ||
      this.status === 429 ||
      /Throttl|TooManyRequests|RequestLimitExceeded|ProvisionedThroughputExceeded/u.test(this.errorType ?? '')
    );
  }
}

export function credentialsFromEnv(env: Record<string, string | undefined> = process.env): AwsCredentials {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey)
    throw new Error('AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY are not set (Lambda sets them from the execution role)');
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
  /**
   * Send once more when a kept-alive socket turns out dead (a Lambda thawed after a freeze). Only for idempotent
   * requests — reads, PutSession, PutEvents with event ids consumers deduplicate on, conditional writes; turn it off
   * for a client that sends anything else.
   * @default true
   */
  retryStaleConnection?: boolean;
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
      // (freshly signed) is safe for idempotent requests (see `retryStaleConnection`). Once.
      if (this.options.retryStaleConnection === false || signal?.aborted || !isStaleConnection(error)) throw error;
      return this.postOnce<T>(path, body, headers, signal);
    }
  }

  private async postOnce<T>(path: string, body: unknown, headers: Record<string, string>, signal?: AbortSignal): Promise<T> {
    const url = new URL(path, this.options.endpoint);
    const request: SignableRequest = { method: 'POST', url, headers: { ...headers }, body: JSON.stringify(body) };
    await signRequest(
      request,
      (this.options.credentials ?? credentialsFromEnv)(),
      this.options.region,
      this.options.service,
      (this.options.now ?? (() => new Date()))(),
    );
    const transport = url.protocol === 'http:' ? http : https;
    return new Promise<T>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason ?? new Error('aborted'));
      const req = transport.request(
        url,
        {
          method: 'POST',
          headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
          agent: agents[url.protocol as 'http:' | 'https:'],
          signal,
        },
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
            const type =
              String(parsed.__type ?? res.headers['x-amzn-errortype'] ?? '')
                .split('#')
                .pop()
                ?.split(':')[0] || undefined;
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

export { AwsHttpClient, awsEndpoint, lambdaRegion, type AwsHttpClientOptions, type AwsHttpRequest } from './client.ts';
