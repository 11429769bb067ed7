/**
 * The local stand-in for the Bedrock agent: it answers from the runbook and by keyword retrieval over the guide
 * and the manual, and triages what the runbook does not cover the way the agent is instructed to — find the
 * closest guide section, then request actions through the action-group path (`requestAction`, which is
 * `TriageEngine.agentAction`, policy check included). Deterministic, so tests can rely on it.
 */
import type { AgentAnswer, OperatorAssistant } from '../../domain/assistant.ts';
import type { KnowledgeIndex } from '../../domain/knowledge.ts';
import type { AgentTriageRequest, TriageAgent } from '../../domain/ports.ts';
import { formatSteps, type Runbook } from '../../domain/runbook.ts';
import type { AgentActionOutcome } from '../../application/triage-engine.ts';

export interface RunbookAgentOptions {
  runbook: () => Promise<Runbook>;
  knowledge: KnowledgeIndex;
  /** Set after the engine exists (the engine needs the agent, the agent acts through the engine). */
  requestAction?: (request: { deviceId: string; code: string; action: string }) => Promise<AgentActionOutcome>;
}

export class RunbookAgent implements TriageAgent, OperatorAssistant {
  constructor(private readonly options: RunbookAgentOptions) {}

  set requestAction(fn: RunbookAgentOptions['requestAction']) {
    this.options.requestAction = fn;
  }

  /** Replaced after a runbook edit (LocalKnowledgeSync). */
  set knowledge(index: KnowledgeIndex) {
    this.options.knowledge = index;
  }

  async triage(request: AgentTriageRequest): Promise<{ summary: string }> {
    const runbook = await this.options.runbook();
    const entry = runbook.get(request.code);
    // The query is built from validated fields only; free-text context never steers what the stand-in does.
    const query = [request.code, String(request.context.metric ?? ''), request.detectedBy === 'anomaly' ? 'abnormal increase consumption' : 'fault']
      .join(' ')
      .replaceAll('_', ' ');
    const closest = this.options.knowledge.search(query, 1)[0];
    const actions = entry ? entry.actions : ['log_ticket'];
    const results: string[] = [];
    for (const action of actions) {
      const outcome = this.options.requestAction
        ? await this.options.requestAction({ deviceId: request.deviceId, code: request.code, action })
        : { status: 'denied' as const, message: 'no action group' };
      results.push(`${action}: ${outcome.status}`);
    }
    const basis = entry
      ? `${request.code} is ${entry.faultType} in the runbook.`
      : `${request.code} is not in the troubleshooting guide${closest ? `; the closest section is "${closest.heading}"` : ''}.`;
    return { summary: `${basis} Requested ${results.join(', ')}.` };
  }

  async ask(question: string, context: { sessionId: string; deviceData?: string }): Promise<AgentAnswer> {
    const runbook = await this.options.runbook();
    const parts: string[] = [];
    const sources: string[] = [];
    const codes = new Set((question.toUpperCase().match(/\b[A-Z][A-Z0-9_]{0,31}\b/g) ?? []).filter((c) => runbook.get(c)));
    for (const code of codes) {
      const entry = runbook.get(code)!;
      parts.push(
        `${code} (${entry.faultType.replaceAll('_', ' ')}): ${entry.internalEffect} Troubleshooting steps: ${formatSteps(entry.steps)}. ` +
          `Runbook actions: ${entry.actions.join(', ')}.`,
      );
      sources.push(`runbook#${code}`);
    }
    if (context.deviceData) {
      parts.push(`Device data: ${context.deviceData}`);
      sources.push('devices');
    }
    const hits = this.options.knowledge.search(question, codes.size ? 1 : 2);
    for (const hit of hits) {
      parts.push(`From "${hit.heading}" (${hit.source}): ${hit.text.replace(/\s+/g, ' ').slice(0, 400)}`);
      sources.push(`${hit.source}#${hit.heading}`);
    }
    return {
      answer: parts.length ? parts.join('\n') : 'Nothing in the runbook, the guide or the manual matches that question.',
      sources,
    };
  }
}
