/**
 * The agent line (the local PBX stand-in): a call bridged to an extension rings there with its X-LexInfo
 * department, and the agent's answer, decline or silence is what the SMA handler hears back.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AgentLineError, LocalAgentLine } from '../src/adapters/local/local-agent-line.ts';
import { CALLER, routingHarness } from './support/harness.ts';

async function ringing(line: LocalAgentLine) {
  for (let i = 0; i < 200; i++) {
    const call = line.list().find((c) => c.state === 'ringing');
    if (call) return call;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('nothing rang on the agent line');
}

test('a call bridged to an extension rings with its department; the agent answers and hangs up', async () => {
  const line = new LocalAgentLine();
  const h = routingHarness({ agentLine: line });
  const placed = h.call({ say: 'history', bridge: ['agent'] });
  const call = await ringing(line);
  assert.is(call.extension, '600300');
  assert.is(call.department, 'history', 'X-LexInfo is shown to the agent');
  assert.is(call.from, CALLER);
  assert.is(line.answer(call.callId, 'agent').state, 'talking');
  assert.throws(
    () => line.answer(call.callId, 'agent'),
    (error: unknown) => error instanceof AgentLineError && error.reason === 'not-ringing',
  );
  line.hangUp(call.callId);
  const result = await placed;
  assert.equal(result.outcome, {
    kind: 'bridged',
    endpoint: { type: 'AWS', uri: '600300', arn: (result.outcome as { endpoint: { arn: string } }).endpoint.arn },
    sipHeaders: { 'X-LexInfo': 'history', 'X-Original-Calling-Number': CALLER },
    endedBy: 'callee',
  });
  assert.is(line.list()[0]!.ending, 'agent-hung-up');
});

test('a declined call fails the bridge as busy, and the handler moves on (overflow or fallback), never silence', async () => {
  const line = new LocalAgentLine();
  const h = routingHarness({ agentLine: line });
  const placed = h.call({ say: 'history', bridge: ['agent', 'answer', 'answer'] });
  line.decline((await ringing(line)).callId);
  const result = await placed;
  assert.is(result.outcome.kind, 'bridged');
  assert.is.not((result.outcome as { endpoint: { uri: string } }).endpoint.uri, undefined);
  const bridges = result.transcript.flatMap((entry) => entry.actions.filter((a) => a.Type === 'CallAndBridge'));
  assert.ok(bridges.length >= 2, 'a second bridge follows the declined one');
  assert.is(line.list().find((c) => c.callId === result.callId)?.ending, 'declined');
});

test('nobody answers within the bridge timeout: not answered', async () => {
  const line = new LocalAgentLine();
  const h = routingHarness({ agentLine: line, settings: { bridgeTimeoutSeconds: 1 } });
  const result = await h.call({ say: 'history', bridge: ['agent', 'no-answer', 'no-answer'] });
  assert.is.not(result.outcome.kind, 'silence');
  assert.is(line.list().at(-1)?.ending, 'not-answered');
});

test('without an agent line, a bridge scripted "agent" is not answered', async () => {
  const h = routingHarness();
  const result = await h.call({ say: 'history', bridge: ['agent', 'no-answer', 'no-answer'] });
  assert.ok(result.transcript.some((entry) => entry.notes.some((note) => /600300: no-answer/.test(note))));
});

test.run();
