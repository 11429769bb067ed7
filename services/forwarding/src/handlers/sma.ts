/** Lambda of the SIP media application (built from its own environment: see src/composition/sma.ts). */
// First: zod settings apply to the schemas the modules below build as they load.
import '@switchboard/shared/cold-start';
import { sma } from '../composition/sma.ts';

export const handler = sma;
