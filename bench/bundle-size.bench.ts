/**
 * Lambda bundle sizes and load times, per handler, as deployed on prod (minified, no source maps) and as built for
 * dev — the figures that drive cold starts. Builds a prod bundle set into a temporary folder with scripts/build.mjs,
 * reads its esbuild metafile to show which packages weigh most, and times a fresh `import()` of every prod bundle
 * in its own Node process (the module-initialisation part of a cold start; no AWS involved). Each row shows the bundle
 * beside routing's SMA, measured in the same run (the baseline: the handler issue 12 holds the others to), and its
 * budget from bench/bundle-budgets.ts (checked by shared/test/bundle-budgets.test.ts). Prints; asserts nothing.
 *
 *   npm run bench bundle-size
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { budgetFor } from './bundle-budgets.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const prodDir = mkdtempSync(path.join(tmpdir(), 'switchboard-bundle-bench-'));

interface BuildInfo {
  readonly profile: string;
  readonly bundles: Record<string, { bytes: number; gzipBytes: number; inputs: number }>;
}
interface Metafile {
  readonly outputs: Record<string, { bytes: number; inputs: Record<string, { bytesInOutput: number }> }>;
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

/**
 * Handlers read their config at module init, so an import needs a plausible environment (nothing is called: a cold
 * import makes no request). Values in the shapes the config schemas check; a handler whose config still refuses
 * shows n/a for load and keeps its size.
 */
const importEnv: Record<string, string> = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'AKIDBENCH',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  POWERTOOLS_LOG_LEVEL: 'ERROR',
  EVENT_BUS_NAME: 'switchboard-bench',
  USER_POOL_ID: 'us-east-1_Bench1234',
  USER_POOL_CLIENT_ID: 'benchclientid1234567890',
  DEPARTMENTS_TABLE: 'switchboard-bench-routing-departments',
  CALL_LOG_TABLE: 'switchboard-bench-routing-call-log',
  VOICE_CONNECTOR_ARN: 'arn:aws:chime:us-east-1:123456789012:vc/abcdefghijklmnopqrstuv',
  VOICE_CONNECTOR_ID: 'abcdefghijklmnopqrstuv',
  LEX_BOT_ID: 'BOTID12345',
  LEX_BOT_ALIAS_ID: 'ALIASID123',
  LEX_BOT_ALIAS_ARN: 'arn:aws:lex:us-east-1:123456789012:bot-alias/BOTID12345/ALIASID123',
  PBX_HOSTED_ZONE_ID: 'Z0123456789ABCDEFGHIJ',
  PBX_RECORD_NAME: 'pbx.bench.example.com',
  FORWARDS_TABLE: 'switchboard-bench-forwarding-forwards',
  PAGE_ORIGIN: 'https://bench.example.com',
  SIP_MEDIA_APPLICATION_ID: '12345678-1234-1234-1234-123456789012',
  SWITCH_STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:123456789012:stateMachine:bench-switch',
  CONNECT_INSTANCE_ID: '12345678-1234-1234-1234-123456789012',
  CONNECT_CHAT_FLOW_ID: '12345678-1234-1234-1234-123456789012',
  CHAT_STREAMING_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:bench-chat',
  SMS_FAQ_TABLE: 'switchboard-bench-sms-faq',
  SMS_OPT_OUTS_TABLE: 'switchboard-bench-sms-opt-outs',
  SMS_STATE_TABLE: 'switchboard-bench-sms-state',
  SMS_ORIGINATION_IDENTITY: '+12065550100',
  TOKEN_KMS_KEY_ID: 'arn:aws:kms:us-east-1:123456789012:key/12345678-1234-1234-1234-123456789012',
  // callouts (src/config.ts handlerEnv)
  STAGE: 'bench',
  JOBS_TABLE: 'switchboard-bench-callouts-jobs',
  RESULTS_TABLE: 'switchboard-bench-callouts-results',
  CONTACTS_TABLE: 'switchboard-bench-callouts-contacts',
  DO_NOT_CALL_TABLE: 'switchboard-bench-callouts-do-not-call',
  ATTEMPTS_TABLE: 'switchboard-bench-callouts-call-attempts',
  JOBS_BUCKET: 'switchboard-bench-callouts-jobs',
  REPORTS_BUCKET: 'switchboard-bench-callouts-reports',
  COMPLETION_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:bench-callouts-completion',
  STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:123456789012:stateMachine:bench-callouts-job',
  CONNECT_CONTACT_FLOW_ID: '12345678-1234-1234-1234-123456789012',
  CONNECT_SOURCE_PHONE_NUMBER: '+12065550101',
};

/** `node_modules/@aws-sdk/client-x/dist-es/…` → `@aws-sdk/client-x`; own code → `(switchboard)`. */
function packageOf(input: string): string {
  const marker = input.lastIndexOf('node_modules/');
  if (marker === -1) return '(switchboard)';
  const parts = input.slice(marker + 'node_modules/'.length).split('/');
  return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? input);
}

try {
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--profile', 'prod', '--outdir', prodDir], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const prod = JSON.parse(readFileSync(path.join(prodDir, 'build-info.json'), 'utf8')) as BuildInfo;
  const devInfoPath = path.join(root, 'dist', 'build-info.json');
  const dev = existsSync(devInfoPath) ? (JSON.parse(readFileSync(devInfoPath, 'utf8')) as BuildInfo) : undefined;
  const meta = JSON.parse(readFileSync(path.join(prodDir, 'meta.json'), 'utf8')) as Metafile;

  const names = Object.keys(prod.bundles).sort();
  if (names.length === 0) {
    console.log('no handlers to measure');
  } else {
    const width = Math.max(...names.map((n) => n.length), 'bundle'.length);
    const loadOf = (name: string): number => {
      const file = path.join(prodDir, name, 'index.mjs');
      const loads: number[] = [];
      for (let i = 0; i < 3; i++) {
        const script = `const t=performance.now();await import(${JSON.stringify(pathToFileURL(file).href)});process.stdout.write(String(performance.now()-t))`;
        try {
          loads.push(
            Number(
              execFileSync(process.execPath, ['--input-type=module', '-e', script], {
                cwd: prodDir,
                env: { ...process.env, ...importEnv },
                stdio: ['ignore', 'pipe', 'ignore'],
              }).toString(),
            ),
          );
        } catch {
          loads.push(Number.NaN); // a handler whose module init needs its environment (config) — size still counts
        }
      }
      return loads.sort((a, b) => a - b)[1]!;
    };
    const baselineName = 'routing/sma';
    const baseline = prod.bundles[baselineName] ? { bytes: prod.bundles[baselineName]!.bytes, load: loadOf(baselineName) } : undefined;
    const times = (value: number, base: number | undefined) =>
      base && Number.isFinite(value) && Number.isFinite(base) ? `×${(value / base).toFixed(1)}` : '—';
    console.log(
      `node ${process.version}, ${names.length} handlers; prod = minified, no source maps; load = fresh process, import() of the bundle (median of 3)`,
    );
    console.log(
      `baseline ${baselineName}: ${baseline ? `${kib(baseline.bytes)}, load ${baseline.load.toFixed(0)} ms` : 'not built'} (×n columns are relative to it, same run)`,
    );
    console.log(
      `${'bundle'.padEnd(width)}  ${'prod'.padStart(10)}  ${'×sma'.padStart(6)}  ${'budget'.padStart(10)}  ${'prod gzip'.padStart(10)}  ${`dev (${dev?.profile ?? '—'})`.padStart(10)}  ${'load ms'.padStart(8)}  ${'×sma'.padStart(6)}  heaviest packages (prod bytes)`,
    );
    for (const name of names) {
      const size = prod.bundles[name]!;
      const load = name === baselineName && baseline ? baseline.load : loadOf(name);
      const budget = budgetFor(name);
      const output = Object.entries(meta.outputs).find(([key]) => key.endsWith(`${name}/index.mjs`))?.[1];
      const byPackage = new Map<string, number>();
      for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
        byPackage.set(packageOf(input), (byPackage.get(packageOf(input)) ?? 0) + bytesInOutput);
      }
      const heaviest = [...byPackage.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([pkg, bytes]) => `${pkg} ${kib(bytes)}`)
        .join(', ');
      const devBytes = dev?.bundles[name]?.bytes;
      const budgetText = `${size.bytes > budget.baseBytes ? '!' : ''}${kib(budget.baseBytes)}`;
      console.log(
        `${name.padEnd(width)}  ${kib(size.bytes).padStart(10)}  ${times(size.bytes, baseline?.bytes).padStart(6)}  ${budgetText.padStart(10)}  ${kib(size.gzipBytes).padStart(10)}  ${(devBytes ? kib(devBytes) : '—').padStart(10)}  ${(Number.isNaN(load) ? 'n/a' : load.toFixed(0)).padStart(8)}  ${times(load, baseline?.load).padStart(6)}  ${heaviest}`,
      );
    }
    console.log('budget: the base budget (caller waits 400 KiB, other 1 MiB, or the handler\'s own); "!" = over it today (a knownOver row)');
    const total = names.reduce((sum, n) => sum + prod.bundles[n]!.bytes, 0);
    console.log(`total prod ${kib(total)} across ${names.length} bundles`);
  }
} finally {
  rmSync(prodDir, { recursive: true, force: true });
}
