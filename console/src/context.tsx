import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { ConsoleConfig } from './config.ts';
import { createApiClients, type ApiClients } from './api/clients.ts';
import { useAuth } from './auth/auth.tsx';
import { can, type Action } from './navigation.ts';

interface ConsoleContextValue {
  config: ConsoleConfig;
  apis: ApiClients;
  isLocal: boolean;
}

const ConsoleContext = createContext<ConsoleContextValue | undefined>(undefined);

export function ConsoleProvider({ config, children }: { config: ConsoleConfig; children: ReactNode }) {
  const { session } = useAuth();
  const value = useMemo(() => ({ config, apis: createApiClients(config, session), isLocal: config.stage === 'local' }), [config, session]);
  return <ConsoleContext.Provider value={value}>{children}</ConsoleContext.Provider>;
}

export function useConsole(): ConsoleContextValue {
  const value = useContext(ConsoleContext);
  if (!value) throw new Error('useConsole outside ConsoleProvider');
  return value;
}

/** Whether the signed-in user may do `action` (hides the control otherwise; the API enforces it). */
export function useCan(action: Action): boolean {
  return can(useAuth().principal, action);
}
