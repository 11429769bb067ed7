/** In-memory journal, history and clock for domain tests (the DynamoDB adapters have their own tests on dynalite). */
import type { HistoryEntry } from '../../src/domain/history.ts';
import type { Clock, IdGenerator, SwitchJournal } from '../../src/domain/ports.ts';
import type { ProductSwitch } from '../../src/domain/product-switch.ts';

export class MemoryJournal implements SwitchJournal {
  readonly records = new Map<string, ProductSwitch>();
  /** Every saved version, in order: lets a test check "written before and after each step". */
  readonly writes: ProductSwitch[] = [];
  async get(e164: string) {
    const record = this.records.get(e164);
    return record ? structuredClone(record) : undefined;
  }
  async save(record: ProductSwitch, expectedRevision: number) {
    const current = this.records.get(record.phoneNumber);
    if ((current?.revision ?? 0) !== expectedRevision) return false;
    this.records.set(record.phoneNumber, structuredClone(record));
    this.writes.push(structuredClone(record));
    return true;
  }
}

export class MemoryHistory {
  readonly entries: HistoryEntry[] = [];
  append = async (entry: HistoryEntry) => {
    this.entries.push(structuredClone(entry));
  };
}

export class ManualClock implements Clock {
  constructor(private current: Date) {}
  now() {
    return new Date(this.current);
  }
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export function sequentialIds(prefix = 'id'): IdGenerator {
  let n = 0;
  return { next: () => `${prefix}-${String(++n).padStart(6, '0')}` };
}
