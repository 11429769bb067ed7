import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SessionExpiredError, TokenSession, type SessionTokens } from '../src/auth/token-session.ts';
import { readIdToken } from '../src/auth/jwt.ts';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

function refresher(tokens: SessionTokens[]) {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    refresh: async () => {
      calls += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
      const next = tokens.shift();
      if (!next) throw new Error('refresh token revoked');
      return next;
    },
  };
}

test('a token far from expiry is handed out without refreshing', async () => {
  const time = clock();
  const source = refresher([]);
  const session = new TokenSession({ idToken: 'a', expiresAt: time.now() + 10 * 60_000 }, { refresh: source.refresh, now: time.now });
  assert.is(await session.token(), 'a');
  assert.is(source.calls, 0);
});

test('within a minute of expiry the token is refreshed first, and the new one is kept', async () => {
  const time = clock();
  const source = refresher([{ idToken: 'b', expiresAt: time.now() + 60 * 60_000 }]);
  const session = new TokenSession({ idToken: 'a', expiresAt: time.now() + 10 * 60_000 }, { refresh: source.refresh, now: time.now });
  time.advance(9 * 60_000 + 1);
  assert.is(await session.token(), 'b');
  assert.is(await session.token(), 'b');
  assert.is(source.calls, 1);
});

test('concurrent requests near expiry share one refresh', async () => {
  const time = clock();
  const source = refresher([
    { idToken: 'b', expiresAt: time.now() + 60 * 60_000 },
    { idToken: 'c', expiresAt: time.now() + 60 * 60_000 },
  ]);
  const session = new TokenSession({ idToken: 'a', expiresAt: time.now() + 1_000 }, { refresh: source.refresh, now: time.now });
  const tokens = await Promise.all([session.token(), session.token(), session.token()]);
  assert.equal(tokens, ['b', 'b', 'b']);
  assert.is(source.calls, 1);
});

test('a refused refresh ends the session: listeners hear it, later calls fail without asking again', async () => {
  const time = clock();
  const source = refresher([]);
  const session = new TokenSession({ idToken: 'a', expiresAt: time.now() + 1_000 }, { refresh: source.refresh, now: time.now });
  const heard: Array<SessionTokens | undefined> = [];
  session.subscribe((tokens) => heard.push(tokens));
  try {
    await session.token();
    assert.unreachable('an expired session must not hand out its old token');
  } catch (error) {
    assert.instance(error, SessionExpiredError);
    assert.match((error as Error).message, /refresh token revoked/);
  }
  assert.equal(heard, [undefined]);
  await session.token().then(
    () => assert.unreachable('signed out'),
    (error) => assert.instance(error, SessionExpiredError),
  );
  assert.is(source.calls, 1);
});

test('refreshNow (after a 401) replaces even a fresh token', async () => {
  const time = clock();
  const source = refresher([{ idToken: 'b', expiresAt: time.now() + 60 * 60_000 }]);
  const session = new TokenSession({ idToken: 'a', expiresAt: time.now() + 30 * 60_000 }, { refresh: source.refresh, now: time.now });
  assert.is((await session.refreshNow()).idToken, 'b');
  assert.is(await session.token(), 'b');
});

test('readIdToken reads username, groups and expiry of a Cognito-shaped ID token', () => {
  const payload = { sub: 's', 'cognito:username': 'robin', 'cognito:groups': ['agent', 7], exp: 1_900_000_000 };
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const claims = readIdToken(`${encode({ alg: 'RS256' })}.${encode(payload)}.sig`);
  assert.equal(claims, { username: 'robin', groups: ['agent'], expiresAt: 1_900_000_000_000 });
  assert.throws(() => readIdToken('nope'), /not a JWT/);
});

test.run();
