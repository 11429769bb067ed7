/** Issue 13: every documented forwarding route × every role (and a user in no group) answers as the access table says. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createLocalIssuer } from '@switchboard/shared/http';
import { assertRouteAccess } from '@switchboard/shared/testing';
import { access } from '../src/api/access.ts';
import { createApp } from '../src/api/app.ts';
import { startTestStage } from './support/stage.ts';

test('every route × every role: signed-in users self-serve, only admins assign owners', async () => {
  const t = await startTestStage();
  try {
    const issuer = await createLocalIssuer();
    const app = createApp({
      service: t.forwarding.service,
      callCounts: t.forwarding.callCounts,
      verifier: issuer.verifier,
      pageOrigin: 'http://127.0.0.1:1',
      version: '0.0.0',
    });
    const report = await assertRouteAccess(app, access, {
      tokenFor: (role) => issuer.issueToken({ sub: role ?? 'plain', username: role ?? 'plain', groups: role ? [role] : [] }),
      pathParams: { e164: '+13125550100' },
    });
    assert.ok(report.checks.length > 50, `${report.checks.length} checks`);
  } finally {
    await t.stop();
  }
});

test('CORS: the page and the console origin (CONSOLE_ORIGIN on AWS) may read the API; no other origin', async () => {
  const t = await startTestStage();
  try {
    const issuer = await createLocalIssuer();
    const app = createApp({
      service: t.forwarding.service,
      callCounts: t.forwarding.callCounts,
      verifier: issuer.verifier,
      pageOrigin: 'https://page.example',
      corsOrigins: ['https://d111.cloudfront.net'],
      version: '0.0.0',
    });
    const preflight = (origin: string) =>
      app.request('/numbers', {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization' },
      });
    for (const origin of ['https://page.example', 'https://d111.cloudfront.net']) {
      assert.is((await preflight(origin)).headers.get('access-control-allow-origin'), origin);
    }
    assert.is((await preflight('https://d222.cloudfront.net')).headers.get('access-control-allow-origin'), null);
  } finally {
    await t.stop();
  }
});

test.run();
