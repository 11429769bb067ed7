/**
 * Ids for audit entries and switches. History items sort by `HISTORY#<at>#<id>`; several steps of one switch can
 * share a millisecond, so within a process the id grows with every call (a counter) and keeps a random tail so two
 * processes never collide.
 */
import { randomUUID } from 'node:crypto';
import type { IdGenerator } from '../domain/ports.ts';

export function monotonicIds(): IdGenerator {
  let counter = 0;
  return { next: () => `${String(++counter).padStart(10, '0')}-${randomUUID().slice(0, 8)}` };
}
