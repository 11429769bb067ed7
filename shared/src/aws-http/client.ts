/**
 * `AwsHttpClient`: the general signed JSON client — any method and path (REST JSON and awsJson 1.0/1.1 via
 * `target`), unsigned token-authenticated APIs (`signingName: 'none'`), a timeout per attempt, and the SDK's retry
 * rule for throttling, 5xx and dropped keep-alive connections. For Lambdas that talk to several AWS APIs and whose
 * bundle the SDK clients would dominate (sms's relay: seven APIs, the Connect client alone ~490 KB); one-file adapters
 * per API build their requests on it. `JsonServiceClient` (index.ts) stays the lean POST-only client of the SMA.
 *
 * Credentials come from the Lambda environment; endpoints honour `AWS_ENDPOINT_URL_<SERVICE>` and `AWS_ENDPOINT_URL`.
 */
import http from 'node:http';
import https from 'node:https';
import { AwsRequestError, credentialsFromEnv, signRequest, type AwsCredentials } from './index.ts';

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
    return this.request<T>({
      method: 'POST',
      path: '/',
      headers: { 'x-amz-target': target, 'content-type': `application/x-amz-json-${jsonVersion}` },
      body,
    });
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
    if (this.options.signingName !== 'none') {
      const signable = { method: request.method, url, headers, body };
      await signRequest(
        signable,
        (this.options.credentials ?? credentialsFromEnv)(),
        this.options.region,
        this.options.signingName,
        (this.options.now ?? (() => new Date()))(),
      );
    }
    const transport = url.protocol === 'http:' ? http : https;
    const signal = AbortSignal.timeout(this.options.timeoutMs ?? 20_000);
    return new Promise<T>((resolve, reject) => {
      const req = transport.request(
        url,
        {
          method: request.method,
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
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
              // A non-JSON error page (a proxy, an HTML 5xx) is reported by its status below.
            }
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) return resolve(parsed as T);
            const code =
              String(parsed.__type ?? res.headers['x-amzn-errortype'] ?? '')
                .split('#')
                .pop()
                ?.split(':')[0] || undefined;
            const message = String(parsed.message ?? parsed.Message ?? text.slice(0, 300));
            reject(
              new AwsRequestError(`${url.host} ${request.method} ${url.pathname} → ${status}${code ? ` ${code}` : ''}: ${message}`, status, code),
            );
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
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
