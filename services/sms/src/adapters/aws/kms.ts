/**
 * TokenCipher on AWS KMS (`TrentService`, awsJson 1.1): the Connect participant and connection tokens are stored
 * encrypted with a customer-managed key, the conversation id bound as encryption context (a ciphertext copied to
 * another conversation does not decrypt; CloudTrail shows which conversation a decrypt was for).
 */
import type { TokenCipher } from '../../domain/ports.ts';
import type { AwsHttpClient } from '@switchboard/shared/aws-http';

export class KmsTokenCipher implements TokenCipher {
  constructor(
    private readonly client: AwsHttpClient,
    private readonly keyId: string,
  ) {}

  async encrypt(plaintext: string, context: Record<string, string>): Promise<string> {
    const result = await this.client.target<{ CiphertextBlob?: string }>(
      'TrentService.Encrypt',
      { KeyId: this.keyId, Plaintext: Buffer.from(plaintext, 'utf8').toString('base64'), EncryptionContext: context },
      '1.1',
    );
    if (!result.CiphertextBlob) throw new Error('KMS Encrypt returned no ciphertext');
    // The JSON protocol carries blobs as base64: stored as received.
    return result.CiphertextBlob;
  }

  async decrypt(ciphertext: string, context: Record<string, string>): Promise<string> {
    const result = await this.client.target<{ Plaintext?: string }>(
      'TrentService.Decrypt',
      { KeyId: this.keyId, CiphertextBlob: ciphertext, EncryptionContext: context },
      '1.1',
    );
    if (!result.Plaintext) throw new Error('KMS Decrypt returned no plaintext');
    return Buffer.from(result.Plaintext, 'base64').toString('utf8');
  }
}
