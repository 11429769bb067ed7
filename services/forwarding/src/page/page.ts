/**
 * The self-service page: one static HTML file (no build step, no framework) that talks to the API with the
 * user's ID token. In AWS it is uploaded to the page bucket behind CloudFront with a `page-config.json` that
 * points at the API and the Cognito Hosted UI; on the local stage the service serves both itself.
 */
import { readFileSync } from 'node:fs';

/** Where the page reads its configuration, relative to itself. */
export const pageConfigPath = '/page-config.json';

export const pageFile = new URL('./index.html', import.meta.url);

let cached: string | undefined;
export function pageHtml(): string {
  cached ??= readFileSync(pageFile, 'utf8');
  return cached;
}

/** What the page expects in page-config.json. */
export type PageConfig =
  | { apiBase: string; auth: { kind: 'local'; loginPath: string }; simulator?: boolean; stage: string }
  | { apiBase: string; auth: { kind: 'cognito'; domain: string; clientId: string; redirectUri: string }; simulator?: false; stage: string };
