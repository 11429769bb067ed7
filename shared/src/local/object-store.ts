/**
 * The local stand-in for S3: objects are files under `<dataDir>/objects/<bucket>/data/<key>.object`,
 * with their content type and metadata under `…/meta/<key>.json`. Presigned URLs point at
 * the stage server, which checks an HMAC signature and the expiry like S3 checks SigV4 query auth.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface StoredObject {
  key: string;
  body: Buffer;
  contentType: string;
  size: number;
  lastModified: Date;
  metadata: Record<string, string>;
}

export interface ObjectSummary {
  key: string;
  size: number;
  lastModified: Date;
}

export interface PutObjectOptions {
  /** @default "application/octet-stream" */
  contentType?: string;
  /** User metadata (S3 `x-amz-meta-*`). */
  metadata?: Record<string, string>;
}

export interface PresignOptions {
  /** @default "GET" */
  method?: 'GET' | 'PUT';
  /** @default 900 (15 minutes, the S3 console's default) */
  expiresInSeconds?: number;
}

export interface LocalObjectStore {
  put(bucket: string, key: string, body: Uint8Array | string, options?: PutObjectOptions): Promise<void>;
  /** undefined when there is no such object. */
  get(bucket: string, key: string): Promise<StoredObject | undefined>;
  /** Keys in lexicographic order, like ListObjectsV2. */
  list(bucket: string, prefix?: string): Promise<ObjectSummary[]>;
  /** Deleting a missing object is not an error (as in S3). */
  delete(bucket: string, key: string): Promise<void>;
  /** A URL on the stage server that serves (GET) or accepts (PUT) the object until it expires. */
  presign(bucket: string, key: string, options?: PresignOptions): string;
  /** Checks a presigned request; used by the stage server. */
  verifyPresigned(bucket: string, key: string, query: URLSearchParams, method: string, now?: Date): PresignCheck;
}

export type PresignCheck = { ok: true } | { ok: false; reason: string };

export class ObjectStoreError extends Error {
  override readonly name = 'ObjectStoreError';
}

/** S3's bucket naming rules (the subset that matters for a folder name). */
const bucketPattern = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

function checkBucket(bucket: string): void {
  if (!bucketPattern.test(bucket) || bucket.includes('..')) {
    throw new ObjectStoreError(`invalid bucket name ${JSON.stringify(bucket)}: use 3–63 lower-case letters, digits, dots and dashes`);
  }
}

/**
 * A key becomes a relative path of percent-encoded segments, so no key can climb out of its bucket
 * (`..`, `/` and NUL are encoded or refused) and every key maps to exactly one file. Encoded segments
 * never contain a literal `.`, so the `.object` suffix of files keeps them apart from folders: `a` and
 * `a/b` can both exist, as in S3.
 */
function keyToSegments(key: string): string[] {
  if (typeof key !== 'string' || key.length === 0 || Buffer.byteLength(key) > 1024) {
    throw new ObjectStoreError('object keys are 1–1024 bytes of UTF-8');
  }
  return key.split('/').map((segment) => {
    // '' (from "a//b" or a trailing "/"), "." and ".." are legal S3 key parts but not file names.
    const encoded = encodeURIComponent(segment).replace(/\./g, '%2E');
    const name = encoded === '' ? '%' : encoded;
    if (name.length > 240) throw new ObjectStoreError(`object key segment too long for the local store: ${segment.slice(0, 40)}…`);
    return name;
  });
}

const objectSuffix = '.object';

function segmentsToKey(segments: string[]): string {
  return segments.map((segment) => (segment === '%' ? '' : decodeURIComponent(segment))).join('/');
}

async function writeAtomically(file: string, data: Uint8Array | string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temporary, data);
  await rename(temporary, file);
}

export interface LocalObjectStoreOptions {
  /** Folder holding the buckets (the stage uses `<dataDir>/objects`). */
  root: string;
  /** Base URL of the stage server, e.g. `http://127.0.0.1:4000`. */
  baseUrl: string;
  /** HMAC key for presigned URLs. @default random per process (URLs die with the stage, like expired credentials) */
  signingKey?: Buffer;
  now?: () => Date;
}

export function createLocalObjectStore(options: LocalObjectStoreOptions): LocalObjectStore {
  const signingKey = options.signingKey ?? randomBytes(32);
  const now = options.now ?? (() => new Date());
  const dataFile = (bucket: string, key: string) => `${path.join(options.root, bucket, 'data', ...keyToSegments(key))}${objectSuffix}`;
  const metaFile = (bucket: string, key: string) => `${path.join(options.root, bucket, 'meta', ...keyToSegments(key))}.json`;
  const sign = (method: string, bucket: string, key: string, expires: number) =>
    createHmac('sha256', signingKey).update(`${method}\n${bucket}\n${key}\n${expires}`).digest('base64url');

  return {
    async put(bucket, key, body, putOptions = {}) {
      checkBucket(bucket);
      const file = dataFile(bucket, key);
      await writeAtomically(file, typeof body === 'string' ? Buffer.from(body, 'utf8') : body);
      await writeAtomically(
        metaFile(bucket, key),
        JSON.stringify({ contentType: putOptions.contentType ?? 'application/octet-stream', metadata: putOptions.metadata ?? {} }),
      );
    },

    async get(bucket, key) {
      checkBucket(bucket);
      const file = dataFile(bucket, key);
      let body: Buffer;
      try {
        body = await readFile(file);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return undefined;
        throw error;
      }
      const [info, meta] = await Promise.all([
        stat(file),
        readFile(metaFile(bucket, key), 'utf8')
          .then((text) => JSON.parse(text) as { contentType?: string; metadata?: Record<string, string> })
          .catch(() => ({}) as { contentType?: string; metadata?: Record<string, string> }),
      ]);
      return {
        key,
        body,
        contentType: meta.contentType ?? 'application/octet-stream',
        size: body.byteLength,
        lastModified: info.mtime,
        metadata: meta.metadata ?? {},
      };
    },

    async list(bucket, prefix = '') {
      checkBucket(bucket);
      const root = path.join(options.root, bucket, 'data');
      const results: ObjectSummary[] = [];
      const walk = async (folder: string, segments: string[]): Promise<void> => {
        const entries = await readdir(folder, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT') return [];
          throw error;
        });
        for (const entry of entries) {
          const full = path.join(folder, entry.name);
          if (entry.isDirectory()) {
            await walk(full, [...segments, entry.name]);
          } else if (entry.name.endsWith(objectSuffix)) {
            const key = segmentsToKey([...segments, entry.name.slice(0, -objectSuffix.length)]);
            if (!key.startsWith(prefix)) continue;
            const info = await stat(full);
            results.push({ key, size: info.size, lastModified: info.mtime });
          }
        }
      };
      await walk(root, []);
      return results.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    },

    async delete(bucket, key) {
      checkBucket(bucket);
      await rm(dataFile(bucket, key), { force: true });
      await rm(metaFile(bucket, key), { force: true });
    },

    presign(bucket, key, presignOptions = {}) {
      checkBucket(bucket);
      keyToSegments(key);
      const method = presignOptions.method ?? 'GET';
      const expiresIn = presignOptions.expiresInSeconds ?? 900;
      // S3 caps SigV4 presigned URLs at 7 days.
      if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > 604_800) {
        throw new ObjectStoreError('expiresInSeconds must be an integer between 1 and 604800 (7 days)');
      }
      const expires = Math.floor(now().getTime() / 1000) + expiresIn;
      const url = new URL(`/objects/${encodeURIComponent(bucket)}/${key.split('/').map(encodeURIComponent).join('/')}`, options.baseUrl);
      url.searchParams.set('method', method);
      url.searchParams.set('expires', String(expires));
      url.searchParams.set('signature', sign(method, bucket, key, expires));
      return url.toString();
    },

    verifyPresigned(bucket, key, query, method, at = now()) {
      const expires = Number(query.get('expires'));
      const signature = query.get('signature') ?? '';
      const signedMethod = query.get('method') ?? 'GET';
      // A URL signed for GET also answers HEAD, as in S3.
      const effective = method === 'HEAD' ? 'GET' : method;
      if (signedMethod !== effective) return { ok: false, reason: `this URL is signed for ${signedMethod}, not ${method}` };
      if (!Number.isInteger(expires)) return { ok: false, reason: 'the URL has no expiry' };
      if (expires < Math.floor(at.getTime() / 1000)) return { ok: false, reason: 'the URL has expired' };
      const expected = Buffer.from(sign(signedMethod, bucket, key, expires));
      const given = Buffer.from(signature);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
        return { ok: false, reason: 'the signature does not match' };
      }
      return { ok: true };
    },
  };
}
