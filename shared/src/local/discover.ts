/**
 * Finds the services that can join the local stage: every `services/<name>/src/local.ts`. A module
 * that fails to import, or exports no `register` function, still is an entry whose registration fails
 * with that reason, so the stage reports it instead of silently leaving the service out.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LocalServiceEntry, ServiceRegistration } from './types.ts';

export interface DiscoveredServices {
  entries: LocalServiceEntry[];
  /** Folders under services/ without src/local.ts (not on the local stage yet). */
  withoutRegistration: string[];
}

export async function discoverServices(repositoryRoot: string, only?: readonly string[]): Promise<DiscoveredServices> {
  const servicesDir = path.join(repositoryRoot, 'services');
  const folders = (await readdir(servicesDir, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort();
  if (only) {
    const unknown = only.filter((name) => !folders.includes(name));
    if (unknown.length > 0) throw new Error(`no such service: ${unknown.join(', ')} (services/: ${folders.join(', ')})`);
  }
  const entries: LocalServiceEntry[] = [];
  const withoutRegistration: string[] = [];
  for (const name of folders) {
    if (only && !only.includes(name)) continue;
    const file = path.join(servicesDir, name, 'src', 'local.ts');
    if (!(await stat(file).catch(() => undefined))) {
      withoutRegistration.push(name);
      continue;
    }
    // Imported when the service registers, not here: the stage checks its ports before paying for
    // the imports, and the services' modules load in parallel.
    const register: ServiceRegistration = async (platform) => {
      let module: { register?: unknown };
      try {
        module = (await import(pathToFileURL(file).href)) as { register?: unknown };
      } catch (error) {
        const cause = error instanceof Error ? error : new Error(String(error));
        throw new Error(`importing services/${name}/src/local.ts failed: ${cause.message}`, { cause });
      }
      if (typeof module.register !== 'function') {
        throw new Error(`services/${name}/src/local.ts does not export a register function`);
      }
      return (module.register as ServiceRegistration)(platform);
    };
    entries.push({ name, register });
  }
  return { entries, withoutRegistration };
}
