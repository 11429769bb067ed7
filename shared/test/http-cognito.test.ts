/**
 * The Cognito verifier against tokens shaped like a user pool's (issuer URL, aud/client_id,
 * token_use, cognito:groups), signed with a key whose JWKS is handed to the verifier so the test
 * needs no network. The same createServiceApp then answers 401/403/200 as in AWS.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { InvalidTokenError, cognitoVerifier, createServiceApp, requireGroup } from '../src/http/index.ts';
import { createLogger } from '../src/logging/index.ts';

const userPoolId = 'eu-west-1_Sw1tchBrd';
const clientId = '4h5s6d7f8g9h0j1k2l3m4n5o6p';
const issuer = `https://cognito-idp.eu-west-1.amazonaws.com/${userPoolId}`;
const keys = await generateKeyPair('RS256', { extractable: true });
const kid = 'test-key-1';
const jwks = { keys: [{ ...(await exportJWK(keys.publicKey)), kid, alg: 'RS256', use: 'sig' }] };

async function cognitoToken(claims: Record<string, unknown>, overrides: { audience?: string; issuer?: string; expiresIn?: string } = {}) {
  return new SignJWT({ token_use: 'id', auth_time: Math.floor(Date.now() / 1000), ...claims })
    .setProtectedHeader({ alg: 'RS256', kid })
    .setIssuer(overrides.issuer ?? issuer)
    .setAudience(overrides.audience ?? clientId)
    .setIssuedAt()
    .setExpirationTime(overrides.expiresIn ?? '1h')
    .sign(keys.privateKey);
}

const idVerifier = cognitoVerifier({ userPoolId, clientId, jwks });

test('an ID token of the pool maps to the principal', async () => {
  const token = await cognitoToken({ sub: 'a1b2', 'cognito:username': 'dana', 'cognito:groups': ['supervisor', 'admin'], email: 'dana@example.com' });
  const principal = await idVerifier.verify(token);
  assert.is(principal.subject, 'a1b2');
  assert.is(principal.username, 'dana');
  assert.equal(principal.groups, ['supervisor', 'admin']);
  assert.is(principal.claims.email, 'dana@example.com');
});

test('access tokens carry username and client_id instead', async () => {
  const accessVerifier = cognitoVerifier({ userPoolId, clientId, tokenUse: 'access', jwks });
  const token = await new SignJWT({ token_use: 'access', client_id: clientId, username: 'erin', scope: 'aws.cognito.signin.user.admin' })
    .setProtectedHeader({ alg: 'RS256', kid })
    .setSubject('c3d4')
    .setIssuer(issuer)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(keys.privateKey);
  const principal = await accessVerifier.verify(token);
  assert.is(principal.username, 'erin');
  assert.equal(principal.groups, []);
  // An access token is not accepted where ID tokens are expected.
  await idVerifier.verify(token).then(
    () => assert.unreachable('accepted an access token as an ID token'),
    (error) => assert.instance(error, InvalidTokenError),
  );
});

test('tokens of another client, another pool, expired or tampered are InvalidTokenError', async () => {
  const refused = [
    await cognitoToken({ sub: 'x' }, { audience: 'some-other-client' }),
    await cognitoToken({ sub: 'x' }, { issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other' }),
    await cognitoToken({ sub: 'x' }, { expiresIn: '-1m' }),
    (await cognitoToken({ sub: 'x', 'cognito:groups': ['agent'] })).replace(/\.([^.]+)\./, (_, payload: string) => {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      claims['cognito:groups'] = ['admin'];
      return `.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
    }),
    'definitely.not.ajwt',
  ];
  for (const token of refused) {
    await idVerifier.verify(token).then(
      () => assert.unreachable(`accepted ${token.slice(0, 20)}`),
      (error) => assert.instance(error, InvalidTokenError),
    );
  }
});

test('createServiceApp with the Cognito verifier: 401, 403, 200', async () => {
  const app = createServiceApp({
    service: 'routing',
    version: '0.1.0',
    title: 'Routing API',
    verifier: idVerifier,
    logger: createLogger({ service: 'routing', level: 'SILENT' }),
  });
  app.get('/departments', (c) => {
    requireGroup(c, ['admin', 'supervisor']);
    return c.json({ by: c.get('principal').username });
  });
  const agent = await cognitoToken({ sub: 's1', 'cognito:username': 'agent7', 'cognito:groups': ['agent'] });
  const supervisor = await cognitoToken({ sub: 's2', 'cognito:username': 'sam', 'cognito:groups': ['supervisor'] });
  assert.is((await app.request('/departments')).status, 401);
  assert.is((await app.request('/departments', { headers: { authorization: `Bearer ${agent}` } })).status, 403);
  const ok = await app.request('/departments', { headers: { authorization: `bearer ${supervisor}` } });
  assert.is(ok.status, 200);
  assert.equal(await ok.json(), { by: 'sam' });
});

test.run();
