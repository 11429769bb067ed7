/** The api Lambda: see src/composition/api.ts. */
import { apiHandler } from '../composition/api.ts';

export const handler = apiHandler();
