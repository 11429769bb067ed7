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
  /** The agents' softphone on a stage with the Asterisk PBX (console/src/pages/softphone-sip.ts `SoftphoneConfig`). */
  softphone?: { wssUrl: string; sipUri: string };
}

/**
 * Where the console's softphone registers when the stage deploys the PBX: Asterisk's WSS transport (TLS HTTP server
 * on 8089, services/routing/asterisk) at the PBX's name, as the PJSIP endpoint `agent` the dialplan rings.
 */
export function softphoneConfig(pbx: { domainName: string } | undefined): DeployedConsoleConfig['softphone'] {
  return pbx ? { wssUrl: `wss://${pbx.domainName}:8089/ws`, sipUri: `sip:agent@${pbx.domainName}` } : undefined;
}

/**
 * What the console may connect to, exactly: its own origin, each API's origin and Cognito (the user pool's issuer
 * host for the OpenID configuration, the hosted UI for tokens). Delivered in index.html (a `<meta>` CSP) because the
 * header, fixed before the APIs exist, can only name the region's API Gateway domain.
 */
export function consoleConnectPolicy(args: {
  apis: Record<string, pulumi.Input<string>>;
  userPool: Pick<PlatformUserPool, 'issuer' | 'domain'>;
  softphone?: DeployedConsoleConfig['softphone'];
}): pulumi.Output<string> {
  return pulumi.all([pulumi.all(args.apis), args.userPool.issuer, args.userPool.domain]).apply(([apis, issuer, domain]) => {
    const urls = [...Object.values(apis), issuer, `https://${domain}`, ...(args.softphone ? [args.softphone.wssUrl] : [])];
    const origins = [...new Set(urls.map((url) => new URL(url).origin))];
    return `connect-src 'self' ${origins.join(' ')}`;
  });
}

export function consoleConfig(args: {
  stage: string;
  apis: Record<string, pulumi.Input<string>>;
  userPool: Pick<PlatformUserPool, 'issuer' | 'clientId' | 'domain'>;
  softphone?: DeployedConsoleConfig['softphone'];
}): pulumi.Output<DeployedConsoleConfig> {
  return pulumi
    .all([pulumi.all(args.apis), args.userPool.issuer, args.userPool.clientId, args.userPool.domain])
    .apply(([apis, authority, clientId, domain]) => ({
      stage: args.stage,
      apis,
      // oidc-client-ts discovers the endpoints from the issuer; sign-out goes to the hosted UI's /logout.
      auth: { mode: 'cognito' as const, authority, clientId, domain: `https://${domain}` },
      ...(args.softphone ? { softphone: args.softphone } : {}),
    }));
}
