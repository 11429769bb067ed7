import assert from 'node:assert/strict';
import { test } from 'uvu';
import { buildCalloutContactFlow } from '../src/domain/contact-flow.ts';
import { lexBots } from '../src/domain/lex-bots.ts';
import { buildStateMachineDefinition } from '../src/domain/state-machine-definition.ts';
import { localBotAliases, localLambdaArns } from '../src/runner/local-callouts.ts';

const inputs = {
  functions: { planRound: 'arn:plan', prepareAttempt: 'arn:prepare', applyOutcome: 'arn:apply', completeJob: 'arn:complete' },
  dialQueueUrl: 'https://sqs.us-east-1.amazonaws.com/1/dial',
  itemsBucket: 'items',
  maxConcurrency: 10,
  connectConcurrentCallQuota: 10,
};

type State = Record<string, any>;
function reachable(states: Record<string, State>, start: string): Set<string> {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    assert.ok(states[name], `state "${name}" is referenced but not defined`);
    seen.add(name);
    const s = states[name]!;
    for (const next of [s.Next, s.Default, ...(s.Choices ?? []).map((c: State) => c.Next), ...(s.Catch ?? []).map((c: State) => c.Next)])
      if (next) visit(next);
  };
  visit(start);
  return seen;
}

test('the workflow is a Distributed Map over S3 items with standard children, capped concurrency and a closed graph', () => {
  const definition = buildStateMachineDefinition(inputs);
  const states = definition.States as Record<string, State>;
  assert.deepEqual([...reachable(states, definition.StartAt)].sort(), Object.keys(states).sort());
  const map = states['Call receivers']!;
  assert.equal(map.Type, 'Map');
  assert.deepEqual(map.ItemProcessor.ProcessorConfig, { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' });
  assert.equal(map.ItemReader.Resource, 'arn:aws:states:::s3:getObject');
  assert.equal(map.MaxConcurrency, 10);
  assert.equal(map.ToleratedFailurePercentage, 100);
  const item = map.ItemProcessor.States as Record<string, State>;
  assert.deepEqual([...reachable(item, map.ItemProcessor.StartAt)].sort(), Object.keys(item).sort());
  const wait = item['Place call and wait']!;
  assert.equal(wait.Resource, 'arn:aws:states:::sqs:sendMessage.waitForTaskToken');
  assert.equal(wait.Parameters.MessageBody['taskToken.$'], '$$.Task.Token');
  assert.equal(wait.HeartbeatSeconds, 300);
  assert.equal(wait.TimeoutSeconds, 1800);
  assert.deepEqual(wait.Catch[0].ErrorEquals, ['States.Timeout', 'States.HeartbeatTimeout']);
  // Every Lambda task retries transient Lambda errors with backoff and jitter.
  for (const [name, state] of [...Object.entries(states), ...Object.entries(item)]) {
    if (state.Resource === 'arn:aws:states:::lambda:invoke') {
      assert.ok(
        state.Retry.some(
          (r: State) => r.ErrorEquals.includes('Lambda.TooManyRequestsException') && r.BackoffRate === 2 && r.JitterStrategy === 'FULL',
        ),
        name,
      );
    }
  }
  // Retries of a whole round go through a Wait state, not a waiting Map child holding a slot.
  assert.equal(states['Wait for retries']!.SecondsPath, '$.step.result.waitSeconds');
  // No inline Map anywhere (the seed's Iterator hit the history limit).
  assert.equal(JSON.stringify(definition).includes('"Iterator"'), false);
});

test('the workflow refuses settings beyond the Connect quota or with a heartbeat longer than the timeout', () => {
  assert.throws(() => buildStateMachineDefinition({ ...inputs, maxConcurrency: 11 }), /quota/);
  assert.throws(() => buildStateMachineDefinition({ ...inputs, heartbeatSeconds: 2000 }), /heartbeat/);
});

test('the contact flow is a closed graph that asks each question through the bot of its type and ends with the ending', () => {
  const flow = buildCalloutContactFlow({ lambdas: localLambdaArns, bots: localBotAliases });
  const byId = new Map(flow.Actions.map((a) => [a.Identifier, a]));
  assert.equal(byId.size, flow.Actions.length, 'identifiers are unique');
  for (const action of flow.Actions) {
    for (const next of [
      action.Transitions.NextAction,
      ...(action.Transitions.Errors ?? []).map((e) => e.NextAction),
      ...(action.Transitions.Conditions ?? []).map((c) => c.NextAction),
    ]) {
      if (next) assert.ok(byId.has(next), `${action.Identifier} → ${next}`);
    }
  }
  const bots = flow.Actions.filter((a) => a.Type === 'ConnectParticipantWithLexBot');
  assert.deepEqual(bots.map((a) => (a.Parameters.LexV2Bot as { AliasArn: string }).AliasArn).sort(), Object.values(localBotAliases).sort());
  // Every intent of the block's bot, and anything not understood or silence, goes to record-answer.
  for (const ask of bots) {
    const role = Object.entries(localBotAliases).find(([, arn]) => arn === (ask.Parameters.LexV2Bot as { AliasArn: string }).AliasArn)![0];
    const intents = lexBots.find((b) => b.role === role)!.intents.map((i) => i.name);
    assert.deepEqual(
      ask.Transitions.Conditions?.map((c) => c.Condition.Operands[0]),
      intents,
    );
    assert.ok(ask.Transitions.Conditions?.every((c) => c.NextAction === 'record-answer'));
    assert.deepEqual(
      ask.Transitions.Errors?.map((e) => `${e.ErrorType}→${e.NextAction}`),
      ['NoMatchingCondition→record-answer', 'InputTimeLimitExceeded→record-answer', 'NoMatchingError→disconnect'],
    );
  }
  for (const compare of flow.Actions.filter((a) => a.Type === 'Compare')) assert.equal(compare.Transitions.NextAction, undefined);
  const lambdas = flow.Actions.filter((a) => a.Type === 'InvokeLambdaFunction');
  for (const lambda of lambdas) assert.equal(lambda.Parameters.InvocationTimeLimitSeconds, '8');
  // Every error path ends in the disconnect block; no Lambda error leaves the caller hanging.
  for (const lambda of lambdas) assert.equal(lambda.Transitions.Errors?.[0]?.NextAction, 'disconnect');
  assert.throws(() => buildCalloutContactFlow({ lambdas: localLambdaArns, bots: localBotAliases, lambdaTimeLimitSeconds: 9 }));
  assert.ok(Buffer.byteLength(JSON.stringify(flow)) < 256_000);
});

test("the Lex V2 bots use built-in slot types and keep the seed's intents", () => {
  const choice = lexBots.find((b) => b.role === 'choice')!;
  assert.deepEqual(
    choice.intents.map((i) => i.name),
    [
      'OkIntent',
      'YesIntent',
      'NoIntent',
      'AIntent',
      'BIntent',
      'CIntent',
      'DIntent',
      'EIntent',
      'Digit1Intent',
      'Digit2Intent',
      'Digit3Intent',
      'Digit4Intent',
      'Digit5Intent',
      'RepeatIntent',
      'StopCallingIntent',
    ],
  );
  assert.deepEqual(
    lexBots.filter((b) => b.role !== 'choice').map((b) => b.intents[0]!.slot!.slotType),
    ['AMAZON.Date', 'AMAZON.Time', 'AMAZON.Number'],
  );
  assert.ok(lexBots.every((b) => b.intents.some((i) => i.parentIntentSignature === 'AMAZON.RepeatIntent')));
});

test.run();
