/** The texting projection in memory (tests and benches): the same newest-fact-wins rule as the DynamoDB adapter. */
import type { TextingProjection } from '../../domain/ports.ts';
import type { TextingRecord } from '../../domain/sms-eligibility.ts';

export class InMemoryTextingProjection implements TextingProjection {
  readonly records = new Map<string, TextingRecord>();

  async get(phoneNumber: string): Promise<TextingRecord | undefined> {
    const record = this.records.get(phoneNumber);
    return record ? { ...record } : undefined;
  }

  async record(record: TextingRecord): Promise<boolean> {
    const current = this.records.get(record.phoneNumber);
    if (current !== undefined && current.changedAt > record.changedAt) return false;
    this.records.set(record.phoneNumber, { ...record });
    return true;
  }
}
