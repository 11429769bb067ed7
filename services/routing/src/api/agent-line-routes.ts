/**
 * The agent line's routes (local stage only, beside the call simulator): the console's agent page lists the
 * calls ringing on the extensions and answers, declines or hangs them up. On AWS the PBX and the softphone do
 * this over SIP: only the local stage's registration (`src/local.ts`) adds these routes, so the API Lambda's
 * bundle never carries the local adapter.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { createRoute, HttpProblem, problemResponses, z, type AppEnv, type Principal } from '@switchboard/shared/http';
import { AgentLineError, type LocalAgentLine } from '../adapters/local/local-agent-line.ts';

const agentLineCallSchema = z
  .object({
    callId: z.string(),
    extension: z.string(),
    from: z.string(),
    department: z.string().optional().openapi({ description: 'X-LexInfo: the department the caller asked for' }),
    sipHeaders: z.record(z.string(), z.string()),
    state: z.enum(['ringing', 'talking', 'ended']),
    ringingSince: z.string(),
    answeredAt: z.string().optional(),
    endedAt: z.string().optional(),
    ending: z.enum(['declined', 'not-answered', 'agent-hung-up', 'caller-hung-up']).optional(),
    answeredBy: z.string().optional(),
  })
  .openapi('AgentLineCall');

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const callParams = z.object({
  callId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'callId', in: 'path' } }),
});

const listCalls = createRoute({
  method: 'get',
  path: '/simulator/agent-line/calls',
  summary: 'Local stage only: calls ringing, talking or recently ended on the agent line (the PBX stand-in)',
  responses: { 200: json(z.object({ items: z.array(agentLineCallSchema) }), 'Newest first'), ...problemResponses(401, 403) },
});
const action = (verb: 'answer' | 'decline' | 'hang-up', summary: string) =>
  createRoute({
    method: 'post',
    path: `/simulator/agent-line/calls/{callId}/${verb}`,
    summary,
    request: { params: callParams },
    responses: { 200: json(agentLineCallSchema, 'The call after the action'), ...problemResponses(401, 403, 404, 409) },
  });

function problemFor(error: unknown): never {
  if (error instanceof AgentLineError) {
    throw new HttpProblem(error.reason === 'not-found' ? 404 : 409, error.reason === 'not-found' ? 'Not Found' : 'Conflict', {
      detail: error.message,
    });
  }
  throw error;
}

export function addAgentLineRoutes(app: OpenAPIHono<AppEnv>, line: LocalAgentLine): void {
  app.openapi(listCalls, (c) => c.json({ items: line.list() }, 200));
  app.openapi(action('answer', 'Local stage only: answer a ringing call (the bridge completes)'), (c) => {
    const principal = c.get('principal') as Principal;
    try {
      return c.json(line.answer(c.req.valid('param').callId, principal.username), 200);
    } catch (error) {
      return problemFor(error);
    }
  });
  app.openapi(action('decline', 'Local stage only: decline a ringing call (the bridge fails busy; overflow applies)'), (c) => {
    try {
      return c.json(line.decline(c.req.valid('param').callId), 200);
    } catch (error) {
      return problemFor(error);
    }
  });
  app.openapi(action('hang-up', 'Local stage only: the agent hangs up a call in progress'), (c) => {
    try {
      return c.json(line.hangUp(c.req.valid('param').callId), 200);
    } catch (error) {
      return problemFor(error);
    }
  });
}
