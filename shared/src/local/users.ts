/**
 * The local stage's users: one per role and a plain user in no group, so every role can be tried on a laptop.
 * There is no fixed password: each data folder gets its own, generated on first start and kept in
 * `<dataDir>/auth/local-users.json` (mode 0600), printed in the banner with each user's roles.
 */
import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { roles, type Role } from '../roles/index.ts';

export interface LocalUser {
  username: string;
  /** The token's `sub`: stable per username, so ownership (a job's creator) survives restarts. */
  sub: string;
  groups: Role[];
  password: string;
}

/** `plainUsername` is the signed-in user in no group (forwarding self-service). */
export const plainUsername = 'user';

const usersFileVersion = 1;

function newPassword(): string {
  // 16 characters of base64url: 96 bits, typed or pasted once per data folder.
  return randomBytes(12).toString('base64url');
}

/** Load the data folder's users, creating (or completing) the file with fresh passwords. */
export async function loadLocalUsers(dataDir: string): Promise<LocalUser[]> {
  const file = path.join(dataDir, 'auth', 'local-users.json');
  let stored: Record<string, { password?: unknown }> = {};
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as { version?: number; users?: Record<string, { password?: unknown }> };
    if (parsed.version === usersFileVersion && parsed.users && typeof parsed.users === 'object') stored = parsed.users;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' && !(error instanceof SyntaxError)) throw error;
  }
  const wanted: Array<{ username: string; groups: Role[] }> = [
    ...roles.map((role) => ({ username: role, groups: [role] })),
    { username: plainUsername, groups: [] },
  ];
  let changed = false;
  const users = wanted.map(({ username, groups }) => {
    const existing = stored[username]?.password;
    const kept = typeof existing === 'string' && existing.length >= 12;
    if (!kept) changed = true;
    const password = kept ? existing : newPassword();
    return { username, sub: `local-${username}`, groups, password };
  });
  if (changed) {
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const body = {
      version: usersFileVersion,
      users: Object.fromEntries(users.map((user) => [user.username, { password: user.password, groups: user.groups }])),
    };
    await writeFile(file, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 });
  }
  // A file copied or restored with looser permissions is tightened: it holds every local password.
  if (((await stat(file)).mode & 0o077) !== 0) await chmod(file, 0o600);
  return users;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** The user whose name and password match, compared in constant time; undefined otherwise. */
export function authenticateLocalUser(users: readonly LocalUser[], username: unknown, password: unknown): LocalUser | undefined {
  if (typeof username !== 'string' || typeof password !== 'string') return undefined;
  const user = users.find((candidate) => candidate.username === username);
  // Compare against something even for an unknown name, so timing does not tell names apart.
  const expected = digest(user?.password ?? 'no such user');
  const matches = timingSafeEqual(expected, digest(password));
  return user && matches ? user : undefined;
}
