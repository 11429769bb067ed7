/**
 * A small AWS HTTP client for the sms Lambdas: the SDK's Signature Version 4 signer (@smithy/signature-v4), one
 * keep-alive connection pool per protocol, a timeout per call, and the SDK's retry rule for transient failures.
 *
 * Why not the SDK clients: the relay functions a customer waits on (a text in, the bot's answer or the agent's
 * reply out) talk to seven AWS APIs. Seven SDK clients weigh ~1 MB bundled (the Connect client alone ~490 KB: its
 * schemas do not tree-shake) and most of the cold start; each of these calls is one JSON request. The adapters in
 * this folder (one per API) build their requests on this client; only the FAQ bot's model API keeps the SDK.
 *
 * Credentials come from the Lambda environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN — set
 * for every function from its execution role). Endpoints honour the SDK's `AWS_ENDPOINT_URL_<SERVICE>` and
 * `AWS_ENDPOINT_URL` variables, so tests and the local stage point them at loopback.
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

export function credentialsFromEnv(env: Record<string, string | undefined> = process.env): AwsCredentials {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) throw new Error('AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY are not set (Lambda sets them from the execution role)');
  return { accessKeyId, secretAccessKey, sessionToken: env.AWS_SESSION_TOKEN };
}

/**
 * An error answer from an AWS API. `name` is the service's error code (`ConditionalCheckFailedException`,
 * `ThrottlingException`, …) as with the SDK, so callers recognise errors by name whichever client raised them.
 */
export class AwsRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = code ?? 'AwsRequestError';
  }

  /** Worth another attempt: throttling or a server-side failure (what the SDK's standard retry mode retries). */
  get retryable(): boolean {
    return this.status >= 500 || this.status === 429 || /Throttl|TooManyRequests|RequestLimitExceeded|ProvisionedThroughputExceeded/u.test(this.code ?? '');
  }
}

export interface AwsHttpClientOptions {
  /** Signing name (`dynamodb`, `connect`, `sms-voice`, `kms`, `lex`, `events`, `mobiletargeting`), or `none` for token-authenticated APIs. */
  signingName: string | 'none';
  region: string;
  /** Base URL, e.g. https://dynamodb.us-east-1.amazonaws.com */
  endpoint: string;
  /** @default credentialsFromEnv() at each call (Lambda may rotate them between invocations) */
  credentials?: () => AwsCredentials;
  /**
   * Per attempt. A timed-out request may still have been applied, and it is not retried here: the mailbox retries
   * the whole step (idempotently). Generous, below the functions' 30 s timeout, so only a hung connection trips it.
   * @default 20000
   */
  timeoutMs?: number;
  /** Attempts for a retryable failure (the SDK's standard mode makes 3). @default 3 */
  maxAttempts?: number;
  /** @default () => new Date() */
  now?: () => Date;
}

export interface AwsHttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  headers?: Record<string, string>;
  /** Serialised as JSON; omitted for no body. */
  body?: unknown;
}

// One keep-alive agent per protocol: a warm Lambda reuses its TLS connections across invocations.
const agents = { 'https:': new https.Agent({ keepAlive: true, maxSockets: 32 }), 'http:': new http.Agent({ keepAlive: true, maxSockets: 32 }) };

export class AwsHttpClient {
  constructor(private readonly options: AwsHttpClientOptions) {}

  /** An awsJson 1.0/1.1 call: POST / with `x-amz-target`. */
  target<T>(target: string, body: unknown, jsonVersion: '1.0' | '1.1'): Promise<T> {
    return this.request<T>({ method: 'POST', path: '/', headers: { 'x-amz-target': target, 'content-type': `application/x-amz-json-${jsonVersion}` }, body });
  }

  /** Sends the request, retrying throttling, 5xx and dropped keep-alive connections; returns the parsed JSON answer. */
  async request<T>(request: AwsHttpRequest): Promise<T> {
    const attempts = this.options.maxAttempts ?? 3;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.once<T>(request);
      } catch (error) {
        const transient = error instanceof AwsRequestError ? error.retryable : isConnectionFailure(error);
        if (!transient || attempt >= attempts) throw error;
        // Full jitter on an exponential base, as the SDK's standard retry strategy.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(2000, 100 * 2 ** attempt)));
      }
    }
  }

  private async once<T>(request: AwsHttpRequest): Promise<T> {
    const url = new URL(request.path, this.options.endpoint);
    const body = request.body === undefined ? '' : JSON.stringify(request.body);
    const headers: Record<string, string> = { 'content-type': 'application/json', ...request.headers, host: url.host };
    if (this.options.signingName !== 'none') await this.sign(request.method, url, headers, body);
    const transport = url.protocol === 'http:' ? http : https;
    const signal = AbortSignal.timeout(this.options.timeoutMs ?? 20_000);
    return new Promise<T>((resolve, reject) => {
      const req = transport.request(
        url,
        { method: request.method, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, agent: agents[url.protocol as 'http:' | 'https:'], signal },
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
              // A non-JSON error page (a proxy, an HTML 5xx) is reported by its status below.
            }
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) return resolve(parsed as T);
            const code = String(parsed.__type ?? res.headers['x-amzn-errortype'] ?? '').split('#').pop()?.split(':')[0] || undefined;
            const message = String(parsed.message ?? parsed.Message ?? text.slice(0, 300));
            reject(new AwsRequestError(`${url.host} ${request.method} ${url.pathname} → ${status}${code ? ` ${code}` : ''}: ${message}`, status, code));
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  private async sign(method: string, url: URL, headers: Record<string, string>, body: string): Promise<void> {
    const credentials = (this.options.credentials ?? credentialsFromEnv)();
    const signer = new SignatureV4({
      service: this.options.signingName,
      region: this.options.region,
      credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey, ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}) },
      sha256: Hash.bind(null, 'sha256'),
      applyChecksum: false,
    });
    const query: Record<string, string> = {};
    for (const [name, value] of url.searchParams) query[name] = value;
    const signed = await signer.sign(
      new HttpRequest({
        method,
        protocol: url.protocol,
        hostname: url.hostname,
        ...(url.port ? { port: Number(url.port) } : {}),
        path: url.pathname,
        query,
        headers,
        body,
      }),
      { signingDate: (this.options.now ?? (() => new Date()))() },
    );
    for (const [name, value] of Object.entries(signed.headers)) headers[name.toLowerCase()] = value;
  }
}

function isConnectionFailure(error: unknown): boolean {
  const code = (error as { code?: string } | undefined)?.code;
  // A keep-alive socket kept across a Lambda freeze may be dead when the function thaws.
  return code === 'ECONNRESET' || code === 'EPIPE' || code === 'ECONNREFUSED' || (error instanceof Error && error.message === 'socket hang up');
}

/** The endpoint of an AWS API: `AWS_ENDPOINT_URL_<ID>` or `AWS_ENDPOINT_URL` when set (as the SDK reads them), else the regional one. */
export function awsEndpoint(serviceId: string, hostPrefix: string, region: string, env: Record<string, string | undefined> = process.env): string {
  return env[`AWS_ENDPOINT_URL_${serviceId}`] ?? env.AWS_ENDPOINT_URL ?? `https://${hostPrefix}.${region}.amazonaws.com`;
}

/** The region Lambda runs in (`AWS_REGION` is always set there). */
export function lambdaRegion(env: Record<string, string | undefined> = process.env): string {
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (!region) throw new Error('AWS_REGION is not set (Lambda always sets it)');
  return region;
}
