/** The REST API behind API Gateway (HTTP API, JWT authorizer). */
import { lambdaHandler } from '@switchboard/shared/http';
import { createApp } from '../api/app.ts';
import { runtime, verifier } from '../adapters/aws/runtime.ts';
import packageJson from '../../package.json' with { type: 'json' };

export const handler = lambdaHandler(createApp({ service: runtime().service, verifier: verifier(), version: packageJson.version }));
