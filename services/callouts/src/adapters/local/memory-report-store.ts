import type { ReportStore, StoredObject } from '../../domain/ports.ts';

/** Reports kept in memory; `presign` returns a URL on the given base with an expiry the same way S3 does. */
export class MemoryReportStore implements ReportStore {
  readonly objects = new Map<string, StoredObject>();
  constructor(private readonly baseUrl = 'http://127.0.0.1/reports') {}
  async put(object: StoredObject) {
    this.objects.set(object.key, object);
  }
  async presign(key: string, expiresInSeconds: number) {
    if (expiresInSeconds > 7 * 24 * 3600) throw new Error('presigned URLs are valid for at most 7 days');
    return `${this.baseUrl}/${encodeURI(key)}?X-Amz-Expires=${expiresInSeconds}`;
  }
}

/** Completion messages kept in memory (the SNS topic's stand-in). */
export class MemoryNotifier {
  readonly messages: { subject: string; message: Record<string, unknown> }[] = [];
  async notify(subject: string, message: Record<string, unknown>) {
    this.messages.push({ subject, message });
  }
}
