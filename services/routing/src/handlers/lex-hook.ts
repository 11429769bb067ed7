/** Lambda entry point, built from its own environment: see src/composition/lex-hook.ts. */
import { lexHook } from '../composition/lex-hook.ts';

export const handler = lexHook;
