/**
 * Smoke test of `npm start`: the local stage with every service that has a `src/local.ts`, on free
 * ports. Every service registers, answers /health and /openapi.json over real HTTP; a contract event
 * published on the bus reaches a subscriber through `contract.pattern` (the object the infra's
 * Subscription component turns into the EventBridge rule); stop() leaves no socket open.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import os from 'node:os';
import path from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { CallRouted, ForwardChanged } from '../src/contracts/index.ts';
import type { BusEvent } from '../src/bus/index.ts';
import { discoverServices, startLocalStage } from '../src/local/index.ts';
import { repoRoot } from '../src/testing/index.ts';
import { canConnect } from '@switchboard/shared/testing';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/** Live child processes of this process (Linux /proc; undefined elsewhere, where the check is skipped). */
function childProcesses(): string[] | undefined {
  if (!existsSync('/proc/self/stat')) return undefined;
  const children: string[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid …; comm may contain spaces, so read after the last ')'.
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const comm = stat.slice(stat.indexOf('('), stat.lastIndexOf(')') + 1);
      // tsx transpiles through an esbuild service process of its own; it is the test runner's, not the stage's.
      if (comm === '(esbuild)') continue;
      if (Number(ppid) === process.pid && state !== 'Z') children.push(`${entry} ${comm}`);
    } catch {
      // The process ended while we looked.
    }
  }
  return children;
}

const tcpHandles = () => process.getActiveResourcesInfo().filter((kind) => kind === 'TCPServerWrap' || kind === 'TCPSocketWrap').length;

test('the local stage starts every registered service, carries a contract event, and stops cleanly', async () => {
  const { entries, withoutRegistration } = await discoverServices(repoRoot);
  if (withoutRegistration.length > 0) console.log(`  (not on the local stage yet: ${withoutRegistration.join(', ')})`);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'switchboard-smoke-'));
  const baselineTcp = tcpHandles();
  const lines: string[] = [];
  const stage = await startLocalStage({ dataDir, ports: { base: 0 }, services: entries, log: (line) => lines.push(line), logLevel: 'ERROR' });
  try {
    assert.equal(
      stage.failures.map((failure) => `${failure.service}: ${failure.error.message}`),
      [],
      'every service registers',
    );
    assert.equal(Object.keys(stage.urls).sort(), entries.map((entry) => entry.name).sort());

    for (const [name, url] of Object.entries(stage.urls)) {
      const health = await fetch(`${url}/health`);
      assert.is(health.status, 200, `${name} /health`);
      const body = (await health.json()) as { status: string; service: string; version: string };
      assert.is(body.status, 'ok', name);
      assert.is(body.service, name);
      assert.match(body.version, /^\d+\.\d+\.\d+/, `${name} reports its version`);
      const openapi = await fetch(`${url}/openapi.json`);
      assert.is(openapi.status, 200, `${name} /openapi.json`);
      assert.is(((await openapi.json()) as { openapi: string }).openapi, '3.1.0', name);
    }

    // The pattern a consumer subscribes with is the contract's own, exactly what infra deploys as the rule.
    assert.equal(ForwardChanged.pattern, { source: [ForwardChanged.source], 'detail-type': [ForwardChanged.detailType] });
    const matched: BusEvent[] = [];
    const unrelated: BusEvent[] = [];
    const unsubscribeMatched = stage.bus.subscribe(ForwardChanged.pattern, (event) => {
      matched.push(event);
    });
    const unsubscribeUnrelated = stage.bus.subscribe(CallRouted.pattern, (event) => {
      unrelated.push(event);
    });
    const envelope = await stage.bus.publish(
      ForwardChanged,
      { phoneNumber: '+13125550100', change: 'set', actor: 'smoke-test', before: null, after: { forwardTo: '+13125550199' } },
      { correlationId: 'smoke-correlation' },
    );
    await stage.bus.drain();
    unsubscribeMatched();
    unsubscribeUnrelated();
    assert.is(matched.length, 1);
    assert.is(unrelated.length, 0);
    const received = ForwardChanged.parse(matched[0]);
    assert.is(received.metadata.id, envelope.metadata.id);
    assert.is(received.metadata.correlationId, 'smoke-correlation');
    assert.is(received.data.phoneNumber, '+13125550100');
  } finally {
    await stage.stop();
    await rm(dataDir, { recursive: true, force: true });
  }

  for (const url of [...Object.values(stage.urls), stage.stageUrl, stage.dynamodbEndpoint, stage.mqttUrl.replace('mqtt:', 'http:')]) {
    assert.not.ok(await canConnect(url), `${url} still accepts connections after stop()`);
  }
  // Client sockets (fetch keep-alive) see the server's close a few event-loop turns later; wait for
  // that (bounded), then nothing the stage opened may remain.
  for (let turn = 0; turn < 100 && tcpHandles() > baselineTcp; turn++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(tcpHandles() <= baselineTcp, `TCP handles left open after stop(): ${process.getActiveResourcesInfo().join(', ')}`);
  // Services may run helpers as child processes (the iot-triage device simulator): stop() ends them.
  let children = childProcesses();
  for (let turn = 0; turn < 100 && children && children.length > 0; turn++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    children = childProcesses();
  }
  if (children) assert.equal(children, [], 'child processes left running after stop()');
});

test.run();
