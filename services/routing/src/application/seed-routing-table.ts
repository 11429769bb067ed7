/**
 * Writes the seed departments into an empty routing table (local stage start). In AWS the component
 * writes the same items once, as `aws.dynamodb.TableItem`s that ignore later edits.
 */
import { departmentSchema, type Department } from '../domain/department.ts';
import type { DepartmentRepository } from '../domain/ports.ts';
import { SEED_DEPARTMENTS } from '../domain/seed-departments.ts';

export function seedDepartments(now: Date): Department[] {
  return SEED_DEPARTMENTS.map((d) => departmentSchema.parse({ ...d, updatedAt: now.toISOString() }));
}

/** Returns how many departments were written (0 when the table already had any). */
export async function seedRoutingTableIfEmpty(repository: DepartmentRepository, now: Date): Promise<number> {
  if ((await repository.list()).length > 0) return 0;
  const seed = seedDepartments(now);
  // mustNotExist: two stages racing on one table must not overwrite each other's edits.
  await Promise.all(seed.map((d) => repository.put(d, { mustNotExist: true }).catch(() => undefined)));
  return seed.length;
}
