/** Lambda entry point (built from its own environment: see src/composition/deflection-requested.ts). */
import { deflectionRequested } from '../composition/deflection-requested.ts';

export const handler = deflectionRequested;
