/** The local S3 stand-in: keys map safely to files, listing, deletion and presigned URL checks. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import os from 'node:os';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { ObjectStoreError, createLocalObjectStore } from '../src/local/index.ts';

const root = await mkdtemp(path.join(os.tmpdir(), 'switchboard-objects-test-'));
let clock = new Date('2026-11-21T09:00:00Z');
const store = createLocalObjectStore({ root: path.join(root, 'objects'), baseUrl: 'http://127.0.0.1:4000', now: () => clock });

test('put/get round-trips body, content type and metadata', async () => {
  await store.put('call-jobs', 'jobs/job-1/report.json', '{"ok":true}', { contentType: 'application/json', metadata: { job: 'job-1' } });
  const object = await store.get('call-jobs', 'jobs/job-1/report.json');
  assert.ok(object);
  assert.is(object.body.toString(), '{"ok":true}');
  assert.is(object.contentType, 'application/json');
  assert.equal(object.metadata, { job: 'job-1' });
  assert.is(object.size, 11);
  assert.is(await store.get('call-jobs', 'jobs/job-1/missing.json'), undefined);
  assert.is(await store.get('call-jobs', 'jobs'), undefined, 'a "folder" is not an object');
});

test('keys that look like paths never leave the bucket', async () => {
  for (const key of ['../escape.txt', 'a/../../escape.txt', '..', '.', 'a//b', 'trailing/', 'spaces and ünïcode/ß.txt', '%2e%2e/x']) {
    await store.put('call-jobs', key, `body of ${key}`);
    const object = await store.get('call-jobs', key);
    assert.is(object?.body.toString(), `body of ${key}`, key);
  }
  // S3 lets a key be both an object and the prefix of others.
  await store.put('call-jobs', 'nested', 'leaf');
  await store.put('call-jobs', 'nested/child', 'child');
  assert.is((await store.get('call-jobs', 'nested'))?.body.toString(), 'leaf');
  assert.is((await store.get('call-jobs', 'nested/child'))?.body.toString(), 'child');
  assert.not.ok(existsSync(path.join(root, 'escape.txt')));
  assert.not.ok(existsSync(path.join(root, 'objects', 'escape.txt')));
  assert.not.ok(existsSync(path.join(root, 'objects', 'call-jobs', 'escape.txt')));
  const top = await readdir(path.join(root, 'objects', 'call-jobs'));
  assert.equal(top.sort(), ['data', 'meta']);
});

test('list returns keys in order under a prefix; delete is idempotent', async () => {
  await store.put('reports', 'b/2.xlsx', 'two');
  await store.put('reports', 'a/1.xlsx', 'one');
  await store.put('reports', 'a/0.xlsx', 'zero');
  assert.equal(
    (await store.list('reports')).map((o) => o.key),
    ['a/0.xlsx', 'a/1.xlsx', 'b/2.xlsx'],
  );
  assert.equal(
    (await store.list('reports', 'a/')).map((o) => [o.key, o.size]),
    [
      ['a/0.xlsx', 4],
      ['a/1.xlsx', 3],
    ],
  );
  await store.delete('reports', 'a/0.xlsx');
  await store.delete('reports', 'a/0.xlsx');
  assert.equal(
    (await store.list('reports', 'a/')).map((o) => o.key),
    ['a/1.xlsx'],
  );
  assert.equal(await store.list('empty-bucket'), []);
});

test('bucket names follow S3 rules', async () => {
  for (const bucket of ['UPPER', 'a', '../x', 'with_underscore', 'a..b']) {
    await store.put(bucket, 'k', 'v').then(
      () => assert.unreachable(`accepted bucket ${bucket}`),
      (error) => assert.instance(error, ObjectStoreError),
    );
  }
});

test('presigned URLs: signed per method, key and expiry', () => {
  const url = new URL(store.presign('call-jobs', 'uploads/job 1.xlsx', { method: 'PUT', expiresInSeconds: 60 }));
  assert.is(url.origin, 'http://127.0.0.1:4000');
  assert.is(url.pathname, '/objects/call-jobs/uploads/job%201.xlsx');
  assert.equal(store.verifyPresigned('call-jobs', 'uploads/job 1.xlsx', url.searchParams, 'PUT'), { ok: true });
  assert.is(store.verifyPresigned('call-jobs', 'uploads/job 1.xlsx', url.searchParams, 'GET').ok, false);
  assert.is(store.verifyPresigned('call-jobs', 'uploads/other.xlsx', url.searchParams, 'PUT').ok, false);
  assert.is(store.verifyPresigned('reports', 'uploads/job 1.xlsx', url.searchParams, 'PUT').ok, false);
  const later = new Date(clock.getTime() + 61_000);
  const expired = store.verifyPresigned('call-jobs', 'uploads/job 1.xlsx', url.searchParams, 'PUT', later);
  assert.equal(expired, { ok: false, reason: 'the URL has expired' });
  const stretched = new URLSearchParams(url.searchParams);
  stretched.set('expires', String(Number(url.searchParams.get('expires')) + 3600));
  assert.is(store.verifyPresigned('call-jobs', 'uploads/job 1.xlsx', stretched, 'PUT').ok, false, 'the expiry is signed');
  const get = new URL(store.presign('call-jobs', 'uploads/job 1.xlsx'));
  assert.equal(store.verifyPresigned('call-jobs', 'uploads/job 1.xlsx', get.searchParams, 'HEAD'), { ok: true });
  assert.throws(() => store.presign('call-jobs', 'k', { expiresInSeconds: 8 * 24 * 3600 }), /7 days/);
  clock = new Date(clock.getTime() + 1000);
});

test.after(async () => {
  await rm(root, { recursive: true, force: true });
});

test.run();
