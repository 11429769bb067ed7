/**
 * `npm start`: the local stage with every service that has a `services/<name>/src/local.ts`.
 *
 *   npm start                           every service, ports from 4000 (SWITCHBOARD_PORT_BASE)
 *   npm start -- --service routing      only some services (repeat the flag)
 *   npm start -- --port-base 5000 --data-dir /tmp/sb
 *
 * Ctrl-C (or SIGTERM, SIGHUP) stops everything; a second Ctrl-C exits at once. So does the end of the process
 * that started it: npm runs this file under `sh -c`, and a signal sent to npm (`kill <npm pid>`, a process manager,
 * an editor's stop button) ends npm and that shell without reaching us.
 *
 * `npm start` runs this file as `node --import tsx scripts/start.ts`: one process, so Ctrl-C reaches the
 * stage directly. (The `tsx` CLI would put a wrapper process in front that re-sends the signal and
 * SIGKILLs its child if it does not acknowledge within 30 ms — under load that cuts the clean stop short.)
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { LocalStageStartError, PortConfigurationError, describeLocalStage, discoverServices, startLocalStage } from '@switchboard/shared/local';

// Node 20 is supported here; the SDK's end-of-support notice would only add noise to the stage output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** Signals closer together than this are one Ctrl-C delivered twice. */
const duplicateSignalWindowMs = 1_000;

const usage = `Usage: npm start -- [--service <name>]... [--port-base <port>] [--data-dir <dir>]

  --service <name>    run only this service (repeatable); default: every services/*/src/local.ts
  --port-base <port>  first port of the layout (stage, DynamoDB +1, MQTT +2, services +10…); env SWITCHBOARD_PORT_BASE
  --data-dir <dir>    where DynamoDB data, objects and the token key live; default .switchboard
Per-port variables: SWITCHBOARD_PORT_STAGE, SWITCHBOARD_PORT_DYNAMODB, SWITCHBOARD_PORT_MQTT, SWITCHBOARD_PORT_<SERVICE>.
Log level of the services: SWITCHBOARD_LOG_LEVEL (default INFO).`;

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        service: { type: 'string', multiple: true },
        'port-base': { type: 'string' },
        'data-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  if (args.help) {
    console.log(usage);
    return 0;
  }

  const repositoryRoot = fileURLToPath(new URL('..', import.meta.url));
  let discovered;
  try {
    discovered = await discoverServices(repositoryRoot, args.service);
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  const { entries, withoutRegistration } = discovered;
  if (withoutRegistration.length > 0) {
    console.log(`Not on the local stage yet (no src/local.ts): ${withoutRegistration.join(', ')}`);
  }
  console.log(`Starting the local stage with ${entries.length === 0 ? 'no services' : entries.map((e) => e.name).join(', ')}…`);

  const consoleDir = ensureConsoleBuilt(repositoryRoot);

  let stage;
  try {
    const portBase = args['port-base'];
    stage = await startLocalStage({
      services: entries,
      dataDir: args['data-dir'] ?? '.switchboard',
      // Vite's dev server (`npm run dev -w @switchboard/console`) is allowed too, for UI work.
      ...(consoleDir ? { console: { dir: consoleDir, devOrigins: ['http://localhost:5173', 'http://127.0.0.1:5173'] } } : {}),
      ...(portBase !== undefined ? { ports: { base: /^\d+$/.test(portBase) ? Number(portBase) : Number.NaN } } : {}),
    });
  } catch (error) {
    if (
      error instanceof LocalStageStartError ||
      error instanceof PortConfigurationError ||
      ['DataDirectoryInUseError', 'DataDirectoryLockedError', 'TimeScaleError'].includes((error as Error).name)
    ) {
      console.error(`\n${(error as Error).message}`);
      return 1;
    }
    throw error;
  }

  console.log(describeLocalStage(stage));
  if (stage.failures.length > 0) {
    console.error(
      `${stage.failures.length} service${stage.failures.length === 1 ? '' : 's'} failed to register (see above): ` +
        `${stage.failures.map((failure) => failure.service).join(', ')}. The others are running.`,
    );
  }

  return new Promise<number>((resolve) => {
    let stopping = false;
    const shutdown = (reason: string, exitCode: number) => {
      stopping = true;
      console.log(`\n${reason}: stopping the local stage…`);
      clearInterval(parentWatch);
      void stage.stop().then(() => {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        process.off('SIGHUP', onSignal);
        console.log('Stopped.');
        resolve(exitCode);
      });
    };
    let firstSignalAt = 0;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        // One Ctrl-C can arrive twice: from the terminal to the whole process group and relayed by a
        // wrapper (the tsx CLI). Only a deliberate second press, a moment later, skips the clean stop.
        if (Date.now() - firstSignalAt < duplicateSignalWindowMs) return;
        console.error(`\n${signal} again: exiting without waiting.`);
        process.exit(130);
      }
      firstSignalAt = Date.now();
      shutdown(signal, 0);
    };
    // A crash in one service's background work would otherwise kill the process and orphan what the
    // services started (simulators run as child processes): report it and stop everything properly.
    const onCrash = (error: unknown) => {
      console.error('\nUnhandled error in the local stage:', error);
      if (!stopping) shutdown('crash', 1);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    process.on('SIGHUP', onSignal);
    // When the shell npm put in front of us dies we are re-parented (to init or a subreaper) and nothing will ever
    // send us a signal: left running, the stage would hold every port and its simulator processes. A new parent
    // means whoever started us is gone, so stop exactly as for SIGTERM.
    const parentAtStart = process.ppid;
    const parentWatch = setInterval(() => {
      if (!stopping && process.ppid !== parentAtStart) shutdown('the process that started the stage exited', 0);
    }, 500);
    parentWatch.unref();
    process.on('uncaughtException', onCrash);
    process.on('unhandledRejection', onCrash);
  });
}

/** The console is served from `console/dist`; the first `npm start` builds it (`npm run build -w @switchboard/console` rebuilds). */
function ensureConsoleBuilt(repositoryRoot: string): string | undefined {
  const consoleRoot = path.join(repositoryRoot, 'console');
  const dist = path.join(consoleRoot, 'dist');
  if (!existsSync(path.join(consoleRoot, 'package.json'))) return undefined;
  if (existsSync(path.join(dist, 'index.html'))) return dist;
  console.log('Building the console (first start; `npm run build -w @switchboard/console` rebuilds it)…');
  const vite = path.join(repositoryRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: consoleRoot, stdio: 'inherit' });
  if (result.status === 0 && existsSync(path.join(dist, 'index.html'))) return dist;
  console.error('The console did not build (see above); the stage starts without it.');
  return undefined;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
