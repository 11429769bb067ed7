/**
 * Local stage: the Lex stand-in answers straight from the FAQ table, so there is no model to build — but the
 * generated intents are still produced (and kept for inspection) so an import fails locally where Lex would.
 */
import { lexIntentFor, type FaqEntry } from '../../domain/faq.ts';
import type { FaqBotPublisher } from '../../domain/ports.ts';

export class LocalFaqBotPublisher implements FaqBotPublisher {
  intents: ReturnType<typeof lexIntentFor>[] = [];

  async sync(entries: readonly FaqEntry[]) {
    const previous = new Set(this.intents.map((intent) => intent.intentName));
    this.intents = entries.map(lexIntentFor);
    for (const intent of this.intents) {
      if (intent.sampleUtterances.length === 0) throw new Error(`${intent.intentName} has no sample utterance`);
      previous.delete(intent.intentName);
    }
    return { upserted: this.intents.length, deleted: previous.size, build: 'not-needed' as const };
  }

  async promoteWhenBuilt() {
    return 'up-to-date' as const;
  }
}
