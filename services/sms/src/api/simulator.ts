/**
 * Local stage only: the simulated handset (text the service as any number, read what it received) and the
 * simulated Connect agent (see the chats, join, reply, end). Each action becomes the real-shaped SNS event
 * the real handler receives in AWS.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { createRoute, HttpProblem, problemResponses, z, type AppEnv } from '@switchboard/shared/http';
import { isE164 } from '@switchboard/shared/phone';
import type { SimulatedConnect } from '../adapters/local/connect-chat.ts';
import type { SimulatedHandsets } from '../adapters/local/handsets.ts';
import type { SnsDelivery } from '../adapters/local/sns-delivery.ts';

export interface SmsSimulators {
  handsets: SimulatedHandsets;
  connect: SimulatedConnect;
  /** Resolves once every SNS delivery in flight has been handled (so a response reflects its effects). */
  settle: () => Promise<void>;
  deliveries: { inbound: SnsDelivery; stream: SnsDelivery };
}

/** E.164 by the platform's one check (shared/phone), on the kit's zod so `.openapi()` exists whatever module loaded first. */
const e164Schema = z.string().refine((value) => isE164(value), 'must be an E.164 phone number such as +14255550182');

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const phoneParams = z.object({ phoneNumber: e164Schema.openapi({ param: { name: 'phoneNumber', in: 'path' }, example: '+14255550182' }) });
const contactParams = z.object({
  contactId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'contactId', in: 'path' } }),
});
const textSchema = z.object({ messageId: z.string(), from: z.string(), body: z.string(), at: z.string() });
const contactSchema = z.object({
  contactId: z.string(),
  state: z.enum(['queued', 'connected', 'ended']),
  agentName: z.string().optional(),
  attributes: z.record(z.string(), z.string()),
  startedAt: z.string(),
  transcript: z.array(
    z.object({ Id: z.string(), Type: z.string(), ParticipantRole: z.string().optional(), Content: z.string().optional(), AbsoluteTime: z.string() }),
  ),
});

const sendText = createRoute({
  method: 'post',
  path: '/simulator/handsets/{phoneNumber}/texts',
  summary: 'A handset texts the service (End User Messaging two-way SMS → SNS → inbound handler)',
  request: {
    params: phoneParams,
    body: { required: true, content: { 'application/json': { schema: z.object({ body: z.string().min(1).max(1600) }) } } },
  },
  responses: {
    200: json(z.object({ inboundMessageId: z.string(), received: z.array(textSchema) }), 'Sent; what the handset has received since'),
    ...problemResponses(400, 401, 422),
  },
});
const readTexts = createRoute({
  method: 'get',
  path: '/simulator/handsets/{phoneNumber}/texts',
  summary: 'Texts the handset received',
  request: { params: phoneParams },
  responses: { 200: json(z.object({ items: z.array(textSchema) }), 'Oldest first'), ...problemResponses(401, 422) },
});
const listContacts = createRoute({
  method: 'get',
  path: '/simulator/agent/contacts',
  summary: 'Chat contacts in the simulated Connect instance',
  responses: { 200: json(z.object({ items: z.array(contactSchema) }), 'Contacts'), ...problemResponses(401) },
});
const joinContact = createRoute({
  method: 'post',
  path: '/simulator/agent/contacts/{contactId}/join',
  summary: 'An agent accepts the chat',
  request: {
    params: contactParams,
    body: { required: true, content: { 'application/json': { schema: z.object({ agentName: z.string().min(1).max(64) }) } } },
  },
  responses: { 200: json(contactSchema, 'The contact'), ...problemResponses(401, 404, 409, 422) },
});
const replyContact = createRoute({
  method: 'post',
  path: '/simulator/agent/contacts/{contactId}/messages',
  summary: 'The agent writes in the chat',
  request: {
    params: contactParams,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({ text: z.string().min(1).max(4096), visibility: z.enum(['ALL', 'CUSTOMER', 'AGENT']).default('ALL') }),
        },
      },
    },
  },
  responses: { 200: json(contactSchema, 'The contact'), ...problemResponses(401, 404, 409, 422) },
});
const endContact = createRoute({
  method: 'post',
  path: '/simulator/agent/contacts/{contactId}/end',
  summary: 'The agent ends the chat',
  request: { params: contactParams },
  responses: { 200: json(contactSchema, 'The contact'), ...problemResponses(401, 404) },
});

export function registerSimulatorRoutes(app: OpenAPIHono<AppEnv>, simulators: SmsSimulators): void {
  const { handsets, connect } = simulators;
  const contactOr404 = (contactId: string) => {
    const contact = connect.get(contactId);
    if (!contact) throw new HttpProblem(404, 'Not Found', { detail: `No contact ${contactId}.` });
    return contact;
  };
  const agentAction = (contactId: string, action: () => void) => {
    contactOr404(contactId);
    try {
      action();
    } catch (error) {
      throw new HttpProblem(409, 'Conflict', { detail: error instanceof Error ? error.message : String(error) });
    }
  };

  app.openapi(sendText, async (c) => {
    const { phoneNumber } = c.req.valid('param');
    const before = handsets.inbox(phoneNumber).length;
    const inboundMessageId = handsets.text(phoneNumber, c.req.valid('json').body);
    await simulators.settle();
    return c.json({ inboundMessageId, received: handsets.inbox(phoneNumber).slice(before) }, 200);
  });
  app.openapi(readTexts, async (c) => c.json({ items: handsets.inbox(c.req.valid('param').phoneNumber) }, 200));
  app.openapi(listContacts, async (c) => c.json({ items: connect.list() }, 200));
  app.openapi(joinContact, async (c) => {
    const { contactId } = c.req.valid('param');
    agentAction(contactId, () => connect.join(contactId, c.req.valid('json').agentName));
    await simulators.settle();
    return c.json(contactOr404(contactId), 200);
  });
  app.openapi(replyContact, async (c) => {
    const { contactId } = c.req.valid('param');
    const body = c.req.valid('json');
    agentAction(contactId, () => connect.reply(contactId, body.text, body.visibility));
    await simulators.settle();
    return c.json(contactOr404(contactId), 200);
  });
  app.openapi(endContact, async (c) => {
    const { contactId } = c.req.valid('param');
    agentAction(contactId, () => connect.end(contactId));
    await simulators.settle();
    return c.json(contactOr404(contactId), 200);
  });
}
