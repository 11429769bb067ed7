import { lazy, Suspense } from 'react';
import Spinner from '@cloudscape-design/components/spinner';
import { useAuth } from './auth/auth.tsx';

// The first page a visitor sees is sign-in: it loads without the shell, which loads once signed in.
const SignIn = lazy(() => import('./pages/sign-in.tsx'));
const SignedIn = lazy(() => import('./signed-in.tsx'));

export function App() {
  const { principal } = useAuth();
  return <Suspense fallback={<Spinner size="large" />}>{principal ? <SignedIn /> : <SignIn />}</Suspense>;
}
