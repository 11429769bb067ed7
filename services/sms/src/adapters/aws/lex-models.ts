/**
 * Generates the FAQ bot's model on Amazon Lex V2 (`lex-models-v2`) from the FAQ table: one intent `faq_<id>`
 * per entry (the question and sample utterances as utterances, the answer as the closing response), removed
 * entries' intents deleted, the DRAFT locale built; once built, a new bot version goes behind the live alias
 * (the sweeper calls promoteWhenBuilt every run, so an import never waits for a build inside an API call).
 */
import {
  BuildBotLocaleCommand,
  CreateBotVersionCommand,
  CreateIntentCommand,
  DeleteIntentCommand,
  DescribeBotAliasCommand,
  DescribeBotLocaleCommand,
  DescribeBotVersionCommand,
  LexModelsV2Client,
  ListIntentsCommand,
  UpdateBotAliasCommand,
  UpdateIntentCommand,
} from '@aws-sdk/client-lex-models-v2';
import { FAQ_INTENT_PREFIX, lexIntentFor, type FaqEntry } from '../../domain/faq.ts';
import type { FaqBotPublisher } from '../../domain/ports.ts';

export interface LexModelsOptions {
  botId: string;
  botAliasId: string;
  localeId: string;
}

export class LexFaqBotPublisher implements FaqBotPublisher {
  constructor(
    private readonly client: LexModelsV2Client,
    private readonly options: LexModelsOptions,
  ) {}

  private async existingIntents(): Promise<Map<string, string>> {
    const byName = new Map<string, string>();
    let nextToken: string | undefined;
    do {
      const page = await this.client.send(
        new ListIntentsCommand({ botId: this.options.botId, botVersion: 'DRAFT', localeId: this.options.localeId, maxResults: 1000, nextToken }),
      );
      for (const intent of page.intentSummaries ?? []) {
        if (intent.intentName?.startsWith(FAQ_INTENT_PREFIX) && intent.intentId) byName.set(intent.intentName, intent.intentId);
      }
      nextToken = page.nextToken;
    } while (nextToken);
    return byName;
  }

  async sync(entries: readonly FaqEntry[]) {
    const existing = await this.existingIntents();
    const target = { botId: this.options.botId, botVersion: 'DRAFT', localeId: this.options.localeId };
    let upserted = 0;
    for (const entry of entries) {
      const intent = lexIntentFor(entry);
      const intentId = existing.get(intent.intentName);
      existing.delete(intent.intentName);
      if (intentId) await this.client.send(new UpdateIntentCommand({ ...target, ...intent, intentId }));
      else await this.client.send(new CreateIntentCommand({ ...target, ...intent }));
      upserted += 1;
    }
    for (const intentId of existing.values()) await this.client.send(new DeleteIntentCommand({ ...target, intentId }));
    const deleted = existing.size;
    if (upserted === 0 && deleted === 0) return { upserted, deleted, build: 'not-needed' as const };
    await this.client.send(new BuildBotLocaleCommand(target));
    return { upserted, deleted, build: 'started' as const };
  }

  async promoteWhenBuilt(): Promise<'promoted' | 'building' | 'up-to-date' | 'failed'> {
    const { botId, botAliasId, localeId } = this.options;
    const locale = await this.client.send(new DescribeBotLocaleCommand({ botId, botVersion: 'DRAFT', localeId }));
    if (locale.botLocaleStatus === 'Failed') return 'failed';
    if (locale.botLocaleStatus !== 'Built') return 'building';
    const alias = await this.client.send(new DescribeBotAliasCommand({ botId, botAliasId }));
    if (alias.botVersion && alias.botVersion !== 'DRAFT') {
      const live = await this.client.send(new DescribeBotVersionCommand({ botId, botVersion: alias.botVersion }));
      // The live version was created after the DRAFT's last build: nothing new to promote.
      if (live.creationDateTime && locale.lastBuildSubmittedDateTime && live.creationDateTime >= locale.lastBuildSubmittedDateTime) return 'up-to-date';
    }
    const version = await this.client.send(
      new CreateBotVersionCommand({ botId, botVersionLocaleSpecification: { [localeId]: { sourceBotVersion: 'DRAFT' } } }),
    );
    if (!version.botVersion) return 'failed';
    for (let i = 0; i < 30; i += 1) {
      const described = await this.client.send(new DescribeBotVersionCommand({ botId, botVersion: version.botVersion }));
      if (described.botStatus === 'Available') break;
      if (described.botStatus === 'Failed') return 'failed';
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    // UpdateBotAlias replaces the alias settings: carry over what is there, change only the version.
    await this.client.send(
      new UpdateBotAliasCommand({
        botId,
        botAliasId,
        botAliasName: alias.botAliasName,
        botVersion: version.botVersion,
        ...(alias.description ? { description: alias.description } : {}),
        ...(alias.botAliasLocaleSettings ? { botAliasLocaleSettings: alias.botAliasLocaleSettings } : {}),
        ...(alias.conversationLogSettings ? { conversationLogSettings: alias.conversationLogSettings } : {}),
        ...(alias.sentimentAnalysisSettings ? { sentimentAnalysisSettings: alias.sentimentAnalysisSettings } : {}),
      }),
    );
    return 'promoted';
  }
}
