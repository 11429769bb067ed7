/**
 * The FAQ bot on Amazon Lex V2 (`lex-runtime-v2` RecognizeText, REST JSON over the small signed client). Each FAQ entry is an intent `faq_<id>` whose
 * closing response is the answer, so RecognizeText returns the answer in `messages`; FallbackIntent (or a
 * low-confidence match) means the question is not in the FAQ.
 */
import { FAQ_INTENT_PREFIX } from '../../domain/faq.ts';
import type { BotAnswer, FaqBot } from '../../domain/ports.ts';
import type { AwsHttpClient } from '@switchboard/shared/aws-http';

interface RecognizeTextResult {
  sessionState?: { intent?: { name?: string } };
  interpretations?: { intent?: { name?: string }; nluConfidence?: { score?: number } }[];
  messages?: { content?: string }[];
}

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
    private readonly client: AwsHttpClient,
    private readonly options: LexFaqBotOptions,
  ) {}

  async ask(input: { sessionId: string; text: string }): Promise<BotAnswer> {
    const { botId, botAliasId, localeId } = this.options;
    // Lex session ids: [0-9a-zA-Z._:-]{2,100}.
    const sessionId = input.sessionId.replace(/[^0-9A-Za-z._:-]/gu, '-').slice(0, 100);
    const path = ['bots', botId, 'botAliases', botAliasId, 'botLocales', localeId, 'sessions', sessionId].map(encodeURIComponent).join('/');
    const result = await this.client.request<RecognizeTextResult>({
      method: 'POST',
      path: `/${path}/text`,
      body: { text: input.text.slice(0, 1024) },
    });
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
