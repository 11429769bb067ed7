/**
 * Sign-in for both kinds of stage. Cognito: the Hosted UI with authorization code + PKCE (oidc-client-ts),
 * the refresh token renewing the session. Local: the stage's users, one per role, signed in by name
 * (the stage issues the same Cognito-shaped ID tokens). Either way the APIs get the ID token.
 */
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { UserManager, WebStorageStateStore, type User } from 'oidc-client-ts';
import type { CognitoAuthConfig, ConsoleConfig, LocalAuthConfig } from '../config.ts';
import type { Principal } from '../roles.ts';
import { readIdToken } from './jwt.ts';
import { TokenSession, type SessionTokens } from './token-session.ts';

export interface AuthState {
  principal: Principal | undefined;
  session: TokenSession;
  signInLocal: (username: string, password: string) => Promise<void>;
  signInCognito: () => Promise<void>;
  signOut: () => void;
}

const AuthContext = createContext<AuthState | undefined>(undefined);
const localSessionKey = 'switchboard.console.session';

async function localSignIn(auth: LocalAuthConfig, username: string, password: string): Promise<SessionTokens> {
  const response = await fetch(auth.signInUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as { detail?: string };
    throw new Error(problem.detail ?? `sign-in answered ${response.status}`);
  }
  const { idToken } = (await response.json()) as { idToken: string };
  return { idToken, expiresAt: readIdToken(idToken).expiresAt };
}

export function cognitoUserManager(auth: CognitoAuthConfig): UserManager {
  return new UserManager({
    authority: auth.authority,
    client_id: auth.clientId,
    redirect_uri: `${window.location.origin}/auth/callback`,
    post_logout_redirect_uri: `${window.location.origin}/`,
    response_type: 'code',
    scope: 'openid email profile',
    // Tokens live for the tab only; a new tab signs in again through the Hosted UI's own session.
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
    automaticSilentRenew: false,
  });
}

const tokensOf = (user: User): SessionTokens | undefined =>
  user.id_token && !user.expired ? { idToken: user.id_token, expiresAt: readIdToken(user.id_token).expiresAt } : undefined;

function principalOf(tokens: SessionTokens | undefined): Principal | undefined {
  if (!tokens) return undefined;
  const { username, groups } = readIdToken(tokens.idToken);
  return { username, groups };
}

export function AuthProvider({ config, children }: { config: ConsoleConfig; children: ReactNode }) {
  const auth = config.auth;
  const manager = useMemo(() => (auth.mode === 'cognito' ? cognitoUserManager(auth) : undefined), [auth]);
  const { session, localUser } = useMemo(() => {
    let initial: SessionTokens | undefined;
    // The password stays in this tab's memory only (never storage), to renew the token; after a reload the
    // stored token serves until it expires, then the user signs in again.
    const localUser: { username?: string; password?: string } = {};
    if (auth.mode === 'local') {
      const stored = JSON.parse(sessionStorage.getItem(localSessionKey) ?? 'null') as (SessionTokens & { username: string }) | null;
      if (stored && stored.expiresAt > Date.now()) {
        initial = { idToken: stored.idToken, expiresAt: stored.expiresAt };
        localUser.username = stored.username;
      }
    }
    const session = new TokenSession(initial, {
      refresh: async () => {
        if (auth.mode === 'local') {
          if (!localUser.username || !localUser.password) throw new Error('sign in again to renew the session');
          return localSignIn(auth, localUser.username, localUser.password);
        }
        const user = await manager!.signinSilent();
        const tokens = user ? tokensOf(user) : undefined;
        if (!tokens) throw new Error('Cognito returned no ID token');
        return tokens;
      },
    });
    return { session, localUser };
  }, [auth, manager]);
  const [principal, setPrincipal] = useState<Principal | undefined>(() => principalOf(session.tokens));

  useEffect(
    () =>
      session.subscribe((tokens) => {
        setPrincipal(principalOf(tokens));
        if (auth.mode === 'local') {
          if (tokens && localUser.username) sessionStorage.setItem(localSessionKey, JSON.stringify({ ...tokens, username: localUser.username }));
          else sessionStorage.removeItem(localSessionKey);
        }
      }),
    [session, auth, localUser],
  );

  // Cognito: finish the redirect (code + PKCE verifier → tokens), or pick up the tab's stored user.
  useEffect(() => {
    if (!manager) return;
    void (async () => {
      if (window.location.pathname === '/auth/callback') {
        const user = await manager.signinRedirectCallback();
        const returnTo = typeof user.state === 'string' && user.state.startsWith('/') ? user.state : '/';
        window.history.replaceState(null, '', returnTo);
        session.set(tokensOf(user));
        return;
      }
      const user = await manager.getUser();
      if (user) session.set(tokensOf(user));
    })();
  }, [manager, session]);

  const value: AuthState = {
    principal,
    session,
    signInLocal: async (username, password) => {
      if (auth.mode !== 'local') throw new Error('local sign-in is only on the local stage');
      const tokens = await localSignIn(auth, username, password);
      // The session's refresh signs in again as this user.
      localUser.username = username;
      localUser.password = password;
      session.set(tokens);
    },
    signInCognito: async () => {
      await manager?.signinRedirect({ state: window.location.pathname });
    },
    signOut: () => {
      session.set(undefined);
      if (auth.mode === 'cognito' && manager) {
        void manager.removeUser().then(() => {
          const logout = new URL('/logout', auth.domain);
          logout.searchParams.set('client_id', auth.clientId);
          logout.searchParams.set('logout_uri', `${window.location.origin}/`);
          window.location.assign(logout.toString());
        });
      }
    },
  };
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}
