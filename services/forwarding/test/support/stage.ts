/** Starts the local stage with only the forwarding service, fast timings and nothing persisted. */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startLocalStage, type LocalStageHandle } from '@switchboard/shared/local';
import { buildLocalForwarding, type LocalForwarding, type LocalForwardingOptions } from '../../src/local.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export interface TestStage {
  stage: LocalStageHandle;
  forwarding: LocalForwarding;
  url: string;
  login(username: string, password?: string): Promise<string>;
  request(
    method: string,
    pathname: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; body: any; headers: Headers }>;
  stop(): Promise<void>;
}

export async function startTestStage(options: LocalForwardingOptions = {}): Promise<TestStage> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'forwarding-test-'));
  let forwarding: LocalForwarding | undefined;
  const stage = await startLocalStage({
    dataDir,
    persist: false,
    ports: { base: 0 },
    host: '127.0.0.1',
    log: () => undefined,
    logLevel: 'SILENT',
    env: {},
    services: [
      {
        name: 'forwarding',
        register: async (platform) => {
          forwarding = await buildLocalForwarding(platform, { releaseDelayMs: 20, retryAfterSeconds: 0.01, ephemeralInventory: true, ...options });
          return forwarding.registered;
        },
      },
    ],
  });
  if (stage.failures.length > 0 || !forwarding) {
    await stage.stop();
    throw stage.failures[0]?.error ?? new Error('forwarding did not register');
  }
  const url = stage.urls.forwarding!;
  const request: TestStage['request'] = async (method, pathname, options = {}) => {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${url}${pathname}`, { method, headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body, headers: res.headers };
  };
  return {
    stage,
    forwarding,
    url,
    request,
    async login(username, password = 'switchboard') {
      const res = await request('POST', '/local/login', { body: { username, password } });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
      return res.body.idToken as string;
    },
    async stop() {
      await stage.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
