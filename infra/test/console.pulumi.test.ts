/**
 * The console on a deployed stage (issue 16), from the real stage program under mocks: a private bucket only its
 * CloudFront distribution reads (origin access control), the security headers with the CSP the local stage serves
 * (but for where the console may connect), the SPA fallback, every built file with its content type, the
 * `config.json` the console's own loader accepts, the console's origin in every API's CORS and as the Cognito
 * callback, and the `consoleUrl` output.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadConfig } from '../../console/src/config.ts';
import { createStageServerApp } from '../../shared/src/local/stage-server.ts';
import { consoleDistDir } from '../console.ts';
import { cacheControlFor, hstsMaxAgeSeconds, siteFiles } from '../components/static-site.ts';
import { committedStackConfig, pbxConfig, registeredResource as one, runStack, stageRuns } from './support/stack-runs.ts';
import type { StackRun } from './support/stack-harness.ts';

const dev: StackRun = await runStack('dev', await committedStackConfig('dev'));
const ofType = (type: string) => dev.resources.filter((r) => r.type === type);
const consoleUrl = String(dev.outputs.consoleUrl);
const apiUrls = dev.outputs.apiUrls as Record<string, string>;
const distribution = one(dev, 'aws:cloudfront/distribution:Distribution', 'platform-console-cdn');
const bucket = one(dev, 'aws:s3/bucket:Bucket', 'platform-console-files-bucket');

test('consoleUrl is the distribution’s https origin', () => {
  assert.is(consoleUrl, `https://${distribution.state.domainName}`);
  assert.match(consoleUrl, /^https:\/\/d[0-9a-f]+\.cloudfront\.net$/);
});

test('the bucket is private: every public access blocked, read by this distribution alone, TLS only', () => {
  assert.match(bucket.inputs.bucket, /^switchboard-dev-console-/);
  const block = one(dev, 'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock', 'platform-console-files-public-access').inputs;
  assert.equal([block.blockPublicAcls, block.blockPublicPolicy, block.ignorePublicAcls, block.restrictPublicBuckets], [true, true, true, true]);
  const policy = JSON.parse(one(dev, 'aws:s3/bucketPolicy:BucketPolicy', 'platform-console-files-policy').inputs.policy);
  const allows = policy.Statement.filter((s: any) => s.Effect === 'Allow');
  assert.is(allows.length, 1, 'one grant');
  assert.equal(allows[0].Principal, { Service: 'cloudfront.amazonaws.com' });
  assert.equal(allows[0].Action, ['s3:GetObject'], 'no ListBucket: a missing key is a 403 the fallback turns into index.html');
  assert.is(allows[0].Condition.StringEquals['AWS:SourceArn'], distribution.state.arn, 'this distribution, not any in the account');
  assert.ok(policy.Statement.some((s: any) => s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false'));
});

test('the distribution reaches the bucket through origin access control (SigV4, always), HTTPS for viewers', () => {
  const oac = one(dev, 'aws:cloudfront/originAccessControl:OriginAccessControl', 'platform-console-oac');
  assert.equal([oac.inputs.originAccessControlOriginType, oac.inputs.signingBehavior, oac.inputs.signingProtocol], ['s3', 'always', 'sigv4']);
  assert.is(distribution.inputs.origins.length, 1);
  const [origin] = distribution.inputs.origins;
  assert.is(origin.domainName, bucket.state.bucketRegionalDomainName);
  assert.is(origin.originAccessControlId, oac.state.id);
  assert.not.ok(origin.s3OriginConfig?.originAccessIdentity, 'no legacy origin access identity');
  assert.is(distribution.inputs.defaultRootObject, 'index.html');
  assert.is(distribution.inputs.defaultCacheBehavior.viewerProtocolPolicy, 'redirect-to-https');
  assert.equal(distribution.inputs.defaultCacheBehavior.allowedMethods, ['GET', 'HEAD']);
});

test('SPA fallback: a path S3 does not have (403, 404) answers /index.html with 200', () => {
  const fallback = distribution.inputs.customErrorResponses.map((r: any) => [r.errorCode, r.responseCode, r.responsePagePath]);
  assert.equal(fallback, [
    [403, 200, '/index.html'],
    [404, 200, '/index.html'],
  ]);
});

test('security headers on every response: HSTS, nosniff, frame DENY, referrer policy, and the CSP the local stage serves', async () => {
  const policy = one(dev, 'aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy', 'platform-console-headers');
  assert.is(distribution.inputs.defaultCacheBehavior.responseHeadersPolicyId, policy.state.id);
  const headers = policy.inputs.securityHeadersConfig;
  assert.ok(headers.strictTransportSecurity.accessControlMaxAgeSec >= 31_536_000, 'HSTS for at least a year');
  assert.is(headers.strictTransportSecurity.accessControlMaxAgeSec, hstsMaxAgeSeconds);
  assert.is(headers.strictTransportSecurity.override, true);
  assert.is(headers.contentTypeOptions.override, true);
  assert.is(headers.frameOptions.frameOption, 'DENY');
  assert.is(headers.referrerPolicy.referrerPolicy, 'strict-origin-when-cross-origin');
  assert.is(headers.contentSecurityPolicy.override, true);

  const deployed = directives(headers.contentSecurityPolicy.contentSecurityPolicy);
  const local = directives(await localStageCsp());
  const withoutConnect = (d: Map<string, string[]>) => [...d].filter(([name]) => name !== 'connect-src');
  assert.equal(withoutConnect(deployed), withoutConnect(local), 'same directives as the local stage but connect-src');
  assert.equal(deployed.get('script-src'), undefined, "scripts fall under default-src 'self': no inline or remote script");
  assert.equal(deployed.get('connect-src'), [
    "'self'",
    'https://*.execute-api.eu-central-1.amazonaws.com',
    'https://cognito-idp.eu-central-1.amazonaws.com',
    authDomainOrigin(),
  ]);
  for (const url of Object.values(apiUrls))
    assert.match(new URL(url).host, /\.execute-api\.eu-central-1\.amazonaws\.com$/, `${url} is within connect-src`);
});

test('index.html narrows connect-src to each API and Cognito exactly (a <meta> CSP before any script)', () => {
  const index = one(dev, 'aws:s3/bucketObjectv2:BucketObjectv2', 'console-index.html');
  const html = index.inputs.content as string;
  const meta = /^([\s\S]*?<head[^>]*>)<meta http-equiv="Content-Security-Policy" content="([^"]+)">/i.exec(html);
  assert.ok(meta, 'the meta policy is the first element of the head');
  assert.not.match(meta![1]!, /<script/i, 'no script before it');
  const origins = [...new Set(Object.values(apiUrls).map((url) => new URL(url).origin))];
  assert.equal(meta![2]!.split(/\s+/), ['connect-src', "'self'", ...origins, 'https://cognito-idp.eu-central-1.amazonaws.com', authDomainOrigin()]);
  assert.not.match(meta![2]!, /\*/, 'no wildcard');
});

test('config.json names every API, the Cognito issuer, app client and hosted-UI domain — and the console loads it', async () => {
  const object = one(dev, 'aws:s3/bucketObjectv2:BucketObjectv2', 'console-config.json');
  assert.is(object.inputs.key, 'config.json');
  assert.is(object.inputs.contentType, 'application/json');
  assert.is(object.inputs.cacheControl, 'no-cache');
  const config = JSON.parse(object.inputs.content);
  assert.equal(config, {
    stage: 'dev',
    apis: apiUrls,
    auth: { mode: 'cognito', authority: dev.outputs.jwtIssuer, clientId: dev.outputs.userPoolClientId, domain: authDomainOrigin() },
  });
  assert.equal(Object.keys(config.apis).sort(), ['callouts', 'forwarding', 'iot-triage', 'routing', 'sms']);
  const loaded = await loadConfig((async () => new Response(object.inputs.content, { status: 200 })) as typeof fetch);
  assert.is(loaded.auth.mode, 'cognito');
});

test("the console's origin is in every API's CORS (forwarding's app does its own CORS: CONSOLE_ORIGIN)", () => {
  const apis = ofType('aws:apigatewayv2/api:Api');
  assert.is(apis.length, 5);
  for (const api of apis) {
    if (api.name.startsWith('forwarding-')) {
      assert.is(api.inputs.corsConfiguration, undefined, 'forwarding answers preflights itself');
      continue;
    }
    assert.ok(api.inputs.corsConfiguration.allowOrigins.includes(consoleUrl), `${api.name} allows the console`);
    assert.not.ok(api.inputs.corsConfiguration.allowOrigins.includes('*'));
  }
  const forwardingApi = ofType('aws:lambda/function:Function').find((f) => f.inputs.environment?.variables?.PAGE_ORIGIN);
  assert.is(forwardingApi?.inputs.environment.variables.CONSOLE_ORIGIN, consoleUrl);
});

test('the Cognito app client sends sign-in and sign-out back to the console', () => {
  const client = one(dev, 'aws:cognito/userPoolClient:UserPoolClient', 'platform-users-client').inputs;
  assert.ok(client.callbackUrls.includes(`${consoleUrl}/auth/callback`), 'the console’s redirect_uri');
  assert.ok(client.logoutUrls.includes(`${consoleUrl}/`), 'the console’s logout_uri');
  assert.equal(client.allowedOauthFlows, ['code']);
  assert.is(client.generateSecret, false);
});

test('every built file is uploaded with its content type; hashed assets cached for good; index.html goes last', () => {
  const objects = ofType('aws:s3/bucketObjectv2:BucketObjectv2').filter((o) => o.name.startsWith('console-'));
  const byKey = new Map(objects.map((o) => [o.inputs.key, o]));
  const built = existsSync(path.join(consoleDistDir, 'index.html'));
  const expected = built ? siteFiles(consoleDistDir) : ['index.html'];
  assert.equal([...byKey.keys()].sort(), [...expected, 'config.json'].sort());
  for (const key of expected) {
    const object = byKey.get(key)!;
    assert.is(object.inputs.bucket, bucket.state.id, key);
    assert.is(object.inputs.cacheControl, cacheControlFor(key), key);
    const type = object.inputs.contentType as string;
    if (key.endsWith('.js')) assert.is(type, 'text/javascript; charset=utf-8', key);
    else if (key.endsWith('.css')) assert.is(type, 'text/css; charset=utf-8', key);
    else if (key.endsWith('.html')) assert.is(type, 'text/html; charset=utf-8', key);
    else assert.ok(type && type !== 'application/octet-stream', `${key}: ${type}`);
  }
  if (built)
    assert.ok(
      expected.some((key) => key.startsWith('assets/') && key.endsWith('.js')),
      'the build has hashed chunks',
    );
  const index = byKey.get('index.html')!;
  const others = objects.filter((o) => o !== index).map((o) => o.urn);
  assert.equal(
    others.filter((urn) => !index.dependencies?.includes(urn!)),
    [],
    'index.html waits for every other object',
  );
});

function authDomainOrigin(): string {
  const domain = one(dev, 'aws:cognito/userPoolDomain:UserPoolDomain', 'platform-users-domain').inputs.domain;
  return `https://${domain}.auth.eu-central-1.amazoncognito.com`;
}

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

/** What the local stage serves with the console (the same headers, so a CSP mistake shows locally first). */
async function localStageCsp(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'console-csp-'));
  try {
    await writeFile(path.join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
    const app = createStageServerApp({
      objects: () => {
        throw new Error('not used');
      },
      index: () => ({ stage: 'local', services: {}, dynamodb: '', mqtt: '', jwks: '' }),
      jwks: () => ({ keys: [] }),
      console: {
        dir,
        config: () => ({
          stage: 'local',
          apis: { routing: 'http://127.0.0.1:4010' },
          auth: { mode: 'local', signInUrl: '/auth/local/token', users: [] },
        }),
      },
    });
    const page = await app.request('/', { headers: { accept: 'text/html' } });
    return page.headers.get('content-security-policy') ?? '';
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test("with the PBX, config.json points the agents' softphone at its WSS transport, and both CSPs let the page reach it", async () => {
  const { prodWithPbx } = await stageRuns();
  const object = one(prodWithPbx, 'aws:s3/bucketObjectv2:BucketObjectv2', 'console-config.json');
  const config = JSON.parse(object.inputs.content);
  assert.equal(config.softphone, { wssUrl: `wss://${pbxConfig.domainName}:8089/ws`, sipUri: `sip:agent@${pbxConfig.domainName}` });
  const loaded = await loadConfig((async () => new Response(object.inputs.content, { status: 200 })) as typeof fetch);
  assert.equal(loaded.softphone, config.softphone, 'the console reads it');
  const wss = `wss://${pbxConfig.domainName}:8089`;
  const header = one(prodWithPbx, 'aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy', 'platform-console-headers').inputs
    .securityHeadersConfig.contentSecurityPolicy.contentSecurityPolicy as string;
  assert.ok(
    header
      .split(';')
      .find((d) => d.trim().startsWith('connect-src'))!
      .split(/\s+/)
      .includes(wss),
    'the header CSP allows the PBX',
  );
  const index = one(prodWithPbx, 'aws:s3/bucketObjectv2:BucketObjectv2', 'console-index.html');
  assert.match(index.inputs.content as string, new RegExp(`connect-src[^"]*${wss.replace(/[.]/g, '\\.')}`), 'and so does index.html');
  // Without a PBX there is nothing to register with.
  assert.is(JSON.parse(one(dev, 'aws:s3/bucketObjectv2:BucketObjectv2', 'console-config.json').inputs.content).softphone, undefined);
});

test.run();
