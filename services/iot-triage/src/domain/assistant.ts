/** The operator-question port (POST /ask): Bedrock in AWS, the runbook + retrieval stand-in locally. */
export interface AgentAnswer {
  answer: string;
  /** Where the answer came from (knowledge-base object URIs, or local document sections). */
  sources: string[];
}

export interface OperatorAssistant {
  ask(question: string, context: { sessionId: string; deviceData?: string }): Promise<AgentAnswer>;
}
