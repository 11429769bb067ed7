/**
 * `npm start` as a user runs it: scripts/start.ts in its own process prints the URLs, the MQTT URL and
 * a development token, serves the services, and on SIGINT (Ctrl-C) stops everything and exits 0 with
 * no port left open. A taken port makes it exit 1 with a message naming the port.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { repoRoot } from '../src/testing/index.ts';
import { canConnect } from '@switchboard/shared/testing';

function startScript(args: string[], env: Record<string, string>) {
  // Exactly what `npm start` runs (package.json): one node process with the tsx loader.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'scripts', 'start.ts'), ...args], {
    cwd: repoRoot,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', SWITCHBOARD_LOG_LEVEL: 'ERROR', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

/** Resolves when `text` appears in the output; a generous guard turns a hang into a failure, not a stuck run. */
async function waitFor(run: { output: () => string; exited: Promise<number | null> }, text: string, guardMs = 60_000) {
  const deadline = Date.now() + guardMs;
  let exited = false;
  void run.exited.then(() => (exited = true));
  while (!run.output().includes(text)) {
    if (exited) throw new Error(`start.ts exited before printing "${text}":\n${run.output()}`);
    if (Date.now() > deadline) throw new Error(`start.ts did not print "${text}":\n${run.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function kill(child: ChildProcess) {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** `$SWITCHBOARD_…` variables the READMEs' examples read (inputs such as SWITCHBOARD_PORT_BASE are set, not read). */
function variablesTheReadmesUse(): Map<string, string[]> {
  const files = [
    'README.md',
    'shared/src/local/README.md',
    'shared/KIT.md',
    ...readdirSync(path.join(repoRoot, 'services')).map((name) => `services/${name}/README.md`),
  ];
  const used = new Map<string, string[]>();
  for (const file of files) {
    if (!existsSync(path.join(repoRoot, file))) continue;
    for (const [, name] of readFileSync(path.join(repoRoot, file), 'utf8').matchAll(/\$\{?([A-Z][A-Z0-9_]*)/g)) {
      used.set(name!, [...new Set([...(used.get(name!) ?? []), file])]);
    }
  }
  return used;
}

test('prints URLs, MQTT URL and token, serves, and stops cleanly on SIGINT', async () => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'switchboard-start-test-'));
  const run = startScript(['--data-dir', dataDir, '--service', 'routing'], { SWITCHBOARD_PORT_BASE: '0' });
  try {
    await waitFor(run, 'Ctrl-C stops everything.');
    const output = run.output();
    assert.match(output, /Time: the wall clock, for every service/, 'the banner says which clock runs');
    const stageUrl = /stage\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
    const dynamodbUrl = /dynamodb\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
    const mqttUrl = /mqtt\s+(mqtt:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
    const token = /export SWITCHBOARD_TOKEN=(\S+)/.exec(output)?.[1];
    assert.ok(stageUrl && dynamodbUrl && mqttUrl && token, output);
    assert.is(token.split('.').length, 3, 'the token is a JWT');

    const index = (await (await fetch(stageUrl)).json()) as { services: Record<string, { url: string; status: string }> };
    assert.equal(Object.keys(index.services), ['routing'], '--service picks the services');
    for (const [name, service] of Object.entries(index.services)) {
      assert.is(service.status, 'running', `${name} is running`);
      assert.is((await fetch(`${service.url}/health`)).status, 200, `${name} /health`);
    }
    assert.ok(await canConnect(mqttUrl.replace('mqtt:', 'http:')), 'the MQTT broker listens');

    run.child.kill('SIGINT');
    assert.is(await run.exited, 0, run.output());
    assert.match(run.output(), /SIGINT: stopping the local stage…\s+Stopped\./);
    for (const url of [stageUrl, dynamodbUrl, mqttUrl.replace('mqtt:', 'http:'), ...Object.values(index.services).map((s) => s.url)]) {
      assert.not.ok(await canConnect(url), `${url} still listens after Ctrl-C`);
    }
  } finally {
    kill(run.child);
    await rm(dataDir, { recursive: true, force: true });
  }
});

test('the banner of every service: the forwarding page, where e-mails go, and the variables the READMEs use', async () => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'switchboard-start-test-'));
  const run = startScript(['--data-dir', dataDir], { SWITCHBOARD_PORT_BASE: '0', IOT_TRIAGE_SIMULATOR: 'off' });
  try {
    await waitFor(run, 'Ctrl-C stops everything.');
    const output = run.output();
    // The forwarding self-service page, and it serves the page.
    const page = /self-service page: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output)?.[1];
    assert.ok(page, output);
    const html = await fetch(page);
    assert.is(html.status, 200);
    assert.match(html.headers.get('content-type') ?? '', /text\/html/);
    // The e-mail stand-in says where iot-triage's ticket e-mails land.
    assert.match(
      output,
      new RegExp(
        `ticket e-mails \\(SES stand-in\\), one \\.eml file each, in ${path.join(dataDir, 'iot-triage-outbox').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`,
      ),
    );
    // Every variable a README example reads is one the banner exports (README examples copy-paste as printed).
    const exported = new Set([...output.matchAll(/^\s+export ([A-Z][A-Z0-9_]*)=\S+$/gm)].map((match) => match[1]!));
    assert.ok(exported.has('SWITCHBOARD_TOKEN') && exported.has('SWITCHBOARD_IOT_TRIAGE_URL'), output);
    const inputs = /^SWITCHBOARD_(PORT_|LOG_LEVEL$|TIME_SCALE$|LOCAL_PASSWORD$)/;
    const notPrinted = [...variablesTheReadmesUse()].filter(([name]) => name.startsWith('SWITCHBOARD_') && !inputs.test(name) && !exported.has(name));
    assert.equal(notPrinted, [], 'README examples read only variables the banner exports');
    const tokenLike = [...variablesTheReadmesUse()].filter(([name]) => /TOKEN|_URL$/.test(name) && !exported.has(name));
    assert.equal(tokenLike, [], 'a token or URL in a README example is the variable the banner prints');
    for (const [name, url] of [...output.matchAll(/^\s+export (SWITCHBOARD_[A-Z_]+_URL)=(\S+)$/gm)].map((m) => [m[1]!, m[2]!] as const)) {
      assert.is((await fetch(`${url}/health`)).status, 200, `${name} points at a running service`);
    }
    run.child.kill('SIGINT');
    assert.is(await run.exited, 0, run.output());
  } finally {
    kill(run.child);
    await rm(dataDir, { recursive: true, force: true });
  }
});

test('a taken port: exit code 1 and a message naming it, nothing started', async () => {
  const blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const port = (blocker.address() as net.AddressInfo).port;
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'switchboard-start-test-'));
  const run = startScript(['--data-dir', dataDir, '--service', 'routing'], { SWITCHBOARD_PORT_BASE: '0', SWITCHBOARD_PORT_ROUTING: String(port) });
  try {
    assert.is(await run.exited, 1, run.output());
    assert.match(run.output(), new RegExp(`port ${port} \\(service routing\\) is already in use`));
    assert.match(run.output(), /SWITCHBOARD_PORT_ROUTING/);
    assert.not.match(run.output(), /\n\s+at /, 'no stack trace for an operator error');
  } finally {
    kill(run.child);
    blocker.close();
    await rm(dataDir, { recursive: true, force: true });
  }
});

test('a mistyped service name prints the usage and exits 2', async () => {
  const run = startScript(['--service', 'rooting'], {});
  assert.is(await run.exited, 2);
  assert.match(run.output(), /no such service: rooting/);
  assert.match(run.output(), /Usage: npm start/);
});

test('a signal to npm stops the whole stage: the shell npm puts in front dies, and the stage stops itself', async () => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'switchboard-start-test-'));
  // What `npm start` does: `sh -c "<the script>"`. `; true` keeps the shell from exec-ing node, as npm's shell does not.
  const script = `${JSON.stringify(process.execPath)} --import tsx ${JSON.stringify(path.join(repoRoot, 'scripts', 'start.ts'))} --data-dir ${JSON.stringify(dataDir)} --service routing; true`;
  const shell = spawn('sh', ['-c', script], {
    cwd: repoRoot,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', SWITCHBOARD_LOG_LEVEL: 'ERROR', SWITCHBOARD_PORT_BASE: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  shell.stdout!.on('data', (chunk) => (output += chunk));
  shell.stderr!.on('data', (chunk) => (output += chunk));
  // The pipes close only when every process holding them (the shell and the stage) has exited.
  const pipesClosed = new Promise<void>((resolve) => shell.stdout!.once('close', () => resolve()));
  const run = { output: () => output, exited: pipesClosed.then(() => null) };
  try {
    await waitFor(run, 'Ctrl-C stops everything.');
    const stageUrl = /stage\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
    assert.ok(stageUrl, output);
    shell.kill('SIGTERM'); // what npm forwards to its child when it is signalled; sh does not pass it on
    await waitFor(run, 'Stopped.');
    // The guard's timer is cleared once the pipes close: left pending it kept this process alive 60 s after the last test.
    let guard: NodeJS.Timeout | undefined;
    await Promise.race([
      pipesClosed,
      new Promise((_, reject) => (guard = setTimeout(() => reject(new Error(`the stage did not exit:\n${output}`)), 60_000))),
    ]).finally(() => clearTimeout(guard));
    assert.match(output, /the process that started the stage exited: stopping the local stage/);
    assert.not.ok(await canConnect(stageUrl), `${stageUrl} still listens after its parent died`);
  } finally {
    kill(shell);
    await rm(dataDir, { recursive: true, force: true });
  }
});

test.run();
