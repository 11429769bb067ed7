/** The dial Lambda: see src/composition/dial.ts. */
import { dialHandler } from '../composition/dial.ts';

export const handler = dialHandler();
