/**
 * The sms REST API (Hono + OpenAPI; bearer JWT on every path but /health and /openapi.json):
 * conversations and their transcripts, the FAQ (JSON or CSV import/export, unanswered questions), the
 * opt-out list and the deflection funnel metrics. Who may call what: src/api/access.ts (enforced for every route).
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { createRoute, createServiceApp, HttpProblem, problemResponses, spendLimitProblem, z, type AppEnv } from '@switchboard/shared/http';
import { isE164, maskPhone } from '@switchboard/shared/phone';
import { hasAnyRole } from '@switchboard/shared/roles';
import { ATTRIBUTE_KEY, DEFLECTION_LIMITS } from '../domain/deflection-limits.ts';
import { access, TRANSCRIPT_ROLES } from './access.ts';
import { FaqImportError, faqToCsv, parseFaqCsv, parseFaqJson, type FaqEntry } from '../domain/faq.ts';
import type { Conversation } from '../domain/conversation.ts';
import type { FaqBotPublisher } from '../domain/ports.ts';
import type { SmsService } from '../composition/sms-service.ts';
import { METRIC_NAMES } from '../adapters/aws/dynamodb-metrics.ts';
import { registerSimulatorRoutes, type SmsSimulators } from './simulator.ts';

export interface SmsApiDeps {
  service: SmsService & { publisher: FaqBotPublisher };
  verifier: Parameters<typeof createServiceApp>[0]['verifier'];
  version: string;
  /** Local stage only: the handset and agent simulators under /simulator. */
  simulators?: SmsSimulators;
}

/** E.164 by the platform's one check (shared/phone), on the kit's zod so `.openapi()` exists whatever module loaded first. */
const e164Schema = z.string().refine((value) => isE164(value), 'must be an E.164 phone number such as +14255550182');

/** Contact attributes a request may carry: as many and as long as the Connect contact and the conversation item take. */
const attributesSchema = z
  .record(
    z.string().regex(ATTRIBUTE_KEY, 'attribute names: letters, digits, _ . - (at most 128)'),
    z.string().max(DEFLECTION_LIMITS.attributeValueLength),
  )
  .refine(
    (attributes) => Object.keys(attributes).length <= DEFLECTION_LIMITS.attributeCount,
    `at most ${DEFLECTION_LIMITS.attributeCount} attributes`,
  )
  .refine(
    (attributes) =>
      Object.entries(attributes).reduce((total, [key, value]) => total + key.length + value.length, 0) <= DEFLECTION_LIMITS.attributesTotalLength,
    `at most ${DEFLECTION_LIMITS.attributesTotalLength} characters of attributes in all`,
  );

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

const conversationSchema = z
  .object({
    conversationId: z.string(),
    phoneNumber: z.string(),
    state: z.enum(['offered', 'opted-in', 'bot', 'queued', 'agent', 'ended']),
    version: z.number().int(),
    department: z.string().optional(),
    callId: z.string().optional(),
    contactId: z.string().optional(),
    agentName: z.string().optional(),
    createdAt: z.string(),
    lastActivityAt: z.string(),
    optedInAt: z.string().optional(),
    escalatedAt: z.string().optional(),
    agentJoinedAt: z.string().optional(),
    endedAt: z.string().optional(),
    endReason: z.string().optional(),
    counters: z.object({ inbound: z.number(), outbound: z.number(), botAnswered: z.number(), botUnanswered: z.number() }),
  })
  .openapi('Conversation');

const transcriptEntrySchema = z
  .object({
    at: z.string(),
    direction: z.enum(['inbound', 'outbound']),
    author: z.enum(['customer', 'bot', 'agent', 'system', 'service']),
    text: z.string(),
    messageId: z.string(),
  })
  .openapi('TranscriptEntry');

const faqEntryJson = z
  .object({
    id: z.string().openapi({ example: 'opening-hours' }),
    question: z.string().openapi({ example: 'What are your opening hours?' }),
    utterances: z.array(z.string()).openapi({ example: ['when are you open'] }),
    answer: z.string().openapi({ example: 'Monday to Friday, 8am to 8pm.' }),
  })
  .openapi('FaqEntry');

const optOutSchema = z
  .object({ phoneNumber: z.string(), optedOutAt: z.string(), keyword: z.string(), source: z.enum(['sms', 'api']) })
  .openapi('OptOut');

const pageQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(25)
    .openapi({ param: { name: 'limit', in: 'query' } }),
  nextToken: z
    .string()
    .max(4096)
    .optional()
    .openapi({ param: { name: 'nextToken', in: 'query' } }),
});

const phoneParams = z.object({ phoneNumber: e164Schema.openapi({ param: { name: 'phoneNumber', in: 'path' }, example: '+14255550182' }) });
const conversationParams = z.object({
  conversationId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'conversationId', in: 'path' } }),
});

function present(conversation: Conversation): z.infer<typeof conversationSchema> {
  return {
    conversationId: conversation.conversationId,
    phoneNumber: conversation.phoneNumber,
    state: conversation.state,
    version: conversation.version,
    createdAt: conversation.createdAt,
    lastActivityAt: conversation.lastActivityAt,
    counters: conversation.counters,
    ...(conversation.context.department ? { department: conversation.context.department } : {}),
    ...(conversation.context.callId ? { callId: conversation.context.callId } : {}),
    ...(conversation.contactId ? { contactId: conversation.contactId } : {}),
    ...(conversation.agentName ? { agentName: conversation.agentName } : {}),
    ...(conversation.optedInAt ? { optedInAt: conversation.optedInAt } : {}),
    ...(conversation.escalatedAt ? { escalatedAt: conversation.escalatedAt } : {}),
    ...(conversation.agentJoinedAt ? { agentJoinedAt: conversation.agentJoinedAt } : {}),
    ...(conversation.endedAt ? { endedAt: conversation.endedAt } : {}),
    ...(conversation.endReason ? { endReason: conversation.endReason } : {}),
  };
}

const listConversations = createRoute({
  method: 'get',
  path: '/conversations',
  summary: 'Conversations, newest first for one number; `open=true` lists the open ones',
  request: {
    query: pageQuery.extend({
      phoneNumber: e164Schema.optional().openapi({ param: { name: 'phoneNumber', in: 'query' } }),
      open: z
        .enum(['true', 'false'])
        .optional()
        .openapi({ param: { name: 'open', in: 'query' } }),
    }),
  },
  responses: {
    200: json(z.object({ items: z.array(conversationSchema), nextToken: z.string().optional() }), 'A page of conversations'),
    ...problemResponses(401, 422),
  },
});

const getConversation = createRoute({
  method: 'get',
  path: '/conversations/{conversationId}',
  summary: 'One conversation with its transcript',
  request: { params: conversationParams },
  responses: {
    200: json(conversationSchema.extend({ transcript: z.array(transcriptEntrySchema) }), 'The conversation'),
    ...problemResponses(401, 404),
  },
});

const closeConversation = createRoute({
  method: 'post',
  path: '/conversations/{conversationId}/close',
  summary: 'End an open conversation (the customer gets the closing text; the chat is disconnected)',
  request: { params: conversationParams },
  responses: { 200: json(conversationSchema, 'The conversation as it is now'), ...problemResponses(401, 403, 404) },
});

const requestDeflection = createRoute({
  method: 'post',
  path: '/deflections',
  summary: 'Offer a caller to continue by SMS (what the SmsDeflectionRequested event does)',
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z
            .object({
              phoneNumber: z.string().min(3).max(32).openapi({ example: '+14255550182' }),
              callId: z.string().min(1).max(DEFLECTION_LIMITS.callIdLength).optional(),
              department: z.string().min(1).max(DEFLECTION_LIMITS.departmentLength).optional(),
              languageCode: z.string().min(2).max(DEFLECTION_LIMITS.languageCodeLength).optional(),
              attributes: attributesSchema.optional(),
            })
            .openapi('DeflectionRequest'),
        },
      },
    },
  },
  responses: {
    200: json(
      z.object({ outcome: z.string(), conversationId: z.string().optional(), phoneNumber: z.string().optional(), reason: z.string().optional() }),
      'What happened',
    ),
    ...problemResponses(400, 401, 403, 422, 429),
  },
});

const getFaq = createRoute({
  method: 'get',
  path: '/faq',
  summary: 'The FAQ the bot answers from (JSON; `format=csv` for CSV)',
  request: {
    query: z.object({
      format: z
        .enum(['json', 'csv'])
        .default('json')
        .openapi({ param: { name: 'format', in: 'query' } }),
    }),
  },
  responses: {
    200: {
      description: 'The FAQ',
      content: { 'application/json': { schema: z.object({ items: z.array(faqEntryJson) }) }, 'text/csv': { schema: z.string() } },
    },
    ...problemResponses(401),
  },
});

const importResult = z.object({
  written: z.number(),
  removed: z.number(),
  bot: z.object({ upserted: z.number(), deleted: z.number(), build: z.string() }),
});

const putFaq = createRoute({
  method: 'put',
  path: '/faq',
  summary: 'Replace the FAQ (JSON array or { entries }) and regenerate the bot intents',
  request: {
    body: {
      required: true,
      content: { 'application/json': { schema: z.unknown().openapi({ type: 'array', items: { $ref: '#/components/schemas/FaqEntry' } }) } },
    },
  },
  responses: { 200: json(importResult, 'Imported'), ...problemResponses(400, 401, 403, 422) },
});

const putFaqCsv = createRoute({
  method: 'put',
  path: '/faq/csv',
  summary: 'Replace the FAQ from CSV (header: id?, question, utterances? (| separated), answer)',
  request: { body: { required: true, content: { 'text/csv': { schema: z.string() } } } },
  responses: { 200: json(importResult, 'Imported'), ...problemResponses(401, 403, 415, 422) },
});

const unansweredRoute = createRoute({
  method: 'get',
  path: '/faq/unanswered',
  summary: 'Questions the bot could not answer, most asked first (what to add to the FAQ)',
  request: {
    query: z.object({
      limit: z.coerce
        .number()
        .int()
        .min(1)
        .max(500)
        .default(50)
        .openapi({ param: { name: 'limit', in: 'query' } }),
    }),
  },
  responses: {
    200: json(z.object({ items: z.array(z.object({ question: z.string(), count: z.number(), lastAskedAt: z.string() })) }), 'Unanswered questions'),
    ...problemResponses(401),
  },
});

const listOptOuts = createRoute({
  method: 'get',
  path: '/opt-outs',
  summary: 'Numbers that opted out',
  request: { query: pageQuery },
  responses: {
    200: json(z.object({ items: z.array(optOutSchema), nextToken: z.string().optional() }), 'A page of opt-outs'),
    ...problemResponses(401, 422),
  },
});

const addOptOut = createRoute({
  method: 'put',
  path: '/opt-outs/{phoneNumber}',
  summary: 'Opt a number out (a request received by another channel); ends its open conversation',
  request: { params: phoneParams },
  responses: { 200: json(optOutSchema, 'Opted out'), ...problemResponses(401, 403, 422) },
});

const removeOptOut = createRoute({
  method: 'delete',
  path: '/opt-outs/{phoneNumber}',
  summary: 'Remove an opt-out — only with the customer’s documented consent (they can also text START)',
  request: { params: phoneParams },
  responses: { 204: { description: 'Removed' }, ...problemResponses(401, 403, 404, 422) },
});

const metricsRoute = createRoute({
  method: 'get',
  path: '/metrics',
  summary: 'The deflection funnel between two days (UTC): offered, accepted, answered by the bot, escalated, …',
  request: {
    query: z.object({
      from: z.iso
        .date()
        .optional()
        .openapi({ param: { name: 'from', in: 'query' }, example: '2026-11-01' }),
      to: z.iso
        .date()
        .optional()
        .openapi({ param: { name: 'to', in: 'query' }, example: '2026-11-30' }),
    }),
  },
  responses: {
    200: json(
      z.object({ from: z.string(), to: z.string(), totals: z.record(z.string(), z.number()), acceptanceRate: z.number().nullable() }),
      'Totals',
    ),
    ...problemResponses(401, 422),
  },
});

export function createApp(deps: SmsApiDeps): OpenAPIHono<AppEnv> {
  const { service } = deps;
  const app = createServiceApp({
    service: 'sms',
    version: deps.version,
    title: 'Switchboard sms API',
    description: 'SMS deflection: conversations bridged to Amazon Connect Chat, the FAQ bot, opt-outs and metrics.',
    verifier: deps.verifier,
    access,
  });
  /** Full numbers for the roles that work the conversations, masked for everyone else. */
  const seesNumbers = (principal: Parameters<typeof hasAnyRole>[0]) => hasAnyRole(principal, TRANSCRIPT_ROLES);

  app.openapi(listConversations, async (c) => {
    const query = c.req.valid('query');
    const fullNumbers = seesNumbers(c.get('principal'));
    if (query.phoneNumber && !fullNumbers) {
      // A lookup by number tells whether that person texted us: personal data, like the number itself.
      throw new HttpProblem(403, 'Forbidden', {
        detail: 'Looking conversations up by phone number needs the agent, supervisor or admin role.',
        reason: 'role-required',
        requiredRoles: [...TRANSCRIPT_ROLES],
      });
    }
    const result = await service.conversations.list({
      limit: query.limit,
      ...(query.phoneNumber ? { phoneNumber: query.phoneNumber } : {}),
      ...(query.open === 'true' ? { openOnly: true } : {}),
      ...(query.nextToken ? { cursor: query.nextToken } : {}),
    });
    const items = result.items.map(present).map((item) => (fullNumbers ? item : { ...item, phoneNumber: maskPhone(item.phoneNumber) }));
    return c.json({ items, ...(result.cursor ? { nextToken: result.cursor } : {}) }, 200);
  });

  app.openapi(getConversation, async (c) => {
    const { conversationId } = c.req.valid('param');
    const conversation = await service.conversations.findById(conversationId);
    if (!conversation) throw new HttpProblem(404, 'Not Found', { detail: `No conversation ${conversationId}.` });
    return c.json({ ...present(conversation), transcript: await service.conversations.transcript(conversationId) }, 200);
  });

  app.openapi(closeConversation, async (c) => {
    const { conversationId } = c.req.valid('param');
    const conversation = await service.deflection.close(conversationId);
    if (!conversation) throw new HttpProblem(404, 'Not Found', { detail: `No conversation ${conversationId}.` });
    return c.json(present(conversation), 200);
  });

  app.openapi(requestDeflection, async (c) => {
    const body = c.req.valid('json');
    const principal = c.get('principal');
    const outcome = await service.deflection.requestDeflection({
      phoneNumber: body.phoneNumber,
      correlationId: body.callId ?? c.get('requestId'),
      requestKey: `api:${c.get('requestId')}`,
      // Spend limits count per user: the token's subject (usernames can be reused).
      requestedBy: `api:${principal.subject}`,
      ...(body.callId ? { callId: body.callId } : {}),
      ...(body.department ? { department: body.department } : {}),
      ...(body.languageCode ? { language: body.languageCode } : {}),
      attributes: { ...(body.attributes ?? {}), requestedBy: `api:${principal.username}` },
    });
    if (outcome.outcome === 'rate-limited') throw spendLimitProblem(outcome.refusal);
    if (outcome.outcome === 'refused-destination') {
      throw new HttpProblem(422, 'Destination not allowed', {
        detail: outcome.reason,
        issues: [{ path: 'phoneNumber', message: outcome.reason, code: 'custom' }],
      });
    }
    return c.json(outcome, 200);
  });

  app.openapi(getFaq, async (c) => {
    const entries = await service.faq.list();
    if (c.req.valid('query').format === 'csv') {
      return c.body(faqToCsv(entries), 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="faq.csv"' });
    }
    return c.json({ items: entries }, 200);
  });

  async function importFaq(parse: () => FaqEntry[]) {
    let entries: FaqEntry[];
    try {
      entries = parse();
    } catch (error) {
      if (error instanceof FaqImportError) {
        throw new HttpProblem(422, 'Unprocessable Content', {
          detail: error.message,
          issues: error.issues.map((issue) => ({ path: `body[${issue.row}]`, message: issue.message, code: 'custom' })),
        });
      }
      throw error;
    }
    const stored = await service.faq.replaceAll(entries);
    const bot = await service.publisher.sync(entries);
    return { ...stored, bot };
  }

  app.openapi(putFaq, async (c) => {
    const body = c.req.valid('json');
    return c.json(await importFaq(() => parseFaqJson(body)), 200);
  });

  app.openapi(putFaqCsv, async (c) => {
    const contentType = c.req.header('content-type') ?? '';
    if (!contentType.startsWith('text/csv')) {
      throw new HttpProblem(415, 'Unsupported Media Type', { detail: 'Send the FAQ as text/csv.' });
    }
    const text = await c.req.text();
    return c.json(await importFaq(() => parseFaqCsv(text)), 200);
  });

  app.openapi(unansweredRoute, async (c) => c.json({ items: await service.faq.unanswered(c.req.valid('query').limit) }, 200));

  app.openapi(listOptOuts, async (c) => {
    const query = c.req.valid('query');
    const result = await service.optOuts.list(query.limit, query.nextToken);
    return c.json({ items: result.items, ...(result.cursor ? { nextToken: result.cursor } : {}) }, 200);
  });

  app.openapi(addOptOut, async (c) => {
    const { phoneNumber } = c.req.valid('param');
    const record = { phoneNumber, optedOutAt: service.clock.now().toISOString(), keyword: 'API', source: 'api' as const };
    await service.optOuts.add(record);
    const current = await service.conversations.get(phoneNumber);
    const open = current && current.state !== 'ended' ? current : undefined;
    if (open) await service.deflection.close(open.conversationId);
    // Routing offers "continue by text" only to numbers its projection of these facts says sms can text: an
    // opt-out made here must reach it as a STOP text does, or the next caller from this number is promised a text.
    await service.events.optedOut(
      { phoneNumber, keyword: record.keyword, optedOutAt: record.optedOutAt, ...(open ? { conversationId: open.conversationId } : {}) },
      open?.context.correlationId ?? `opt-out-api:${phoneNumber}:${record.optedOutAt}`,
    );
    return c.json(record, 200);
  });

  app.openapi(removeOptOut, async (c) => {
    const { phoneNumber } = c.req.valid('param');
    if (!(await service.optOuts.isOptedOut(phoneNumber))) throw new HttpProblem(404, 'Not Found', { detail: 'That number has not opted out.' });
    await service.optOuts.remove(phoneNumber);
    const optedInAt = service.clock.now().toISOString();
    await service.events.optedIn({ phoneNumber, keyword: 'API', optedInAt }, `opt-in-api:${phoneNumber}:${optedInAt}`);
    return c.body(null, 204);
  });

  app.openapi(metricsRoute, async (c) => {
    const query = c.req.valid('query');
    const now = service.clock.now();
    const to = query.to ? new Date(`${query.to}T23:59:59.999Z`) : now;
    const from = query.from ? new Date(`${query.from}T00:00:00.000Z`) : new Date(to.getTime() - 29 * 86_400_000);
    if (from > to) throw new HttpProblem(422, 'Unprocessable Content', { detail: '`from` is after `to`.' });
    if (to.getTime() - from.getTime() > 366 * 86_400_000)
      throw new HttpProblem(422, 'Unprocessable Content', { detail: 'At most one year per request.' });
    const totals = await service.metrics.totals(from, to);
    const ordered = Object.fromEntries(METRIC_NAMES.map((name) => [name, totals[name]]));
    return c.json(
      {
        from: from.toISOString().slice(0, 10),
        to: to.toISOString().slice(0, 10),
        totals: ordered,
        acceptanceRate: totals.offered > 0 ? totals.accepted / totals.offered : null,
      },
      200,
    );
  });

  if (deps.simulators) registerSimulatorRoutes(app, deps.simulators);
  return app;
}
