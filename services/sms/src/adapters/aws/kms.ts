/**
 * TokenCipher on AWS KMS: the Connect participant and connection tokens are stored encrypted with a
 * customer-managed key, the conversation id bound as encryption context (a ciphertext copied to another
 * conversation does not decrypt; CloudTrail shows which conversation a decrypt was for).
 */
import { DecryptCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import type { TokenCipher } from '../../domain/ports.ts';

export class KmsTokenCipher implements TokenCipher {
  constructor(
    private readonly client: KMSClient,
    private readonly keyId: string,
  ) {}

  async encrypt(plaintext: string, context: Record<string, string>): Promise<string> {
    const result = await this.client.send(
      new EncryptCommand({ KeyId: this.keyId, Plaintext: new TextEncoder().encode(plaintext), EncryptionContext: context }),
    );
    if (!result.CiphertextBlob) throw new Error('KMS Encrypt returned no ciphertext');
    return Buffer.from(result.CiphertextBlob).toString('base64');
  }

  async decrypt(ciphertext: string, context: Record<string, string>): Promise<string> {
    const result = await this.client.send(
      new DecryptCommand({ KeyId: this.keyId, CiphertextBlob: Buffer.from(ciphertext, 'base64'), EncryptionContext: context }),
    );
    if (!result.Plaintext) throw new Error('KMS Decrypt returned no plaintext');
    return new TextDecoder().decode(result.Plaintext);
  }
}
