/**
 * The console's runtime configuration, served next to it as `/config.json`: on the local stage by the
 * stage server, in AWS by the stage program (S3). One build runs on every stage.
 */
export const serviceNames = ['routing', 'forwarding', 'callouts', 'sms', 'iot-triage'] as const;
export type ServiceName = (typeof serviceNames)[number];

export interface LocalAuthConfig {
  mode: 'local';
  signInUrl: string;
  users: { username: string; groups: string[] }[];
}

export interface CognitoAuthConfig {
  mode: 'cognito';
  /** The user pool's issuer, `https://cognito-idp.<region>.amazonaws.com/<pool id>`. */
  authority: string;
  clientId: string;
  /** The Hosted UI domain, `https://<prefix>.auth.<region>.amazoncognito.com` (for sign-out). */
  domain: string;
}

export interface ConsoleConfig {
  stage: string;
  apis: Partial<Record<ServiceName, string>> & Record<string, string>;
  auth: LocalAuthConfig | CognitoAuthConfig;
  /** Where a deployed PBX takes the agents' softphones (absent: no PBX on this stage); see pages/softphone-sip.ts. */
  softphone?: import('./pages/softphone-sip.ts').SoftphoneConfig;
}

export async function loadConfig(fetchImpl: typeof fetch = fetch): Promise<ConsoleConfig> {
  const response = await fetchImpl('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`/config.json answered ${response.status}`);
  const config = (await response.json()) as ConsoleConfig;
  if (typeof config.stage !== 'string' || typeof config.apis !== 'object' || !config.auth) {
    throw new Error('/config.json does not name the stage, the APIs and the sign-in');
  }
  return config;
}
