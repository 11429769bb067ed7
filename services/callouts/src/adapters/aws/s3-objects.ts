import { Readable } from 'node:stream';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { ReportStore, StoredObject } from '../../domain/ports.ts';

/** Reports in the reports bucket; links are SigV4 presigned GETs, capped at 7 days (S3's limit). */
export class S3ReportStore implements ReportStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}
  async put(object: StoredObject) {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: object.key,
        Body: object.body,
        ContentType: object.contentType,
        ServerSideEncryption: 'AES256',
      }),
    );
  }
  async presign(key: string, expiresInSeconds: number) {
    if (expiresInSeconds > 604_800) throw new Error('presigned URLs are valid for at most 7 days');
    return getSignedUrl(this.client, new GetObjectCommand({ Bucket: this.bucket, Key: key }), { expiresIn: expiresInSeconds });
  }
}

/**
 * An uploaded workbook as a stream, so the reader counts (and stops at) its size limit instead of the whole
 * object being buffered first.
 */
export async function getObjectStream(client: S3Client, bucket: string, key: string): Promise<Readable> {
  const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  if (!out.Body) throw new Error(`s3://${bucket}/${key} has no body`);
  return out.Body instanceof Readable ? out.Body : Readable.fromWeb(out.Body.transformToWebStream() as never);
}

export async function putJson(client: S3Client, bucket: string, key: string, value: unknown): Promise<void> {
  await client.send(
    new PutObjectCommand({ Bucket: bucket, Key: key, Body: JSON.stringify(value), ContentType: 'application/json', ServerSideEncryption: 'AES256' }),
  );
}
