/**
 * Import this module first — before any module that builds zod schemas — in a Lambda entry whose cold
 * start someone waits for (the SIP media application: a caller hears it as silence).
 *
 * It turns off zod's JIT: by default zod compiles a specialised parser for each object schema with
 * `new Function` on its first parse. That pays off after thousands of parses; a Lambda that answers a
 * handful of invocations per execution environment pays the compilation (≈ 5 ms on the first call) and
 * rarely the dividend. The interpreted path validates identically — only the speed profile differs.
 * zod reads the setting when a schema is built, hence "first".
 */
import { config } from 'zod/mini';

// Classic zod and zod/mini share one core configuration, so this applies to both.
config({ jitless: true });
