/**
 * The HTTP kit for Hono: createServiceApp, problem+json errors, bearer auth (Cognito or the local
 * issuer), validation responses, pagination, the Lambda adapter, and `openApiSchema` for zod/mini schemas in routes.
 */
export {
  createServiceApp,
  createRouter,
  bearerAuth,
  problemErrorHandler,
  validationHook,
  validationIssues,
  requestIdHeader,
  lambdaPayloadLimitBytes,
  authenticate,
  routeAccessControl,
  matchedRoute,
  annotateOpenApiAccess,
  type AppEnv,
  type ServiceAppOptions,
} from './service-app.ts';
export {
  HttpProblem,
  problemResponse,
  problemSchema,
  problemResponses,
  problemContentType,
  defaultProblemTitle,
  type ProblemBody,
  type ValidationIssue,
} from './problem.ts';
export { requireGroup, principalFromClaims, InvalidTokenError, type Principal, type TokenVerifier } from './auth.ts';
export { cognitoVerifier, type CognitoVerifierOptions } from './cognito-verifier.ts';
export {
  createLocalIssuer,
  type LocalIssuer,
  type LocalIssuerOptions,
  type IssueTokenOptions,
} from './local-issuer.ts';
export {
  paginationQuerySchema,
  encodeNextToken,
  decodeNextToken,
  pageRequest,
  page,
  pageSchema,
  defaultPageSize,
  maxPageSize,
  type Page,
  type PageKey,
} from './pagination.ts';
export { lambdaHandler } from './lambda.ts';
export {
  defineRouteAccess,
  isRouteAccessTable,
  openApiPathOf,
  routeAccessReasons,
  type RouteAccessRule,
  type RouteAccessTable,
  type RouteKey,
  type RouteRoles,
} from './route-access.ts';
export { spendLimitProblem, enforceSpendLimit } from './spend-limit.ts';
export { openApiSchema, type OpenApiSchemaOptions } from './core-schema.ts';
export { createRoute, z, OpenAPIHono } from '@hono/zod-openapi';
