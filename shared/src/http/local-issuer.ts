/**
 * The local stage's identity provider: an RS256 key pair that signs Cognito-shaped ID tokens
 * (`sub`, `cognito:username`, `cognito:groups`, `token_use: "id"`) and a TokenVerifier that checks them.
 * The same middleware and the same principal mapping run locally and in AWS.
 *
 * With `keyFile` the key pair is kept on disk (mode 0600) so tokens printed by one `npm start` stay
 * valid after a restart, until they expire.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair, importJWK, jwtVerify, errors as joseErrors, type JWK } from 'jose';
import { InvalidTokenError, principalFromClaims, type TokenVerifier } from './auth.ts';

export interface IssueTokenOptions {
  /** @default a random UUID */
  sub?: string;
  username: string;
  /** @default [] */
  groups?: string[];
  /** @default 43200 (12 hours: one working day on the local stage) */
  ttlSeconds?: number;
  /** Extra claims (e.g. `{ email }`). Cannot override the standard ones. */
  claims?: Record<string, unknown>;
}

export interface LocalIssuer {
  issuer: string;
  audience: string;
  verifier: TokenVerifier;
  issueToken(options: IssueTokenOptions): Promise<string>;
  /** The public key as a JWKS document (what Cognito publishes at `/.well-known/jwks.json`). */
  jwks(): { keys: JWK[] };
}

export interface LocalIssuerOptions {
  /** @default "switchboard-local" */
  issuer?: string;
  /** The `aud` claim, like a Cognito app client id. @default "switchboard-local" */
  audience?: string;
  /** Where to keep the private key as a JWK; omit for an in-memory key (tests). */
  keyFile?: string;
}

const algorithm = 'RS256';

async function loadOrCreateKeys(keyFile: string | undefined) {
  if (keyFile) {
    const stored = await readFile(keyFile, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (stored !== undefined) {
      const privateJwk = JSON.parse(stored) as JWK;
      const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = privateJwk;
      return {
        privateKey: await importJWK(privateJwk, algorithm),
        publicKey: await importJWK(publicJwk, algorithm),
        publicJwk: publicJwk as JWK,
        kid: privateJwk.kid ?? 'local',
      };
    }
  }
  const { privateKey, publicKey } = await generateKeyPair(algorithm, { extractable: true });
  const kid = randomUUID();
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: algorithm, use: 'sig' };
  if (keyFile) {
    await mkdir(path.dirname(keyFile), { recursive: true });
    const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: algorithm, use: 'sig' };
    await writeFile(keyFile, JSON.stringify(privateJwk), { mode: 0o600 });
  }
  return { privateKey, publicKey, publicJwk: publicJwk as JWK, kid };
}

export async function createLocalIssuer(options: LocalIssuerOptions = {}): Promise<LocalIssuer> {
  const issuer = options.issuer ?? 'switchboard-local';
  const audience = options.audience ?? 'switchboard-local';
  const keys = await loadOrCreateKeys(options.keyFile);

  const verifier: TokenVerifier = {
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, keys.publicKey, { issuer, audience, algorithms: [algorithm] });
        if (payload.token_use !== 'id' && payload.token_use !== 'access') {
          throw new InvalidTokenError('token_use must be "id" or "access"');
        }
        return principalFromClaims(payload as Record<string, unknown>);
      } catch (error) {
        if (error instanceof InvalidTokenError) throw error;
        if (error instanceof joseErrors.JOSEError) throw new InvalidTokenError(error.message, { cause: error });
        throw error;
      }
    },
  };

  return {
    issuer,
    audience,
    verifier,
    jwks: () => ({ keys: [keys.publicJwk] }),
    async issueToken({ sub, username, groups = [], ttlSeconds = 43_200, claims = {} }) {
      if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) {
        throw new RangeError(`ttlSeconds must be a positive integer, got ${ttlSeconds}`);
      }
      return new SignJWT({
        ...claims,
        'cognito:username': username,
        'cognito:groups': groups,
        token_use: 'id',
      })
        .setProtectedHeader({ alg: algorithm, kid: keys.kid, typ: 'JWT' })
        .setSubject(sub ?? randomUUID())
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .setJti(randomUUID())
        .sign(keys.privateKey);
    },
  };
}
