/** The FAQ bot's model publisher (Lex V2 models API) of the API and the sweeper. */
import { LexFaqBotPublisher } from '../adapters/aws/lex-models.ts';
import type { RelayEnv } from '../config.ts';
import type { AwsClients } from './aws.ts';

export function faqBotPublisher(env: Pick<RelayEnv, 'LEX_BOT_ID' | 'LEX_BOT_ALIAS_ID' | 'LEX_LOCALE_ID'>, clients: AwsClients): LexFaqBotPublisher {
  return new LexFaqBotPublisher(clients.lexModels(), { botId: env.LEX_BOT_ID, botAliasId: env.LEX_BOT_ALIAS_ID, localeId: env.LEX_LOCALE_ID });
}
