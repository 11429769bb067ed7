import { createContext, useCallback, useContext, useState, type ReactNode } from 'react';
import type { FlashbarProps } from '@cloudscape-design/components/flashbar';

type Notify = (type: 'success' | 'error' | 'info', header: string, content?: string) => void;
const NotifyContext = createContext<{ items: FlashbarProps.MessageDefinition[]; notify: Notify } | undefined>(undefined);

export function NotificationsProvider({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<FlashbarProps.MessageDefinition[]>([]);
  const notify = useCallback<Notify>((type, header, content) => {
    const id = `${Date.now()}-${Math.random()}`;
    const dismiss = () => setItems((current) => current.filter((item) => item.id !== id));
    setItems((current) => [{ id, type, header, content, dismissible: true, dismissLabel: 'Dismiss', onDismiss: dismiss }, ...current].slice(0, 3));
  }, []);
  return <NotifyContext.Provider value={{ items, notify }}>{children}</NotifyContext.Provider>;
}

export function useNotifications() {
  const value = useContext(NotifyContext);
  if (!value) throw new Error('useNotifications outside NotificationsProvider');
  return value;
}
