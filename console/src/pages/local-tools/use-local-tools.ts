import { useMemo } from 'react';
import { useAuth } from '../../auth/auth.tsx';
import { createLocalToolsClient, type LocalToolsClient } from '../../api/local-tools.ts';

/** The stage server's local tools, with the session's token on every request. */
export function useLocalTools(): LocalToolsClient {
  const { session } = useAuth();
  return useMemo(() => createLocalToolsClient(session), [session]);
}
