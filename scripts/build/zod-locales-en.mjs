/**
 * What a bundle gets for zod's `locales` namespace (see ./zod-locales.mjs): English
 * only. Classic zod registers English itself; nothing in the repository registers another locale.
 */
export { default as en } from 'zod/v4/locales/en.js';
