import Alert from '@cloudscape-design/components/alert';
import { toProblem } from '../api/problem.ts';

/** The one way a page shows a failed load: the API's title and detail, and what 403 means here. */
export function LoadError({ error, what }: { error: unknown; what: string }) {
  const problem = toProblem(error);
  return (
    <Alert
      type={problem.status === 403 ? 'warning' : 'error'}
      header={problem.status === 403 ? `Your role cannot see ${what}` : `Could not load ${what}`}
    >
      {problem.detail ?? problem.title}
      {problem.requestId ? ` (request ${problem.requestId})` : ''}
    </Alert>
  );
}

export function formatDateTime(value: string | undefined): string {
  if (!value) return '—';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
