/**
 * The "Calling out" contact flow, generated in Amazon Connect flow language (Version 2019-10-30) and deployed
 * with aws.connect.ContactFlow. It replaces the seed's exported flow (Lex V1 bots, a Loop block sized from an
 * attribute, answers saved only at the end). Here every answer is stored by a Lambda as it is given, so a
 * hang-up keeps the answers so far, and any error path disconnects — the DISCONNECTED contact event then
 * reports the attempt.
 *
 *   start → greeting → ┌ next-question ─ done? ──────────────→ end-call → ending → disconnect
 *                      │   └ ask with the type's Lex bot → record-answer ─ opt-out? → end-call(opted-out) → ending
 *                      └──────────────────────────────────────────┘
 */
import { lexBot } from './lex-bots.ts';

export type ContactFlowInputs = {
  readonly lambdas: { readonly startCall: string; readonly nextQuestion: string; readonly recordAnswer: string; readonly endCall: string };
  /** Lex V2 bot alias ARNs by role. */
  readonly bots: { readonly choice: string; readonly date: string; readonly time: string; readonly number: string };
  /** Polly voice for prompts. @default "Joanna" */
  readonly voice?: string;
  /** Seconds a contact-flow Lambda may take (Connect allows 1–8). @default 8 */
  readonly lambdaTimeLimitSeconds?: number;
};

export type FlowAction = {
  readonly Identifier: string;
  readonly Type: string;
  readonly Parameters: Record<string, unknown>;
  readonly Transitions: {
    readonly NextAction?: string;
    readonly Errors?: readonly { readonly NextAction: string; readonly ErrorType: string }[];
    readonly Conditions?: readonly {
      readonly NextAction: string;
      readonly Condition: { readonly Operator: 'Equals'; readonly Operands: readonly string[] };
    }[];
  };
};
export type ContactFlow = {
  readonly Version: '2019-10-30';
  readonly StartAction: string;
  readonly Metadata: Record<string, unknown>;
  readonly Actions: readonly FlowAction[];
};

const botRoles = ['choice', 'date', 'time', 'number'] as const;
const intentsOf = (role: (typeof botRoles)[number]) => lexBot(role).intents.map((intent) => intent.name);

export function buildCalloutContactFlow(inputs: ContactFlowInputs): ContactFlow {
  const timeLimit = String(inputs.lambdaTimeLimitSeconds ?? 8);
  if (Number(timeLimit) < 1 || Number(timeLimit) > 8) throw new Error('lambdaTimeLimitSeconds must be 1–8 (Connect limit)');
  const invoke = (id: string, arn: string, next: string, parameters: Record<string, string> = {}): FlowAction => ({
    Identifier: id,
    Type: 'InvokeLambdaFunction',
    Parameters: {
      LambdaFunctionARN: arn,
      InvocationTimeLimitSeconds: timeLimit,
      ResponseValidation: { ResponseType: 'STRING_MAP' },
      ...(Object.keys(parameters).length ? { LambdaInvocationAttributes: parameters } : {}),
    },
    Transitions: { NextAction: next, Errors: [{ NextAction: 'disconnect', ErrorType: 'NoMatchingError' }] },
  });
  const setAttributes = (id: string, attributes: Record<string, string>, next: string): FlowAction => ({
    Identifier: id,
    Type: 'UpdateContactAttributes',
    Parameters: { Attributes: attributes, TargetContact: 'Current' },
    Transitions: { NextAction: next, Errors: [{ NextAction: 'disconnect', ErrorType: 'NoMatchingError' }] },
  });
  const say = (id: string, ssml: string, next: string): FlowAction => ({
    Identifier: id,
    Type: 'MessageParticipant',
    Parameters: { SSML: ssml },
    Transitions: { NextAction: next, Errors: [{ NextAction: 'disconnect', ErrorType: 'NoMatchingError' }] },
  });
  // Compare: matching operands go to their action; anything else takes the NoMatchingCondition branch.
  const compare = (id: string, value: string, cases: Record<string, string>, otherwise: string): FlowAction => ({
    Identifier: id,
    Type: 'Compare',
    Parameters: { ComparisonValue: value },
    Transitions: {
      Conditions: Object.entries(cases).map(([operand, next]) => ({
        NextAction: next,
        Condition: { Operator: 'Equals' as const, Operands: [operand] },
      })),
      Errors: [{ NextAction: otherwise, ErrorType: 'NoMatchingCondition' }],
    },
  });
  const ask = (role: (typeof botRoles)[number]): FlowAction => ({
    Identifier: `ask-${role}`,
    Type: 'ConnectParticipantWithLexBot',
    Parameters: {
      SSML: '$.Attributes.question',
      LexV2Bot: { AliasArn: inputs.bots[role] },
      LexSessionAttributes: { questionIndex: '$.Attributes.index' },
    },
    // Whatever the bot resolved — an answer, Repeat, StopCalling, or nothing understood (fallback, silence) — goes to
    // record-answer, which decides; only a bot error ends the call.
    Transitions: {
      Conditions: intentsOf(role).map((intent) => ({ NextAction: 'record-answer', Condition: { Operator: 'Equals' as const, Operands: [intent] } })),
      Errors: [
        { NextAction: 'record-answer', ErrorType: 'NoMatchingCondition' },
        { NextAction: 'record-answer', ErrorType: 'InputTimeLimitExceeded' },
        { NextAction: 'disconnect', ErrorType: 'NoMatchingError' },
      ],
    },
  });

  const actions: FlowAction[] = [
    {
      Identifier: 'logging',
      Type: 'UpdateFlowLoggingBehavior',
      Parameters: { FlowLoggingBehavior: 'Enabled' },
      Transitions: { NextAction: 'voice' },
    },
    {
      Identifier: 'voice',
      Type: 'UpdateContactTextToSpeechVoice',
      Parameters: { TextToSpeechVoice: inputs.voice ?? 'Joanna' },
      Transitions: { NextAction: 'start-call', Errors: [{ NextAction: 'start-call', ErrorType: 'NoMatchingError' }] },
    },
    invoke('start-call', inputs.lambdas.startCall, 'save-prompts'),
    setAttributes(
      'save-prompts',
      { greeting: '$.External.greeting', ending: '$.External.ending', index: '$.External.nextIndex', tries: '0' },
      'greeting',
    ),
    say('greeting', '$.Attributes.greeting', 'next-question'),
    invoke('next-question', inputs.lambdas.nextQuestion, 'save-question', { index: '$.Attributes.index' }),
    setAttributes('save-question', { question: '$.External.question', bot: '$.External.bot', done: '$.External.done' }, 'is-done'),
    compare('is-done', '$.Attributes.done', { true: 'end-call' }, 'pick-bot'),
    compare('pick-bot', '$.Attributes.bot', Object.fromEntries(botRoles.map((role) => [role, `ask-${role}`])), 'disconnect'),
    ...botRoles.map(ask),
    invoke('record-answer', inputs.lambdas.recordAnswer, 'save-answer', {
      index: '$.Attributes.index',
      tries: '$.Attributes.tries',
      intentName: '$.Lex.IntentName',
      slotValue: '$.Lex.Slots.answer',
    }),
    setAttributes('save-answer', { index: '$.External.nextIndex', tries: '$.External.tries', action: '$.External.action' }, 'after-answer'),
    compare(
      'after-answer',
      '$.Attributes.action',
      { 'opt-out': 'end-call-opted-out', repeat: 'next-question', next: 'next-question' },
      'next-question',
    ),
    invoke('end-call', inputs.lambdas.endCall, 'ending', { how: 'completed' }),
    invoke('end-call-opted-out', inputs.lambdas.endCall, 'ending', { how: 'opted-out' }),
    say('ending', '$.Attributes.ending', 'disconnect'),
    { Identifier: 'disconnect', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
  ];
  return {
    Version: '2019-10-30',
    StartAction: 'logging',
    Metadata: {
      name: 'Calling out',
      description: 'Switchboard callouts: greets, asks each question through Lex V2, stores each answer as given, reports the result.',
    },
    Actions: actions,
  };
}
