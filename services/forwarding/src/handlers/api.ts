/** API Gateway (HTTP API) → the forwarding Hono app (see src/composition/api.ts). */
import { api } from '../composition/api.ts';

export const handler = api;
