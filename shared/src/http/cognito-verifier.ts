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
}

export function cognitoVerifier(options: CognitoVerifierOptions): TokenVerifier {
  const verifier = CognitoJwtVerifier.create({
    userPoolId: options.userPoolId,
    clientId: options.clientId,
    tokenUse: options.tokenUse ?? 'id',
  });
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
