import type { LocalObjectStore } from '@switchboard/shared/local';
import type { ReportStore, StoredObject } from '../../domain/ports.ts';

/** Reports in the local stage's object store (the reports bucket's stand-in), with its presigned links. */
export class LocalObjectReportStore implements ReportStore {
  constructor(
    private readonly objects: LocalObjectStore,
    private readonly bucket: string,
  ) {}
  async put(object: StoredObject) {
    await this.objects.put(this.bucket, object.key, object.body, { contentType: object.contentType });
  }
  async presign(key: string, expiresInSeconds: number) {
    return this.objects.presign(this.bucket, key, { expiresInSeconds });
  }
}
