/**
 * `HttpApi`: an API Gateway HTTP API in front of one service's Hono Lambda. Every route but the public ones
 * (`GET /health`, `GET /openapi.json`) needs a Cognito JWT from the stage's user pool; CORS allows only the
 * listed origins; access logs go to a log group with the stage's retention.
 */
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { LambdaFunction } from './lambda-function.ts';
import type { Platform } from './platform.ts';

export interface HttpApiArgs {
  /** The stage platform (user pool, settings, tags). */
  readonly platform: Platform;
  /** The Lambda serving the Hono app (payload format 2.0). */
  readonly function: LambdaFunction;
  /**
   * Routes that require a JWT. Name the methods: an `ANY` route would also catch the browser's CORS preflight
   * (OPTIONS, sent without a token) and answer it 401, whereas with no OPTIONS route API Gateway answers
   * preflights itself from the CORS configuration.
   * @default ['GET /{proxy+}', 'POST /{proxy+}', 'PUT /{proxy+}', 'PATCH /{proxy+}', 'DELETE /{proxy+}']
   */
  readonly routes?: readonly string[];
  /**
   * Routes open without a token (the kit serves these unauthenticated too).
   * @default ['GET /health', 'GET /openapi.json']
   */
  readonly publicRoutes?: readonly string[];
  /**
   * Browser origins allowed by CORS; never "*". An empty list configures no CORS (no browser access).
   * @default [...platform.allowedOrigins, platform.consoleOrigin]
   */
  readonly allowedOrigins?: readonly pulumi.Input<string>[];
  /**
   * Steady-state requests per second and burst across the API.
   * @default { rateLimit: 50, burstLimit: 100 }
   */
  readonly throttling?: {
    /** Requests per second, steady state. */
    readonly rateLimit: number;
    /** Requests allowed in a burst above the rate. */
    readonly burstLimit: number;
  };
}

const ROUTE_KEY = /^(ANY|GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) \/[A-Za-z0-9_\-.{}+/]*$/;

export class HttpApi extends pulumi.ComponentResource {
  readonly api: aws.apigatewayv2.Api;
  readonly stage: aws.apigatewayv2.Stage;
  readonly accessLogGroup: aws.cloudwatch.LogGroup;
  /** Base URL, e.g. https://abc123.execute-api.eu-central-1.amazonaws.com */
  readonly url: pulumi.Output<string>;

  constructor(name: string, args: HttpApiArgs, opts?: pulumi.ComponentResourceOptions) {
    super('switchboard:http:HttpApi', name, {}, opts);
    const { platform } = args;
    const owner = `HttpApi ${name}`;
    const routes = args.routes ?? ['GET /{proxy+}', 'POST /{proxy+}', 'PUT /{proxy+}', 'PATCH /{proxy+}', 'DELETE /{proxy+}'];
    const publicRoutes = args.publicRoutes ?? ['GET /health', 'GET /openapi.json'];
    const origins = args.allowedOrigins ?? [...platform.allowedOrigins, platform.consoleOrigin];

    for (const route of [...routes, ...publicRoutes]) {
      if (!ROUTE_KEY.test(route)) throw new Error(`${owner}: route "${route}" must look like "GET /path" or "ANY /{proxy+}"`);
    }
    const duplicates = [...routes, ...publicRoutes].filter((route, index, all) => all.indexOf(route) !== index);
    if (duplicates.length > 0) throw new Error(`${owner}: duplicate routes ${duplicates.join(', ')}`);
    if (routes.length === 0) throw new Error(`${owner}: at least one authenticated route is required`);
    const catchesPreflight = routes.find((route) => route.startsWith('ANY ') || route.startsWith('OPTIONS '));
    if (catchesPreflight && origins.length > 0) {
      throw new Error(
        `${owner}: authenticated route "${catchesPreflight}" would answer CORS preflights with 401; list the methods (GET, POST, …) instead`,
      );
    }
    // Configured origins are checked here; the console's (an output) is the distribution's own https origin.
    for (const origin of origins.filter((o): o is string => typeof o === 'string')) {
      if (origin.includes('*')) throw new Error(`${owner}: CORS origin "${origin}" contains a wildcard; list exact origins`);
      if (!/^https?:\/\/[^/\s]+$/.test(origin)) throw new Error(`${owner}: CORS origin "${origin}" must be scheme://host[:port]`);
    }
    const throttling = args.throttling ?? { rateLimit: 50, burstLimit: 100 };
    if (!(throttling.rateLimit > 0 && throttling.burstLimit > 0)) throw new Error(`${owner}: throttling limits must be positive`);

    const apiName = platform.physicalName(name);
    this.api = new aws.apigatewayv2.Api(
      `${name}-api`,
      {
        name: apiName,
        protocolType: 'HTTP',
        corsConfiguration:
          origins.length > 0
            ? {
                allowOrigins: [...origins],
                allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
                allowHeaders: ['authorization', 'content-type', 'x-request-id'],
                exposeHeaders: ['x-request-id'],
                allowCredentials: false,
                maxAge: 600,
              }
            : undefined,
        tags: platform.tags,
      },
      { parent: this },
    );

    this.accessLogGroup = new aws.cloudwatch.LogGroup(
      `${name}-access-logs`,
      { name: `/aws/apigateway/${apiName}`, retentionInDays: platform.settings.logRetentionDays, tags: platform.tags },
      { parent: this },
    );

    const authorizer = new aws.apigatewayv2.Authorizer(
      `${name}-authorizer`,
      {
        apiId: this.api.id,
        authorizerType: 'JWT',
        identitySources: ['$request.header.Authorization'],
        name: 'cognito',
        jwtConfiguration: { issuer: platform.userPool.issuer, audiences: [platform.userPool.clientId] },
      },
      { parent: this },
    );

    const integration = new aws.apigatewayv2.Integration(
      `${name}-integration`,
      {
        apiId: this.api.id,
        integrationType: 'AWS_PROXY',
        integrationUri: args.function.arn,
        payloadFormatVersion: '2.0',
        timeoutMilliseconds: 29000,
      },
      { parent: this },
    );

    const routeResources = [
      ...routes.map((routeKey) => ({ routeKey, authenticated: true })),
      ...publicRoutes.map((routeKey) => ({ routeKey, authenticated: false })),
    ].map(
      ({ routeKey, authenticated }) =>
        new aws.apigatewayv2.Route(
          `${name}-route-${slug(routeKey)}`,
          {
            apiId: this.api.id,
            routeKey,
            target: pulumi.interpolate`integrations/${integration.id}`,
            ...(authenticated ? { authorizationType: 'JWT', authorizerId: authorizer.id } : { authorizationType: 'NONE' }),
          },
          { parent: this },
        ),
    );

    this.stage = new aws.apigatewayv2.Stage(
      `${name}-stage`,
      {
        apiId: this.api.id,
        name: '$default',
        autoDeploy: true,
        defaultRouteSettings: { throttlingRateLimit: throttling.rateLimit, throttlingBurstLimit: throttling.burstLimit },
        accessLogSettings: {
          destinationArn: this.accessLogGroup.arn,
          format: JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            requestTime: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
            subject: '$context.authorizer.claims.sub',
          }),
        },
        tags: platform.tags,
      },
      { parent: this, dependsOn: routeResources },
    );

    new aws.lambda.Permission(
      `${name}-invoke-permission`,
      {
        action: 'lambda:InvokeFunction',
        function: args.function.functionName,
        principal: 'apigateway.amazonaws.com',
        sourceArn: pulumi.interpolate`${this.api.executionArn}/*/*`,
      },
      { parent: this },
    );

    this.url = this.api.apiEndpoint;
    this.registerOutputs({ url: this.url });
  }
}

/** `GET /items/{id}` → `get-items-id`: a stable child name per route. */
function slug(routeKey: string): string {
  return (
    routeKey
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'root'
  );
}
