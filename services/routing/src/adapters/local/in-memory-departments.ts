/**
 * An in-process routing table: for unit tests and benchmarks that must not depend on a DynamoDB
 * stand-in. The local stage uses the DynamoDB adapter against dynalite instead.
 */
import { byDepartmentName, departmentSchema, type Department } from '../../domain/department.ts';
import { DepartmentExistsError, type CallOptions, type DepartmentRepository } from '../../domain/ports.ts';

export class InMemoryDepartments implements DepartmentRepository {
  private readonly items = new Map<string, Department>();

  constructor(initial: readonly Department[] = []) {
    for (const d of initial) this.items.set(d.name, structuredClone(d));
  }

  async list(_options?: CallOptions): Promise<Department[]> {
    return [...this.items.values()].map((d) => structuredClone(d)).sort(byDepartmentName);
  }

  async get(name: string, _options?: CallOptions): Promise<Department | undefined> {
    const d = this.items.get(name);
    return d === undefined ? undefined : structuredClone(d);
  }

  async put(department: Department, options: CallOptions & { mustNotExist?: boolean } = {}): Promise<void> {
    if (options.mustNotExist && this.items.has(department.name)) throw new DepartmentExistsError(department.name);
    this.items.set(department.name, departmentSchema.parse(structuredClone(department)));
  }

  async delete(name: string, _options?: CallOptions): Promise<boolean> {
    return this.items.delete(name);
  }
}
