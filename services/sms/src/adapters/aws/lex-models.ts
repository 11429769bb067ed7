/**
 * Generates the FAQ bot's model on Amazon Lex V2 (`lex-models-v2`, REST JSON over the small signed client) from the FAQ table: one intent `faq_<id>`
 * per entry (the question and sample utterances as utterances, the answer as the closing response), removed
 * entries' intents deleted, the DRAFT locale built; once built, a new bot version goes behind the live alias
 * (the sweeper calls promoteWhenBuilt every run, so an import never waits for a build inside an API call).
 */
import { FAQ_INTENT_PREFIX, lexIntentFor, type FaqEntry } from '../../domain/faq.ts';
import type { FaqBotPublisher } from '../../domain/ports.ts';
import type { AwsHttpClient } from '@switchboard/shared/aws-http';

interface BotAlias {
  botAliasName?: string;
  botVersion?: string;
  description?: string;
  botAliasLocaleSettings?: Record<string, unknown>;
  conversationLogSettings?: Record<string, unknown>;
  sentimentAnalysisSettings?: Record<string, unknown>;
}

export interface LexModelsOptions {
  botId: string;
  botAliasId: string;
  localeId: string;
}

export class LexFaqBotPublisher implements FaqBotPublisher {
  constructor(
    private readonly client: AwsHttpClient,
    private readonly options: LexModelsOptions,
  ) {}

  private get bot(): string {
    return `/bots/${encodeURIComponent(this.options.botId)}`;
  }

  private get draftLocale(): string {
    return `${this.bot}/botversions/DRAFT/botlocales/${encodeURIComponent(this.options.localeId)}`;
  }

  private async existingIntents(): Promise<Map<string, string>> {
    const byName = new Map<string, string>();
    let nextToken: string | undefined;
    do {
      const page = await this.client.request<{ intentSummaries?: { intentName?: string; intentId?: string }[]; nextToken?: string }>({
        method: 'POST',
        path: `${this.draftLocale}/intents`,
        body: { maxResults: 1000, ...(nextToken ? { nextToken } : {}) },
      });
      for (const intent of page.intentSummaries ?? []) {
        if (intent.intentName?.startsWith(FAQ_INTENT_PREFIX) && intent.intentId) byName.set(intent.intentName, intent.intentId);
      }
      nextToken = page.nextToken;
    } while (nextToken);
    return byName;
  }

  async sync(entries: readonly FaqEntry[]) {
    const existing = await this.existingIntents();
    let upserted = 0;
    for (const entry of entries) {
      const intent = lexIntentFor(entry);
      const intentId = existing.get(intent.intentName);
      existing.delete(intent.intentName);
      if (intentId) await this.client.request({ method: 'PUT', path: `${this.draftLocale}/intents/${encodeURIComponent(intentId)}`, body: intent });
      else await this.client.request({ method: 'PUT', path: `${this.draftLocale}/intents`, body: intent });
      upserted += 1;
    }
    for (const intentId of existing.values())
      await this.client.request({ method: 'DELETE', path: `${this.draftLocale}/intents/${encodeURIComponent(intentId)}` });
    const deleted = existing.size;
    if (upserted === 0 && deleted === 0) return { upserted, deleted, build: 'not-needed' as const };
    await this.client.request({ method: 'POST', path: this.draftLocale });
    return { upserted, deleted, build: 'started' as const };
  }

  async promoteWhenBuilt(): Promise<'promoted' | 'building' | 'up-to-date' | 'failed'> {
    const { botAliasId, localeId } = this.options;
    const locale = await this.client.request<{ botLocaleStatus?: string; lastBuildSubmittedDateTime?: number }>({
      method: 'GET',
      path: this.draftLocale,
    });
    if (locale.botLocaleStatus === 'Failed') return 'failed';
    if (locale.botLocaleStatus !== 'Built') return 'building';
    const aliasPath = `${this.bot}/botaliases/${encodeURIComponent(botAliasId)}`;
    const alias = await this.client.request<BotAlias>({ method: 'GET', path: aliasPath });
    const describeVersion = (botVersion: string) =>
      this.client.request<{ botStatus?: string; creationDateTime?: number }>({
        method: 'GET',
        path: `${this.bot}/botversions/${encodeURIComponent(botVersion)}`,
      });
    if (alias.botVersion && alias.botVersion !== 'DRAFT') {
      const live = await describeVersion(alias.botVersion);
      // The live version was created after the DRAFT's last build: nothing new to promote (epoch seconds on the wire).
      if (live.creationDateTime && locale.lastBuildSubmittedDateTime && live.creationDateTime >= locale.lastBuildSubmittedDateTime)
        return 'up-to-date';
    }
    const version = await this.client.request<{ botVersion?: string }>({
      method: 'PUT',
      path: `${this.bot}/botversions`,
      body: { botVersionLocaleSpecification: { [localeId]: { sourceBotVersion: 'DRAFT' } } },
    });
    if (!version.botVersion) return 'failed';
    for (let i = 0; i < 30; i += 1) {
      const described = await describeVersion(version.botVersion);
      if (described.botStatus === 'Available') break;
      if (described.botStatus === 'Failed') return 'failed';
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    // UpdateBotAlias replaces the alias settings: carry over what is there, change only the version.
    await this.client.request({
      method: 'PUT',
      path: aliasPath,
      body: {
        botAliasName: alias.botAliasName,
        botVersion: version.botVersion,
        ...(alias.description ? { description: alias.description } : {}),
        ...(alias.botAliasLocaleSettings ? { botAliasLocaleSettings: alias.botAliasLocaleSettings } : {}),
        ...(alias.conversationLogSettings ? { conversationLogSettings: alias.conversationLogSettings } : {}),
        ...(alias.sentimentAnalysisSettings ? { sentimentAnalysisSettings: alias.sentimentAnalysisSettings } : {}),
      },
    });
    return 'promoted';
  }
}
