/**
 * `UserPool`: the stage's Cognito user pool (users of every API and page), the groups of the platform's role model
 * (components/roles.ts), a public app client (SPA / CLI: no secret, SRP + refresh, OAuth code flow for the
 * allowed origins) and the hosted-UI domain.
 */
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { roleDescriptions } from './roles.ts';

export interface UserPoolArgs {
  /** Pool name, `${project}-${stage}`. */
  readonly poolName: string;
  /** Hosted-UI domain prefix (globally unique per region). */
  readonly domainPrefix: pulumi.Input<string>;
  /** Origins whose `/` and `/auth/callback` may receive authorization codes. */
  readonly allowedOrigins: readonly string[];
  /**
   * Origins of apps the stage itself deploys (the console), known only once they exist; same callbacks as above.
   * @default []
   */
  readonly appOrigins?: readonly pulumi.Input<string>[];
  /** AWS region of the pool (part of the JWT issuer URL). */
  readonly region: string;
  /**
   * Cognito deletion protection.
   * @default false
   */
  readonly deletionProtection?: boolean;
  /**
   * Pulumi protect on the pool.
   * @default false
   */
  readonly protect?: boolean;
  /**
   * Groups created in the pool.
   * @default platformRoles (admin, supervisor, routing-editor, campaign-manager, operator, agent)
   */
  readonly groups?: readonly string[];
  /**
   * Tags on the pool.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

export class UserPool extends pulumi.ComponentResource {
  readonly pool: aws.cognito.UserPool;
  readonly client: aws.cognito.UserPoolClient;
  readonly id: pulumi.Output<string>;
  readonly arn: pulumi.Output<string>;
  readonly clientId: pulumi.Output<string>;
  readonly issuer: pulumi.Output<string>;
  /** `<prefix>.auth.<region>.amazoncognito.com`. */
  readonly domain: pulumi.Output<string>;
  /** Group name by group name: what the APIs compare `cognito:groups` with. */
  readonly groups: Readonly<Record<string, string>>;

  constructor(name: string, args: UserPoolArgs, opts?: pulumi.ComponentResourceOptions) {
    super('switchboard:auth:UserPool', name, {}, opts);
    const groups = args.groups ?? Object.keys(roleDescriptions);
    if (groups.length === 0 || groups.some((g) => !/^[a-z][a-z0-9-]*$/.test(g))) throw new Error(`UserPool ${name}: groups must be lowercase names`);
    if (args.allowedOrigins.some((origin) => origin.includes('*'))) throw new Error(`UserPool ${name}: callback origins cannot contain "*"`);

    this.pool = new aws.cognito.UserPool(
      `${name}-pool`,
      {
        name: args.poolName,
        usernameAttributes: ['email'],
        autoVerifiedAttributes: ['email'],
        // Operators are invited by an admin; nobody signs themselves up to a contact-center console.
        adminCreateUserConfig: { allowAdminCreateUserOnly: true },
        passwordPolicy: {
          minimumLength: 12,
          requireLowercase: true,
          requireUppercase: true,
          requireNumbers: true,
          requireSymbols: false,
          temporaryPasswordValidityDays: 3,
        },
        mfaConfiguration: 'OPTIONAL',
        softwareTokenMfaConfiguration: { enabled: true },
        accountRecoverySetting: { recoveryMechanisms: [{ name: 'verified_email', priority: 1 }] },
        deletionProtection: args.deletionProtection ? 'ACTIVE' : 'INACTIVE',
        tags: args.tags ?? {},
      },
      { parent: this, protect: args.protect },
    );

    for (const group of groups) {
      const description = (roleDescriptions as Record<string, string>)[group] ?? `Switchboard ${group}`;
      new aws.cognito.UserGroup(`${name}-group-${group}`, { userPoolId: this.pool.id, name: group, description }, { parent: this });
    }
    this.groups = Object.freeze(Object.fromEntries(groups.map((group) => [group, group])));

    const origins = [...args.allowedOrigins, ...(args.appOrigins ?? [])];
    const callbackUrls = origins.flatMap((origin) => [pulumi.interpolate`${origin}/`, pulumi.interpolate`${origin}/auth/callback`]);
    this.client = new aws.cognito.UserPoolClient(
      `${name}-client`,
      {
        userPoolId: this.pool.id,
        name: `${args.poolName}-app`,
        generateSecret: false,
        explicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        preventUserExistenceErrors: 'ENABLED',
        enableTokenRevocation: true,
        accessTokenValidity: 60,
        idTokenValidity: 60,
        refreshTokenValidity: 30,
        tokenValidityUnits: { accessToken: 'minutes', idToken: 'minutes', refreshToken: 'days' },
        supportedIdentityProviders: ['COGNITO'],
        ...(callbackUrls.length > 0
          ? {
              allowedOauthFlowsUserPoolClient: true,
              allowedOauthFlows: ['code'],
              allowedOauthScopes: ['openid', 'email', 'profile'],
              callbackUrls,
              logoutUrls: origins.map((origin) => pulumi.interpolate`${origin}/`),
            }
          : {}),
      },
      { parent: this },
    );

    const domain = new aws.cognito.UserPoolDomain(`${name}-domain`, { userPoolId: this.pool.id, domain: args.domainPrefix }, { parent: this });
    this.domain = pulumi.interpolate`${domain.domain}.auth.${args.region}.amazoncognito.com`;

    this.id = this.pool.id;
    this.arn = this.pool.arn;
    this.clientId = this.client.id;
    this.issuer = pulumi.interpolate`https://cognito-idp.${args.region}.amazonaws.com/${this.pool.id}`;
    this.registerOutputs({ id: this.id, clientId: this.clientId, issuer: this.issuer });
  }
}
