/**
 * TriageAgent and the /ask answerer on Amazon Bedrock Agents (InvokeAgent). The agent's action group Lambda
 * (handlers/agent-actions.ts) is where its requested actions land — through the same policy check as the runbook.
 */
import { InvokeAgentCommand, type BedrockAgentRuntimeClient } from '@aws-sdk/client-bedrock-agent-runtime';
import type { AgentTriageRequest, TriageAgent } from '../../domain/ports.ts';
import { incidentAsData, TRIAGE_INSTRUCTION } from '../agent-prompt.ts';
import type { AgentAnswer, OperatorAssistant } from '../../domain/assistant.ts';

export interface BedrockAgentOptions {
  agentId: string;
  agentAliasId: string;
}

export class BedrockTriageAgent implements TriageAgent, OperatorAssistant {
  constructor(
    private readonly client: BedrockAgentRuntimeClient,
    private readonly options: BedrockAgentOptions,
  ) {}

  private async invoke(sessionId: string, inputText: string, attributes: Record<string, string>): Promise<AgentAnswer> {
    const response = await this.client.send(
      new InvokeAgentCommand({
        agentId: this.options.agentId,
        agentAliasId: this.options.agentAliasId,
        sessionId,
        inputText,
        enableTrace: false,
        sessionState: { promptSessionAttributes: attributes },
      }),
    );
    let text = '';
    const sources = new Set<string>();
    for await (const part of response.completion ?? []) {
      if (part.chunk?.bytes) text += new TextDecoder().decode(part.chunk.bytes);
      for (const citation of part.chunk?.attribution?.citations ?? []) {
        for (const reference of citation.retrievedReferences ?? []) {
          const uri = reference.location?.s3Location?.uri;
          if (uri) sources.add(uri);
        }
      }
    }
    return { answer: text.trim(), sources: [...sources] };
  }

  async triage(request: AgentTriageRequest): Promise<{ summary: string }> {
    // Session per incident: a retry continues the same conversation instead of starting a second one.
    const { answer } = await this.invoke(request.incidentId, TRIAGE_INSTRUCTION, { incident: incidentAsData(request) });
    return { summary: answer };
  }

  async ask(question: string, context: { sessionId: string; deviceData?: string }): Promise<AgentAnswer> {
    return this.invoke(context.sessionId, question, context.deviceData ? { device: context.deviceData } : {});
  }
}
