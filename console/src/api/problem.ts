/**
 * RFC 9457 problem+json from the APIs → what a form shows: each issue on the field it names, the rest
 * (and the problem's own detail) above the form. The kit names issue paths `body.destination.extension`,
 * `query.limit`, …; a form lists the fields it has, and an issue lands on the longest listed prefix
 * (`body.businessHours.weekly.mon.0.open` → `businessHours.weekly.mon` when the form edits a day as one field).
 */
export interface ProblemIssue {
  path: string;
  message: string;
  code?: string;
}

export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  issues?: ProblemIssue[];
  requestId?: string;
  [key: string]: unknown;
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
  get status(): number {
    return this.problem.status;
  }
}

export function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && typeof (value as Problem).status === 'number' && typeof (value as Problem).title === 'string';
}

/** Anything a client call can fail with, as a Problem (a network error becomes status 0). */
export function toProblem(error: unknown, status = 0): Problem {
  if (error instanceof ApiError) return error.problem;
  if (isProblem(error)) return error;
  return {
    title: status ? `Request failed (${status})` : 'The service could not be reached',
    status,
    detail: error instanceof Error ? error.message : String(error ?? ''),
  };
}

export interface FormErrors {
  /** Message per form field (several issues on one field are joined). */
  fields: Record<string, string>;
  /** What no field can show: the problem's detail when it has no issues, and issues that match no field. */
  form: string[];
}

export function formErrors(problem: Problem, fields: readonly string[], options: { prefix?: string } = {}): FormErrors {
  const prefix = options.prefix ?? 'body';
  const result: FormErrors = { fields: {}, form: [] };
  const issues = problem.issues ?? [];
  if (issues.length === 0) {
    result.form.push(problem.detail ?? problem.title);
    return result;
  }
  const byLength = [...fields].sort((a, b) => b.length - a.length);
  for (const issue of issues) {
    const path = issue.path === prefix ? '' : issue.path.startsWith(`${prefix}.`) ? issue.path.slice(prefix.length + 1) : issue.path;
    const field = byLength.find((candidate) => path === candidate || path.startsWith(`${candidate}.`));
    if (field === undefined) {
      result.form.push(path ? `${path}: ${issue.message}` : issue.message);
      continue;
    }
    const existing = result.fields[field];
    const message = path === field ? issue.message : `${path.slice(field.length + 1)}: ${issue.message}`;
    result.fields[field] = existing ? `${existing}; ${message}` : message;
  }
  return result;
}

/**
 * Why something cannot be shown to this user, in a few words: the roles a 403 names (the kit's `requiredRoles`),
 * or the failure's detail.
 */
export function unavailableReason(problem: Problem): string {
  if (problem.status === 403) {
    const roles = Array.isArray(problem.requiredRoles) ? problem.requiredRoles.map(String) : [];
    if (roles.length === 1) return `Needs the ${roles[0]} role`;
    if (roles.length > 1) return `Needs one of the roles ${roles.join(', ')}`;
    return 'Not available to your role';
  }
  return problem.detail ?? problem.title;
}
