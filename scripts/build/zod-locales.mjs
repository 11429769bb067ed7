import { fileURLToPath } from 'node:url';

/**
 * zod's `export * as locales` (≈ 260 KiB minified, every language) stays in a bundle whenever zod's namespace is used as
 * a value — and @hono/zod-openapi does so at load (`extendZodWithOpenApi(z)`), so every API bundle carried them. The
 * repository speaks English only (classic zod registers it; `@switchboard/shared/zod-mini` for zod/mini), so bundles
 * get a `locales` namespace holding `en` alone. Outside bundles (tsx, tests) zod is untouched.
 */
const zodLocalesShim = fileURLToPath(new URL('./zod-locales-en.mjs', import.meta.url));
export const englishOnlyZodLocales = {
  name: 'english-only-zod-locales',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]v4[\\/](classic|core|mini)[\\/]/.test(args.importer) ? { path: zodLocalesShim } : undefined,
    );
  },
};
