import { type ConnectEvent, type ConnectResponse, connectResponse, flowValue, parseConnectEvent } from '@switchboard/shared/connect';
import { type CallRef, type SessionDeps, endConversation, nextQuestion, recordAnswer, startCall } from '../domain/call-session.ts';

/**
 * The four Lambdas the "Calling out" contact flow invokes, as factories over the session ports (the handler
 * files bind them to DynamoDB/Step Functions; the local Connect stand-in binds them to its stores).
 * A caller is on the line: they never throw. On any failure they answer so the flow moves to its ending
 * ("done", "next") instead of the Lambda-error branch, which would drop the caller without a word.
 */
export type ContactFlowLambda = (event: unknown) => Promise<ConnectResponse>;
type Log = { error: (message: string, details: Record<string, unknown>) => void };

function callRef(event: ConnectEvent): CallRef {
  const jobId = flowValue(event, 'jobId');
  const receiverId = flowValue(event, 'receiverId');
  const attempt = Number(flowValue(event, 'attempt'));
  if (!jobId || !receiverId || !Number.isInteger(attempt)) throw new Error('contact attributes jobId, receiverId and attempt are required');
  return { jobId, receiverId, attempt, contactId: event.Details.ContactData.ContactId };
}

function guarded(name: string, log: Log, fallback: ConnectResponse, body: (event: ConnectEvent) => Promise<ConnectResponse>): ContactFlowLambda {
  return async (input) => {
    const parsed = parseConnectEvent(input);
    if (!parsed.ok) {
      log.error(`${name}: invalid contact-flow event`, { error: parsed.error });
      return fallback;
    }
    try {
      return await body(parsed.event);
    } catch (error) {
      log.error(`${name} failed`, {
        error: error instanceof Error ? error.message : String(error),
        contactId: parsed.event.Details.ContactData.ContactId,
      });
      return fallback;
    }
  };
}

export function createStartCallLambda(deps: SessionDeps, log: Log): ContactFlowLambda {
  return guarded(
    'start-call',
    log,
    connectResponse({ greeting: '<speak>Hello.</speak>', ending: '<speak>Sorry, we cannot continue this call. Goodbye.</speak>', nextIndex: 1 }),
    async (event) => {
      const started = await startCall(deps, callRef(event));
      return connectResponse({
        greeting: started.greeting,
        ending: started.ending,
        questionCount: started.questionCount,
        nextIndex: started.nextIndex,
      });
    },
  );
}

export function createNextQuestionLambda(deps: SessionDeps, log: Log): ContactFlowLambda {
  return guarded('next-question', log, connectResponse({ done: true }), async (event) => {
    const index = Number(flowValue(event, 'index') ?? '1');
    const next = await nextQuestion(deps, callRef(event), Number.isInteger(index) && index > 0 ? index : 1);
    if (next.done) return connectResponse({ done: true });
    return connectResponse({ done: false, index: next.index, question: next.prompt, questionType: next.type, bot: next.bot });
  });
}

export function createRecordAnswerLambda(deps: SessionDeps, log: Log): ContactFlowLambda {
  // On failure skip to the next question: the caller hears the rest instead of silence.
  return async (input) => {
    const parsed = parseConnectEvent(input);
    const index = parsed.ok ? Number(flowValue(parsed.event, 'index') ?? '1') : 1;
    const fallback = connectResponse({ action: 'next', nextIndex: (Number.isInteger(index) ? index : 1) + 1, tries: 0 });
    return guarded('record-answer', log, fallback, async (event) => {
      const tries = Number(flowValue(event, 'tries') ?? '0');
      const decision = await recordAnswer(deps, callRef(event), {
        index,
        intentName: event.Details.Parameters.intentName || undefined,
        slotValue: event.Details.Parameters.slotValue || undefined,
        tries: Number.isInteger(tries) ? tries : 0,
      });
      if (decision.action === 'repeat') return connectResponse({ action: 'repeat', nextIndex: index, tries: decision.tries });
      if (decision.action === 'opt-out') return connectResponse({ action: 'opt-out', nextIndex: index, tries: 0 });
      return connectResponse({ action: 'next', nextIndex: decision.nextIndex, tries: 0, answer: decision.answer ?? '' });
    })(input);
  };
}

export function createEndCallLambda(deps: SessionDeps, log: Log): ContactFlowLambda {
  return guarded('end-call', log, connectResponse({ recorded: false }), async (event) => {
    const how = event.Details.Parameters.how === 'opted-out' ? 'opted-out' : 'completed';
    const { outcome } = await endConversation(deps, callRef(event), how);
    return connectResponse({ recorded: true, outcome });
  });
}
