/**
 * Who is calling: the Principal the auth middleware puts on the context, the TokenVerifier port
 * (Cognito user pools in AWS, the local issuer on the local stage) and group checks.
 */
import type { Context } from 'hono';
import { HttpProblem } from './problem.ts';

export interface Principal {
  /** The token's `sub` (the Cognito user's immutable id). */
  subject: string;
  /** `cognito:username` (id tokens) or `username` (access tokens); falls back to `sub`. */
  username: string;
  /** `cognito:groups`; empty when the user belongs to none. */
  groups: string[];
  /** Every verified claim, for the rare handler that needs one more (e.g. `email`). */
  claims: Readonly<Record<string, unknown>>;
}

/** The port both verifiers implement. Throws `InvalidTokenError` for a token that must be refused. */
export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
}

/**
 * A token that is malformed, expired, wrongly signed or meant for another client: the caller gets a 401.
 * Any other error a verifier throws (e.g. the JWKS endpoint is unreachable) is a server fault: 500.
 */
export class InvalidTokenError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InvalidTokenError';
  }
}

/** The Cognito claim layout, shared by the Cognito verifier and the local issuer so both map alike. */
export function principalFromClaims(claims: Record<string, unknown>): Principal {
  const subject = claims.sub;
  if (typeof subject !== 'string' || subject.length === 0) {
    throw new InvalidTokenError('token has no subject (sub claim)');
  }
  const usernameClaim = claims['cognito:username'] ?? claims.username;
  const groupsClaim = claims['cognito:groups'];
  const groups = Array.isArray(groupsClaim) ? groupsClaim.filter((g): g is string => typeof g === 'string') : [];
  return {
    subject,
    username: typeof usernameClaim === 'string' && usernameClaim.length > 0 ? usernameClaim : subject,
    groups,
    claims: Object.freeze({ ...claims }),
  };
}

/**
 * Refuse with 403 unless the caller is in one of `groups`. Use inside a handler:
 * `requireGroup(c, 'admin')` or `requireGroup(c, ['admin', 'supervisor'])`. Returns the principal.
 */
export function requireGroup(c: Context, groups: string | readonly string[]): Principal {
  const principal = c.get('principal') as Principal | undefined;
  if (!principal) {
    // Only reachable on a public path (/health, /openapi.json) or an app built without the kit.
    throw new HttpProblem(401, 'Unauthorized', { detail: 'This operation needs a bearer token.' });
  }
  const wanted = typeof groups === 'string' ? [groups] : groups;
  if (!wanted.some((group) => principal.groups.includes(group))) {
    throw new HttpProblem(403, 'Forbidden', {
      detail: `This operation needs membership of ${wanted.length === 1 ? 'group' : 'one of the groups'} ${wanted.join(', ')}.`,
      requiredGroups: [...wanted],
    });
  }
  return principal;
}
