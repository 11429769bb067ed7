/**
 * `zod/mini` with English issue messages: import `z` from here in a module that builds zod/mini schemas.
 *
 * Classic zod registers its English locale when its first schema is built; zod/mini registers none, so in a
 * bundle without classic zod (the SIP media application's) every issue would read "Invalid input" — in the
 * logs of a failed call, in a ContractError, in a config error. Registering it here, where the schemas get
 * their `z`, makes the messages the same with or without classic zod. Why mini at all: shared/KIT.md,
 * "zod/mini on cold paths".
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';
