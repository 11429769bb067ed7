/** Lambda entry point (built from its own environment: see src/composition/idle-sweeper.ts). */
import { idleSweeper } from '../composition/idle-sweeper.ts';

export const handler = idleSweeper;
