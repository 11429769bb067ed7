/** API Gateway (HTTP API) → the forwarding Hono app. Errors become problem+json inside the app. */
import { lambdaHandler } from '@switchboard/shared/http';
import { apiApp } from '../adapters/aws/api-dependencies.ts';

export const handler = lambdaHandler(apiApp());
