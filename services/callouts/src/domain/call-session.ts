import { renderPrompts } from './job.ts';
import type { Clock, ContactRef, DoNotCallList, JobStore, ResultStore, WorkflowCallbacks } from './ports.ts';
import { type QuestionType, normaliseAnswer } from './question-types.ts';
import type { CallOutcome } from './retry-policy.ts';
import { toSsml } from './templates.ts';

/**
 * What happens during one call, step by step, as the contact flow drives it: start (prompts), next question,
 * record an answer (stored at once), end (report to the waiting workflow). A hang-up is reported by the
 * disconnect handler from the same state, so answers given before it are never lost.
 */
export type SessionDeps = {
  readonly jobs: Pick<JobStore, 'getJob'>;
  readonly results: Pick<ResultStore, 'get' | 'update' | 'recordAnswer' | 'contactRef'>;
  readonly doNotCall: Pick<DoNotCallList, 'add'>;
  readonly callbacks: WorkflowCallbacks;
  readonly clock: Clock;
};

export type CallRef = { readonly jobId: string; readonly receiverId: string; readonly attempt: number; readonly contactId: string };

/** Lex V2 bot (by role) that captures each question type's answer; see lex-bots.ts. */
export const botForQuestionType: Record<QuestionType, 'choice' | 'date' | 'time' | 'number'> = {
  OK: 'choice',
  YesNo: 'choice',
  MultipleChoice: 'choice',
  Date: 'date',
  Time: 'time',
  Number: 'number',
};

/** A spoken question is repeated at most this often (Repeat or not understood) before moving on unanswered. */
export const maxTriesPerQuestion = 3;

export async function startCall(deps: SessionDeps, ref: CallRef) {
  const [job, result] = await Promise.all([deps.jobs.getJob(ref.jobId), deps.results.get(ref.jobId, ref.receiverId)]);
  if (!job || !result) throw new Error(`unknown receiver ${ref.jobId}/${ref.receiverId}`);
  const prompts = renderPrompts(job, result);
  const attempts = result.attempts.map((a) => (a.attempt === ref.attempt ? { ...a, contactId: ref.contactId } : a));
  await deps.results.update(ref.jobId, ref.receiverId, { status: 'InCall', attempts });
  // The greeting speaks the first answered question's position so a repeated call resumes, not restarts.
  const firstUnanswered = result.answers.indexOf(null);
  return {
    greeting: toSsml(prompts.greeting),
    ending: toSsml(prompts.ending),
    questionCount: job.questions.length,
    nextIndex: firstUnanswered === -1 ? job.questions.length + 1 : firstUnanswered + 1,
  };
}

export type NextQuestion =
  | { readonly done: true }
  | {
      readonly done: false;
      readonly index: number;
      readonly prompt: string;
      readonly type: QuestionType;
      readonly bot: 'choice' | 'date' | 'time' | 'number';
    };

export async function nextQuestion(deps: SessionDeps, ref: CallRef, index: number): Promise<NextQuestion> {
  const [job, result] = await Promise.all([deps.jobs.getJob(ref.jobId), deps.results.get(ref.jobId, ref.receiverId)]);
  if (!job || !result) throw new Error(`unknown receiver ${ref.jobId}/${ref.receiverId}`);
  const question = job.questions[index - 1];
  if (!question) return { done: true };
  const prompts = renderPrompts({ ...job, questions: [question] }, result);
  const rendered = prompts.questions[0];
  if (!rendered) return { done: true };
  // Each question is a sign of life: the workflow's heartbeat timeout only fires for a call that went silent.
  const token = await taskTokenOf(deps, ref).catch(() => undefined);
  if (token) await deps.callbacks.heartbeat(token).catch(() => undefined);
  return { done: false, index, prompt: toSsml(rendered.prompt), type: question.type, bot: botForQuestionType[question.type] };
}

export type AnswerInput = {
  readonly index: number;
  /** Lex V2 intent name, e.g. YesIntent, AIntent, DateIntent, FallbackIntent, RepeatIntent, StopCallingIntent. */
  readonly intentName: string | undefined;
  /** The slot's interpreted value (Date, Time, Number). */
  readonly slotValue?: string | undefined;
  /** How often this question has been asked already. */
  readonly tries: number;
};

export type AnswerDecision =
  /** Move on to `nextIndex`. */
  | { readonly action: 'next'; readonly nextIndex: number; readonly answer: string | null }
  /** Ask the same question again. */
  | { readonly action: 'repeat'; readonly tries: number }
  /** The callee asked not to be called again: their number is on the do-not-call list; say the ending. */
  | { readonly action: 'opt-out' };

const intentAnswers: Record<string, string> = {
  OkIntent: 'OK',
  YesIntent: 'Yes',
  NoIntent: 'No',
  AIntent: 'A',
  BIntent: 'B',
  CIntent: 'C',
  DIntent: 'D',
  EIntent: 'E',
};

/** Keypad digit intents → the answer they stand for in this question type (see lex-bots.ts). */
function keypadAnswer(type: QuestionType, intentName: string | undefined): string | undefined {
  const digit = /^Digit([1-5])Intent$/.exec(intentName ?? '')?.[1];
  if (!digit) return undefined;
  const choices: Partial<Record<QuestionType, readonly string[]>> = { OK: ['OK'], YesNo: ['Yes', 'No'], MultipleChoice: ['A', 'B', 'C', 'D', 'E'] };
  return choices[type]?.[Number(digit) - 1];
}

export async function recordAnswer(deps: SessionDeps, ref: CallRef, input: AnswerInput): Promise<AnswerDecision> {
  const [job, result] = await Promise.all([deps.jobs.getJob(ref.jobId), deps.results.get(ref.jobId, ref.receiverId)]);
  if (!job || !result) throw new Error(`unknown receiver ${ref.jobId}/${ref.receiverId}`);
  const question = job.questions[input.index - 1];
  if (!question) return { action: 'next', nextIndex: job.questions.length + 1, answer: null };
  if (input.intentName === 'StopCallingIntent') {
    await deps.doNotCall.add({
      phoneNumber: result.phoneNumber,
      reason: `asked during ${ref.jobId} not to be called`,
      source: 'callee',
      addedAt: deps.clock.now().toISOString(),
    });
    return { action: 'opt-out' };
  }
  const raw =
    input.intentName && intentAnswers[input.intentName]
      ? intentAnswers[input.intentName]
      : (keypadAnswer(question.type, input.intentName) ?? input.slotValue);
  const answer = normaliseAnswer(question.type, raw);
  if (answer === undefined) {
    // RepeatIntent, FallbackIntent, or an answer of the wrong kind ("B" to a yes/no question).
    if (input.tries + 1 >= maxTriesPerQuestion) return { action: 'next', nextIndex: input.index + 1, answer: null };
    return { action: 'repeat', tries: input.tries + 1 };
  }
  await deps.results.recordAnswer(ref.jobId, ref.receiverId, input.index, answer, deps.clock.now().toISOString());
  return { action: 'next', nextIndex: input.index + 1, answer };
}

/**
 * Connect's DisconnectReason (contact trace record) → attempt outcome when the flow never got to run.
 * Busy and no-answer both surface as an outbound attempt that failed to connect; the telephony reasons are
 * distinguished where Connect reports them.
 */
export function outcomeForDisconnect(disconnectReason: string | undefined, connected: boolean): CallOutcome {
  if (connected) return 'PartiallyCompleted';
  switch (disconnectReason) {
    case 'OUTBOUND_DESTINATION_ENDPOINT_ERROR':
    case 'TELECOM_BUSY':
      return 'Busy';
    case 'OUTBOUND_ATTEMPT_FAILED':
    case 'EXPIRED':
    case 'TELECOM_NO_ANSWER':
    case 'CUSTOMER_NEVER_ARRIVED':
      return 'NoAnswer';
    case 'OUTBOUND_RESOURCE_ERROR':
    case 'TELECOM_PROBLEM':
      return 'Failed';
    default:
      return 'NoAnswer';
  }
}

/**
 * The flow's last Lambda: records how the conversation ended. It does NOT report to the workflow: the line is
 * still busy while the ending plays, and the dialer must not reuse the slot (Connect's concurrent-call quota)
 * until the contact is gone — the DISCONNECTED event reports (see `reportDisconnected`).
 */
export async function endConversation(deps: SessionDeps, ref: CallRef, how: 'completed' | 'opted-out'): Promise<{ outcome: CallOutcome }> {
  const [job, result] = await Promise.all([deps.jobs.getJob(ref.jobId), deps.results.get(ref.jobId, ref.receiverId)]);
  if (!job || !result) throw new Error(`unknown receiver ${ref.jobId}/${ref.receiverId}`);
  const answered = result.answers.filter((a) => a !== null).length;
  const outcome: CallOutcome = how === 'completed' && answered === job.questions.length ? 'Completed' : 'PartiallyCompleted';
  const attempts = result.attempts.map((a) =>
    a.attempt === ref.attempt
      ? { ...a, flowOutcome: outcome, ...(how === 'opted-out' ? { flowNote: 'callee asked not to be called again' } : {}) }
      : a,
  );
  await deps.results.update(ref.jobId, ref.receiverId, { attempts });
  return { outcome };
}

/**
 * The contact's DISCONNECTED event ends the attempt and reports it to the waiting workflow, once: the flow's
 * recorded outcome if it got to the end, else from the disconnect (hang-up mid-call keeps the answers so far:
 * PartiallyCompleted; never answered: NoAnswer/Busy/Failed).
 */
export async function reportDisconnected(
  deps: Pick<SessionDeps, 'results' | 'callbacks'>,
  input: { readonly contactId: string; readonly disconnectReason?: string },
): Promise<{ reported: boolean; outcome?: CallOutcome }> {
  const link = await deps.results.contactRef(input.contactId);
  if (!link) return { reported: false };
  const result = await deps.results.get(link.jobId, link.receiverId);
  if (!result) return { reported: false };
  const attempt = result.attempts.find((a) => a.attempt === link.attempt);
  if (!attempt || attempt.reportedOutcome !== undefined || attempt.outcome !== undefined) return { reported: false };
  const connected = result.status === 'InCall';
  const outcome: CallOutcome = attempt.flowOutcome ?? outcomeForDisconnect(input.disconnectReason, connected);
  const attempts = result.attempts.map((a) => (a.attempt === link.attempt ? { ...a, reportedOutcome: outcome } : a));
  await deps.results.update(link.jobId, link.receiverId, { attempts });
  await deps.callbacks.succeed(link.taskToken, {
    jobId: link.jobId,
    receiverId: link.receiverId,
    attempt: link.attempt,
    contactId: input.contactId,
    outcome,
    ...(attempt.flowNote ? { error: attempt.flowNote } : {}),
  });
  return { reported: true, outcome };
}

async function taskTokenOf(deps: Pick<SessionDeps, 'results'>, ref: CallRef): Promise<string> {
  const link: ContactRef | undefined = await deps.results.contactRef(ref.contactId);
  if (!link) throw new Error(`contact ${ref.contactId} is not linked to an attempt`);
  return link.taskToken;
}
