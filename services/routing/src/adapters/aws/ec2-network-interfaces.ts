/**
 * EC2 DescribeNetworkInterfaces: the public IP of the PBX task's network interface. EC2 speaks the Query protocol
 * (a form-encoded POST, an XML answer): one request signed with the kit's SigV4 signer instead of the SDK's EC2 client,
 * whose model alone was ≈ 550 KiB — over half of this Lambda's bundle — for this one call.
 */
import http from 'node:http';
import https from 'node:https';
import { AwsRequestError, credentialsFromEnv, signRequest, type AwsCredentials } from '@switchboard/shared/aws-http';

export interface Ec2Options {
  region: string;
  /** e.g. https://ec2.us-east-1.amazonaws.com (`endpointFor('EC2', …)`) */
  endpoint: string;
  /** @default credentialsFromEnv() at each call */
  credentials?: () => AwsCredentials;
  now?: () => Date;
  /** @default 10000 */
  timeoutMs?: number;
}

/** The API version the Query protocol names on every request (the one the SDK sends). */
const EC2_API_VERSION = '2016-11-15';

export async function publicIpOfNetworkInterface(options: Ec2Options, networkInterfaceId: string): Promise<string | undefined> {
  const body = new URLSearchParams({
    Action: 'DescribeNetworkInterfaces',
    Version: EC2_API_VERSION,
    'NetworkInterfaceId.1': networkInterfaceId,
  }).toString();
  const url = new URL('/', options.endpoint);
  const request = {
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' } as Record<string, string>,
    body,
  };
  await signRequest(request, (options.credentials ?? credentialsFromEnv)(), options.region, 'ec2', (options.now ?? (() => new Date()))());
  const { status, text } = await post(url, request.headers, body, options.timeoutMs ?? 10_000);
  if (status < 200 || status >= 300) {
    // <Response><Errors><Error><Code>InvalidNetworkInterfaceID.NotFound</Code><Message>…</Message></Error></Errors>…
    const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1];
    const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1] ?? text.slice(0, 200);
    throw new AwsRequestError(`ec2 ${status}${code ? ` ${code}` : ''}: ${message}`, status, code);
  }
  // The interface's own <association> comes before its private addresses' (EC2's documented element order); an
  // interface without a public address has none, and the PBX then keeps its previous address.
  return /<association>[\s\S]*?<publicIp>([^<]+)<\/publicIp>/.exec(text)?.[1];
}

function post(url: URL, headers: Record<string, string>, body: string, timeoutMs: number): Promise<{ status: number; text: string }> {
  const transport = url.protocol === 'http:' ? http : https;
  return new Promise((resolve, reject) => {
    const req = transport.request(
      url,
      { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, signal: AbortSignal.timeout(timeoutMs) },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
