/** Lambda entry point, built from its own environment: see src/composition/api.ts. */
import { api } from '../composition/api.ts';

export const handler = api;
