import { copyFile, mkdir, readdir, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import type { LocalObjectStore } from '@switchboard/shared/local';
import type { WorkbookOutcome } from '../application/accept-workbook.ts';

/**
 * The local stage's S3 trigger: the jobs bucket (`callouts-jobs`, prefix `uploads/`) is polled, and each new or
 * changed workbook is handed to the same use case the `workbook-uploaded` Lambda runs on AWS. An inbox folder is
 * the easy way in: a `.xlsx` copied there is put into the bucket under `uploads/<name>` (and moved to `done/`),
 * exactly as uploading to the jobs bucket does on AWS.
 */
export const localJobsBucket = 'callouts-jobs';

export function watchLocalJobsBucket(options: {
  readonly objects: Pick<LocalObjectStore, 'list' | 'get' | 'put'>;
  readonly inbox: string;
  readonly accept: (key: string, body: Buffer) => Promise<WorkbookOutcome>;
  readonly onOutcome: (outcome: WorkbookOutcome) => void;
  readonly onError: (error: unknown) => void;
  readonly intervalMs?: number;
}): { stop(): void; poll(): Promise<void> } {
  const seen = new Map<string, number>();
  let running: Promise<void> | undefined;
  const pollOnce = async () => {
    await mkdir(options.inbox, { recursive: true });
    for (const name of (await readdir(options.inbox)).sort()) {
      if (!name.toLowerCase().endsWith('.xlsx') || name.startsWith('.') || name.startsWith('~$')) continue;
      const file = path.join(options.inbox, name);
      await options.objects.put(localJobsBucket, `uploads/${name}`, await readFile(file), {
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      });
      await mkdir(path.join(options.inbox, 'done'), { recursive: true });
      await rename(file, path.join(options.inbox, 'done', name)).catch(async () => copyFile(file, path.join(options.inbox, 'done', name)));
    }
    for (const summary of await options.objects.list(localJobsBucket, 'uploads/')) {
      if (!summary.key.toLowerCase().endsWith('.xlsx')) continue;
      const stamp = summary.lastModified.getTime();
      if (seen.get(summary.key) === stamp) continue;
      seen.set(summary.key, stamp);
      const object = await options.objects.get(localJobsBucket, summary.key);
      if (object) options.onOutcome(await options.accept(summary.key, object.body));
    }
  };
  const poll = () => {
    running ??= pollOnce()
      .catch(options.onError)
      .finally(() => (running = undefined));
    return running;
  };
  const timer = setInterval(() => void poll(), options.intervalMs ?? 2_000);
  timer.unref();
  void poll();
  return { stop: () => clearInterval(timer), poll };
}
