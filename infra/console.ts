/**
 * The console on a deployed stage: where its build is, and the `config.json` it reads on start
 * (console/src/config.ts: the stage, each API's URL, and Cognito sign-in — authority, app client, hosted-UI domain).
 */
import { fileURLToPath } from 'node:url';
import * as pulumi from '@pulumi/pulumi';
import type { PlatformUserPool } from './components/index.ts';

/** `npm run build -w @switchboard/console` writes here (console/vite.config.ts `outDir`). */
export const consoleDistDir = fileURLToPath(new URL('../console/dist/', import.meta.url));

/** The deployed shape of console/src/config.ts `ConsoleConfig` (auth mode "cognito"). */
export interface DeployedConsoleConfig {
  stage: string;
  apis: Record<string, string>;
  auth: { mode: 'cognito'; authority: string; clientId: string; domain: string };
}

export function consoleConfig(args: {
  stage: string;
  apis: Record<string, pulumi.Input<string>>;
  userPool: Pick<PlatformUserPool, 'issuer' | 'clientId' | 'domain'>;
}): pulumi.Output<DeployedConsoleConfig> {
  return pulumi.all([pulumi.all(args.apis), args.userPool.issuer, args.userPool.clientId, args.userPool.domain]).apply(([apis, authority, clientId, domain]) => ({
    stage: args.stage,
    apis,
    // oidc-client-ts discovers the endpoints from the issuer; sign-out goes to the hosted UI's /logout.
    auth: { mode: 'cognito' as const, authority, clientId, domain: `https://${domain}` },
  }));
}
