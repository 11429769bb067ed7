/**
 * The FAQ bot on Amazon Lex V2 (`lex-runtime-v2` RecognizeText). Each FAQ entry is an intent `faq_<id>` whose
 * closing response is the answer, so RecognizeText returns the answer in `messages`; FallbackIntent (or a
 * low-confidence match) means the question is not in the FAQ.
 */
import { LexRuntimeV2Client, RecognizeTextCommand } from '@aws-sdk/client-lex-runtime-v2';
import { FAQ_INTENT_PREFIX } from '../../domain/faq.ts';
import type { BotAnswer, FaqBot } from '../../domain/ports.ts';

export interface LexFaqBotOptions {
  botId: string;
  botAliasId: string;
  /** e.g. en_US */
  localeId: string;
  /** Below this NLU confidence the match counts as unanswered. @default 0.6 */
  minConfidence?: number;
}

export class LexFaqBot implements FaqBot {
  constructor(
    private readonly client: LexRuntimeV2Client,
    private readonly options: LexFaqBotOptions,
  ) {}

  async ask(input: { sessionId: string; text: string }): Promise<BotAnswer> {
    const result = await this.client.send(
      new RecognizeTextCommand({
        botId: this.options.botId,
        botAliasId: this.options.botAliasId,
        localeId: this.options.localeId,
        // Lex session ids: [0-9a-zA-Z._:-]{2,100}.
        sessionId: input.sessionId.replace(/[^0-9A-Za-z._:-]/gu, '-').slice(0, 100),
        text: input.text.slice(0, 1024),
      }),
    );
    const intent = result.sessionState?.intent;
    const top = result.interpretations?.find((interpretation) => interpretation.intent?.name === intent?.name);
    const confidence = top?.nluConfidence?.score ?? 0;
    const answer = (result.messages ?? [])
      .map((message) => message.content)
      .filter((content): content is string => typeof content === 'string' && content.length > 0)
      .join('\n');
    if (!intent?.name?.startsWith(FAQ_INTENT_PREFIX) || confidence < (this.options.minConfidence ?? 0.6) || answer.length === 0) {
      return { answered: false };
    }
    return { answered: true, answer, faqId: intent.name.slice(FAQ_INTENT_PREFIX.length) };
  }
}
