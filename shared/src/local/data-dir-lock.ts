/**
 * One local stage per data directory: LevelDB (dynalite) holds an exclusive lock on its folder and a
 * second opener fails deep inside dynalite with an unhandled stream error. A lock file with the owner's
 * pid lets the second stage refuse up front with a message that says what to do.
 */
import { open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';

export class DataDirectoryLockedError extends Error {
  override readonly name = 'DataDirectoryLockedError';
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock (replacing one left by a process that no longer runs); returns its release. */
export async function lockDataDirectory(dataDir: string): Promise<() => Promise<void>> {
  const file = path.join(dataDir, 'stage.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return async () => {
        await rm(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(await readFile(file, 'utf8').catch(() => ''), 10);
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isRunning(owner)) {
        throw new DataDirectoryLockedError(
          `The local stage cannot start: ${dataDir} is in use by another local stage (pid ${owner}). ` +
            'Stop that one (Ctrl-C in its terminal) or start this one with another data directory (--data-dir).',
        );
      }
      if (owner === process.pid) {
        throw new DataDirectoryLockedError(`${dataDir} is already in use by a local stage in this process; stop it first.`);
      }
      // Left behind by a stage that was killed: take it over.
      await rm(file, { force: true });
    }
  }
  throw new DataDirectoryLockedError(`could not lock ${dataDir}`);
}
