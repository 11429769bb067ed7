/**
 * The Lex V2 bots that capture answers, as data (the Pulumi component turns them into aws.lex.V2modelsBot,
 * locale, intents and slots; the Connect stand-in uses the utterances to "understand" scripted callers).
 * Intents and utterances come from the seed's CalloutBot*.xlsx (ExcelLexBot workbooks), moved from Lex V1 to
 * V2: the built-in AMAZON.Date / AMAZON.Time / AMAZON.Number slot types, AMAZON.RepeatIntent as the parent of
 * RepeatIntent, the automatic FallbackIntent — plus StopCallingIntent, so a callee can opt out by voice.
 */
export type LexSlotDefinition = {
  readonly name: string;
  readonly slotType: 'AMAZON.Date' | 'AMAZON.Time' | 'AMAZON.Number';
  readonly prompt: string;
};
export type LexIntentDefinition = {
  readonly name: string;
  readonly description: string;
  /**
   * Built-in parent (e.g. AMAZON.RepeatIntent); its utterances come with it, and `sampleUtterances` then only
   * model what the built-in understands for the local stand-in (they are not deployed).
   */
  readonly parentIntentSignature?: string;
  readonly sampleUtterances: readonly string[];
  readonly slot?: LexSlotDefinition;
};
export type LexBotDefinition = {
  readonly role: 'choice' | 'date' | 'time' | 'number';
  readonly name: string;
  readonly description: string;
  readonly localeId: 'en_US';
  /** Seconds Lex keeps a session; a call question is answered well within this. */
  readonly idleSessionTtlInSeconds: number;
  readonly nluConfidenceThreshold: number;
  readonly intents: readonly LexIntentDefinition[];
};

const repeatIntent: LexIntentDefinition = {
  name: 'RepeatIntent',
  description: 'Intent for repeating the message.',
  parentIntentSignature: 'AMAZON.RepeatIntent',
  sampleUtterances: ['repeat', 'say that again', 'pardon', 'sorry what', 'can you repeat the question'],
};
const stopCallingIntent: LexIntentDefinition = {
  name: 'StopCallingIntent',
  description: 'The callee asks not to be called again; their number goes on the do-not-call list.',
  sampleUtterances: ['stop calling me', 'do not call me again', "don't call me", 'remove me from your list', 'unsubscribe'],
};

/**
 * Keypad answers: Connect passes DTMF digits to Lex V2 as the input text. One intent per digit, mapped by the
 * question's type (OK: 1; Yes/No: 1 = Yes, 2 = No; Multiple Choice: 1–5 = A–E) — the prompts of operational calls
 * say "say OK or press 1".
 */
const digitIntents: LexIntentDefinition[] = [1, 2, 3, 4, 5].map((digit) => ({
  name: `Digit${digit}Intent`,
  description: `Keypad ${digit}.`,
  sampleUtterances: [String(digit)],
}));

const choice = (letter: string, utterances: string[]): LexIntentDefinition => ({
  name: `${letter}Intent`,
  description: `Intent for ${letter}.`,
  sampleUtterances: utterances,
});

const slotBot = (
  role: 'date' | 'time' | 'number',
  intent: string,
  slotType: LexSlotDefinition['slotType'],
  prompt: string,
  utterances: string[],
): LexBotDefinition => ({
  role,
  name: `CalloutBot${role[0]!.toUpperCase()}${role.slice(1)}`,
  description: `Captures a ${role} answer`,
  localeId: 'en_US',
  idleSessionTtlInSeconds: 300,
  nluConfidenceThreshold: 0.4,
  intents: [
    { name: intent, description: `Intent for ${role}.`, sampleUtterances: utterances, slot: { name: 'answer', slotType, prompt } },
    repeatIntent,
    stopCallingIntent,
  ],
});

export const lexBots: readonly LexBotDefinition[] = [
  {
    role: 'choice',
    name: 'CalloutBot',
    description: 'Bot for callout: OK, Yes/No and multiple-choice answers',
    localeId: 'en_US',
    idleSessionTtlInSeconds: 300,
    nluConfidenceThreshold: 0.4,
    intents: [
      { name: 'OkIntent', description: 'Intent for OK.', sampleUtterances: ['OK', 'Ok OK', 'okay', 'okay okay', 'Oh ok'] },
      { name: 'YesIntent', description: 'Intent for Yes.', sampleUtterances: ['Yes', 'Yes I do', 'Yes Yes', 'oh yes', 'yup'] },
      { name: 'NoIntent', description: 'Intent for No.', sampleUtterances: ['No', 'No No'] },
      choice('A', ['A', 'A A']),
      choice('B', ['B', 'B B']),
      choice('C', ['C', 'C C']),
      choice('D', ['D', 'D D']),
      choice('E', ['E', 'E E']),
      ...digitIntents,
      repeatIntent,
      stopCallingIntent,
    ],
  },
  slotBot('date', 'DateIntent', 'AMAZON.Date', 'What is the date?', ['{answer}', '{answer} please', '{answer} is preferable']),
  slotBot('time', 'TimeIntent', 'AMAZON.Time', 'When is the time?', ['{answer}', '{answer} is preferable', '{answer} please']),
  slotBot('number', 'NumberIntent', 'AMAZON.Number', 'What is the number?', ['{answer}']),
];

export function lexBot(role: LexBotDefinition['role']): LexBotDefinition {
  const bot = lexBots.find((b) => b.role === role);
  if (!bot) throw new Error(`no Lex bot for ${role}`);
  return bot;
}
