import '@cloudscape-design/global-styles/index.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter } from 'react-router';
import Alert from '@cloudscape-design/components/alert';
import { loadConfig } from './config.ts';
import { AuthProvider } from './auth/auth.tsx';
import { ConsoleProvider } from './context.tsx';
import { App } from './app.tsx';
import { ApiError } from './api/problem.ts';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A 4xx will not change by asking again; a network blip or a 5xx might.
      retry: (count, error) => count < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
      staleTime: 5_000,
      refetchOnWindowFocus: false,
    },
  },
});

const root = createRoot(document.getElementById('root')!);
loadConfig().then(
  (config) =>
    root.render(
      <StrictMode>
        <QueryClientProvider client={queryClient}>
          <AuthProvider config={config}>
            <ConsoleProvider config={config}>
              <BrowserRouter>
                <App />
              </BrowserRouter>
            </ConsoleProvider>
          </AuthProvider>
        </QueryClientProvider>
      </StrictMode>,
    ),
  (error: Error) =>
    root.render(
      <main style={{ padding: 40 }}>
        <Alert type="error" header="The console could not load its configuration">
          {error.message}. The console needs the <code>config.json</code> its stage serves next to it: run <code>npm start</code> and open the console
          URL it prints.
        </Alert>
      </main>,
    ),
);
