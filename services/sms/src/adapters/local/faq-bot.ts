/**
 * The local stand-in for the Lex V2 FAQ bot: classifies the text against the FAQ table (the same entries the
 * real bot's intents are generated from) and answers with the matching entry's answer, or falls back.
 */
import { matchFaq } from '../../domain/faq.ts';
import type { BotAnswer, FaqBot, FaqRepository } from '../../domain/ports.ts';

export class LocalFaqBot implements FaqBot {
  constructor(
    private readonly faq: FaqRepository,
    private readonly threshold = 0.5,
  ) {}

  async ask(input: { sessionId: string; text: string }): Promise<BotAnswer> {
    const match = matchFaq(await this.faq.list(), input.text, this.threshold);
    return match ? { answered: true, answer: match.entry.answer, faqId: match.entry.id } : { answered: false };
  }
}
