/** Reads (does not verify: the APIs do) the claims the console shows and schedules refresh on. */
export interface IdTokenClaims {
  username: string;
  groups: string[];
  /** Expiry, epoch milliseconds. */
  expiresAt: number;
}

function base64UrlDecode(segment: string): string {
  const base64 = segment
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(segment.length / 4) * 4, '=');
  const binary = atob(base64);
  return new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
}

export function readIdToken(token: string): IdTokenClaims {
  const payload = token.split('.')[1];
  if (!payload) throw new Error('not a JWT');
  const claims = JSON.parse(base64UrlDecode(payload)) as Record<string, unknown>;
  const groups = Array.isArray(claims['cognito:groups']) ? claims['cognito:groups'].filter((g): g is string => typeof g === 'string') : [];
  const username = [claims['cognito:username'], claims.username, claims.email, claims.sub].find(
    (v): v is string => typeof v === 'string' && v.length > 0,
  );
  if (typeof claims.exp !== 'number') throw new Error('the token has no exp claim');
  return { username: username ?? 'unknown', groups, expiresAt: claims.exp * 1000 };
}
