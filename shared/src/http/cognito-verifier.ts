/**
 * TokenVerifier for Amazon Cognito user pools (the deployed stages), on aws-jwt-verify: it fetches and
 * caches the pool's JWKS and checks signature, expiry, issuer, token use and client id.
 */
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { FetchError, JwtBaseError } from 'aws-jwt-verify/error';
import { InvalidTokenError, principalFromClaims, type TokenVerifier } from './auth.ts';

export interface CognitoVerifierOptions {
  /** e.g. `eu-west-1_AbCdEf123` (the Platform's user pool id, passed to the Lambda as config). */
  userPoolId: string;
  /** The app client id(s) whose tokens are accepted. */
  clientId: string | string[];
  /**
   * Which token the API accepts. ID tokens carry `cognito:username` and `cognito:groups` and are what
   * the Hosted UI gives browsers; access tokens carry `username` and `cognito:groups` too.
   * @default "id"
   */
  tokenUse?: 'id' | 'access';
  /**
   * The pool's JWKS, when already known, so no request goes to
   * `https://cognito-idp.<region>.amazonaws.com/<pool>/.well-known/jwks.json` (tests, or a network-isolated Lambda).
   * @default fetched on first use and cached
   */
  jwks?: { keys: Array<Record<string, unknown>> };
}

export function cognitoVerifier(options: CognitoVerifierOptions): TokenVerifier {
  const verifier = CognitoJwtVerifier.create({
    userPoolId: options.userPoolId,
    clientId: options.clientId,
    tokenUse: options.tokenUse ?? 'id',
  });
  if (options.jwks) verifier.cacheJwks(options.jwks as unknown as Parameters<typeof verifier.cacheJwks>[0]);
  return {
    async verify(token) {
      let payload: Record<string, unknown>;
      try {
        payload = (await verifier.verify(token)) as unknown as Record<string, unknown>;
      } catch (error) {
        // A JWKS fetch that failed says nothing about the token: let it surface as a 500.
        if (error instanceof JwtBaseError && !(error instanceof FetchError)) {
          throw new InvalidTokenError(error.message, { cause: error });
        }
        throw error;
      }
      return principalFromClaims(payload);
    },
  };
}
