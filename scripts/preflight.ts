/**
 * `npm run preflight -- --stack <stack>`: before `pulumi up`, checks what would make the first deploy fail half way —
 * Node, the Pulumi CLI, Docker (when an image is built), and with AWS credentials (read-only calls): the region's
 * services, Bedrock models, Lambda and Connect quotas, Chime numbers, SES. Prints ✓/✗ with the fix; exits 1 on any ✗.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { parseStackConfig, StackConfigError } from '../infra/config.ts';
import { awsClients, formatResults, runPreflight, type CommandRunner } from './preflight-checks.ts';

const args = process.argv.slice(2);
const stack = args.includes('--stack') ? args[args.indexOf('--stack') + 1] : undefined;
if (!stack) {
  console.error('usage: npm run preflight -- --stack <stack>   (reads Pulumi.<stack>.yaml)');
  process.exit(2);
}

const document = parse(await readFile(new URL(`../Pulumi.${stack}.yaml`, import.meta.url), 'utf8')) as { config?: Record<string, unknown> };
const raw = document.config ?? {};
const region = String(raw['aws:region'] ?? process.env.AWS_REGION ?? '');
const switchboard = Object.fromEntries(
  Object.entries(raw)
    .filter(([k]) => k.startsWith('switchboard:'))
    .map(([k, v]) => [k.slice('switchboard:'.length), v]),
);
let config;
try {
  config = parseStackConfig(switchboard, { project: 'switchboard', stack, region });
} catch (error) {
  console.error(error instanceof StackConfigError ? `✗ stack config: ${error.message}` : error);
  process.exit(1);
}

const run: CommandRunner = (command, commandArgs) =>
  new Promise((resolve, reject) =>
    execFile(command, [...commandArgs], { timeout: 20_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(stderr || error.message)) : resolve(stdout),
    ),
  );
const hasCredentials =
  Boolean(
    process.env.AWS_ACCESS_KEY_ID ||
      process.env.AWS_PROFILE ||
      process.env.AWS_WEB_IDENTITY_TOKEN_FILE ||
      process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI,
  ) ||
  (await readFile(`${process.env.HOME}/.aws/credentials`, 'utf8').then(
    () => true,
    () => false,
  )) ||
  (await readFile(`${process.env.HOME}/.aws/config`, 'utf8').then(
    (text) => /sso_|credential_process|role_arn/.test(text),
    () => false,
  ));

const results = await runPreflight({ config, nodeVersion: process.version, run, clients: hasCredentials ? awsClients(region) : undefined });
console.log(`preflight for stack ${stack} (${region}):\n`);
console.log(formatResults(results));
process.exit(results.every((r) => r.ok) ? 0 : 1);
