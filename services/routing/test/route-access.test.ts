/** Issue 13: every documented route × every role (and a user in no group) answers as routing's access table says. */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createLocalIssuer } from '@switchboard/shared/http';
import { assertRouteAccess } from '@switchboard/shared/testing';
import { InMemoryDepartments } from '../src/adapters/local/in-memory-departments.ts';
import { LocalAgentLine } from '../src/adapters/local/local-agent-line.ts';
import { access, localOnlyRoutes } from '../src/api/access.ts';
import { createApp } from '../src/api/app.ts';
import { addAgentLineRoutes } from '../src/api/agent-line-routes.ts';
import type { CallLog, CallLogEntry } from '../src/domain/ports.ts';
import { routingHarness, seededDepartments } from './support/harness.ts';

const entries: CallLogEntry[] = [];
const callLog: CallLog = {
  append: async (e) => void entries.push(e),
  list: async (id) => entries.filter((e) => e.callId === id),
  listCalls: async () => ({ items: [] }),
};

test('every route × every role: 401/403 where the table denies, never data', async () => {
  const issuer = await createLocalIssuer();
  const tokenFor = (role: string | null) => issuer.issueToken({ sub: role ?? 'plain', username: role ?? 'plain', groups: role ? [role] : [] });
  // With the simulator (local stage) and without it (AWS).
  const local = createApp({
    departments: new InMemoryDepartments(seededDepartments()),
    callLog,
    verifier: issuer.verifier,
    version: '0.0.0',
    simulator: routingHarness().simulator,
  });
  addAgentLineRoutes(local, new LocalAgentLine());
  const report = await assertRouteAccess(local, access, { tokenFor, pathParams: { name: 'history', callId: 'no-such-call' } });
  assert.ok(report.checks.length > 60, `${report.checks.length} checks`);
  const aws = createApp({ departments: new InMemoryDepartments(seededDepartments()), callLog, verifier: issuer.verifier, version: '0.0.0' });
  await assertRouteAccess(aws, access, { tokenFor, pathParams: { name: 'history', callId: 'no-such-call' }, undocumented: localOnlyRoutes });
});

test.run();
