/**
 * The iot-triage REST API: devices with their last telemetry, incidents (list, get, acknowledge, resolve), the
 * runbook (read; edit and import for the `admin` group), fault injection (non-prod stages only) and `POST /ask`.
 */
import { createRoute, createServiceApp, HttpProblem, problemResponses, z, type TokenVerifier } from '@switchboard/shared/http';
import { checkDestination, maskPhone } from '@switchboard/shared/phone';
import { hasAnyRole } from '@switchboard/shared/roles';
import { access } from './access.ts';
import { answerAboutDevice, mentionedDevice, namedDevice, noSuchDevice } from '../domain/device-answer.ts';
import { GuideParseError, parseTroubleshootingGuide, renderTroubleshootingGuide, runbookEntrySchema, severities } from '../domain/runbook.ts';
import { thingNameSchema, faultCodeSchema } from '../domain/messages.ts';
import type {
  DeviceCommander,
  DeviceRecord,
  DeviceRepository,
  IncidentRepository,
  KnowledgeSync,
  RunbookStore,
  TicketReader,
} from '../domain/ports.ts';
import type { OperatorAssistant } from '../domain/assistant.ts';
import { incidentStatuses, type Incident } from '../domain/incident.ts';
import { DocxRejectedError, docxGuideText } from '../adapters/docx-guide-text.ts';
import { defaultDetectionRules, type DetectionRule } from '../domain/detectors.ts';
import { HISTORY_SAMPLES } from '../domain/telemetry-history.ts';
import { deviceTelemetry } from '../application/device-telemetry.ts';

const DOCX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
/** A guide is a few pages: 1 MiB of Word document is far more than one needs. */
const DOCX_MAX_UPLOAD_BYTES = 1024 * 1024;
const GUIDE_TEXT_MAX_CHARS = 200_000;

const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });

const telemetrySchema = z.record(z.string(), z.union([z.string(), z.number()])).openapi('Telemetry');
const deviceSchema = z
  .object({
    deviceId: z.string(),
    siteOwner: z.string(),
    address: z.object({ street: z.string(), city: z.string(), state: z.string(), zip: z.string(), country: z.string() }),
    contacts: z.array(z.object({ name: z.string(), phoneNumber: z.string().describe('masked') })),
    lastTelemetry: telemetrySchema.optional(),
    lastSeenAt: z.string().optional(),
  })
  .openapi('Device');
const siteSchema = z
  .object({
    siteOwner: z.string().min(1).max(200),
    address: z.object({
      street: z.string().max(200),
      city: z.string().max(100),
      state: z.string().max(100),
      zip: z.string().max(20),
      country: z.string().regex(/^[A-Z]{2}$/),
    }),
    /** Called in this order until one acknowledges. */
    contacts: z
      .array(
        z.object({
          name: z.string().min(1).max(100),
          phoneNumber: z.string().min(1).max(40).describe("E.164, or national format of the site's country"),
        }),
      )
      .max(10),
    ticketEmails: z.array(z.email()).max(20).default([]),
  })
  .openapi('Site');
const incidentSchema = z
  .object({
    incidentId: z.string(),
    deviceId: z.string(),
    code: z.string(),
    fault: z.string(),
    severity: z.enum(severities),
    detectedBy: z.enum(['error', 'anomaly']),
    triagedBy: z.enum(['runbook', 'agent']),
    status: z.enum(incidentStatuses),
    phase: z.enum(['awaiting-ack', 'awaiting-recovery']).optional(),
    dueAt: z.string().optional(),
    steps: z.array(z.string()),
    actions: z.array(z.string()),
    log: z.array(z.object({ action: z.string(), at: z.string(), outcome: z.string(), requestedBy: z.string(), detail: z.string().optional() })),
    openedAt: z.string(),
    updatedAt: z.string(),
    lastSeenAt: z.string(),
    repeats: z.number(),
    reopenCount: z.number(),
    resolvedAt: z.string().optional(),
    resolution: z.string().optional(),
    context: z.record(z.string(), z.union([z.string(), z.number()])),
    escalation: z
      .object({
        attempt: z.number().describe("the contact called last: 1 = the site's first"),
        requestedAt: z.string(),
        acknowledged: z.boolean(),
        exhausted: z.boolean().describe('everyone was tried'),
        failures: z.array(z.object({ attempt: z.number(), reason: z.string(), at: z.string() })),
      })
      .optional()
      .describe('The operator call-out, once one was placed'),
  })
  .openapi('Incident');
const telemetryPointSchema = z
  .object({
    at: z.string(),
    indoorTemperatureC: z.number(),
    refrigerantPressurePsi: z.number(),
    powerWatts: z.number(),
    errorCode: z.string().optional().describe('the error the device reported in this reading'),
    anomalies: z.array(z.string()).describe('detector codes firing after this reading'),
  })
  .openapi('TelemetryPoint');
const telemetryHistorySchema = z
  .object({
    deviceId: z.string(),
    items: z.array(telemetryPointSchema).describe('oldest first'),
    thresholds: z.array(
      z.object({ code: z.string(), metric: z.string(), operator: z.string(), limit: z.number(), breaches: z.number(), window: z.number() }),
    ),
    window: z.number().describe('readings kept per device'),
  })
  .openapi('TelemetryHistory');
const knowledgeStatusSchema = z
  .object({
    ingestion: z.object({ status: z.string(), jobId: z.string().optional(), startedAt: z.string().optional(), updatedAt: z.string().optional() }),
    documents: z.array(z.object({ name: z.string(), chunks: z.number().optional(), indexedAt: z.string().optional() })),
  })
  .openapi('KnowledgeStatus');
const runbookEntry = runbookEntrySchema.openapi('RunbookEntry');

const deviceParams = z.object({ deviceId: thingNameSchema.openapi({ param: { name: 'deviceId', in: 'path' }, example: 'aircon_1' }) });
const incidentParams = z.object({
  incidentId: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: 'incidentId', in: 'path' } }),
});
const codeParams = z.object({ code: faultCodeSchema.openapi({ param: { name: 'code', in: 'path' }, example: 'E3' }) });

/** Contact numbers in full for admins (they maintain them), masked for everyone else. */
function publicDevice(device: DeviceRecord, showNumbers: boolean) {
  return {
    deviceId: device.deviceId,
    siteOwner: device.siteOwner,
    address: device.address,
    contacts: device.contacts.map((c) => ({ name: c.name, phoneNumber: showNumbers ? c.phoneNumber : maskPhone(c.phoneNumber) })),
    ...(device.lastTelemetry ? { lastTelemetry: device.lastTelemetry as unknown as Record<string, string | number> } : {}),
    ...(device.lastSeenAt ? { lastSeenAt: device.lastSeenAt } : {}),
  };
}

function publicIncident(incident: Incident) {
  const { version: _version, callout, recovery: _recovery, signalKeys: _keys, ...rest } = incident;
  // Where the escalation stands, for the console's "calling contact 2 of 3".
  const escalation = callout
    ? {
        attempt: callout.attempt,
        requestedAt: callout.requestedAt,
        acknowledged: callout.acknowledged,
        exhausted: callout.exhausted,
        failures: callout.failures ?? [],
      }
    : undefined;
  return { ...rest, ...(escalation ? { escalation } : {}) };
}

/** What the API uses; the api composition (src/composition/api.ts) and the local stage build it. */
export interface ApiDependencies {
  stage: string;
  devices: DeviceRepository;
  incidents: IncidentRepository;
  tickets: TicketReader;
  runbook: RunbookStore;
  /** People's acknowledgements and resolutions (they cancel the outstanding call-out). */
  engine: {
    acknowledge(incidentId: string, by: string): Promise<Incident | undefined>;
    resolve(incidentId: string, by: string): Promise<Incident | undefined>;
  };
  commander: DeviceCommander;
  assistant: OperatorAssistant;
  /** Re-indexes the guide after a runbook edit (absent: the knowledge base keeps the shipped guide). */
  knowledge?: KnowledgeSync;
  /** Fault injection through the API (never on prod). */
  allowFaultInjection: boolean;
  /** Countries site contacts may be in (the toll-fraud guard's allow-list). */
  allowedCountries: readonly string[];
  /** The detection rules in force, for the telemetry chart's threshold lines. @default defaultDetectionRules */
  detectionRules?: readonly DetectionRule[];
}

export interface AppOptions {
  service: ApiDependencies;
  verifier: TokenVerifier;
  version: string;
}

export function createApp({ service, verifier, version }: AppOptions) {
  const app = createServiceApp({
    service: 'iot-triage',
    version,
    title: 'Switchboard iot-triage API',
    description: 'Devices, incidents, the runbook and the operator assistant of the IoT triage service.',
    verifier,
    access,
  });
  const seesNumbers = (principal: Parameters<typeof hasAnyRole>[0]) => hasAnyRole(principal, ['admin']);

  app.openapi(
    createRoute({
      method: 'get',
      path: '/devices',
      summary: 'Devices with their last telemetry',
      responses: { 200: json(z.object({ items: z.array(deviceSchema) }), 'Devices') },
    }),
    async (c) => c.json({ items: (await service.devices.list()).map((d) => publicDevice(d, seesNumbers(c.get('principal')))) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/devices/{deviceId}',
      summary: 'One device, its last telemetry and open incidents',
      request: { params: deviceParams },
      responses: { 200: json(deviceSchema.extend({ openIncidents: z.array(incidentSchema) }), 'The device'), ...problemResponses(404) },
    }),
    async (c) => {
      const { deviceId } = c.req.valid('param');
      const device = await service.devices.get(deviceId);
      if (!device) throw new HttpProblem(404, 'Device not found', { detail: `No device ${deviceId}.` });
      const open = await service.incidents.active(deviceId);
      return c.json({ ...publicDevice(device, seesNumbers(c.get('principal'))), openIncidents: open.map(publicIncident) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/devices/{deviceId}/telemetry',
      summary: "The device's recent readings (a bounded window), the threshold lines and the anomalies per reading",
      request: {
        params: deviceParams,
        query: z.object({
          limit: z.coerce.number().int().min(1).max(HISTORY_SAMPLES).default(HISTORY_SAMPLES).describe('newest readings to return'),
        }),
      },
      responses: { 200: json(telemetryHistorySchema, 'Recent telemetry'), ...problemResponses(404) },
    }),
    async (c) => {
      const { deviceId } = c.req.valid('param');
      const history = await deviceTelemetry(service.devices, service.detectionRules ?? defaultDetectionRules, deviceId, c.req.valid('query').limit);
      if (!history) throw new HttpProblem(404, 'Device not found', { detail: `No device ${deviceId}.` });
      return c.json(history, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/knowledge',
      summary: 'The knowledge documents the assistant answers from and their ingestion status',
      responses: { 200: json(knowledgeStatusSchema, 'Knowledge status') },
    }),
    async (c) =>
      c.json(service.knowledge?.status ? await service.knowledge.status() : { ingestion: { status: 'NOT_CONFIGURED' }, documents: [] }, 200),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/devices/{deviceId}',
      summary: "Create or replace a device's site record and its escalation contacts (admin)",
      request: { params: deviceParams, body: { content: { 'application/json': { schema: siteSchema } }, required: true } },
      responses: { 200: json(deviceSchema, 'Saved'), ...problemResponses(403, 422) },
    }),
    async (c) => {
      const { deviceId } = c.req.valid('param');
      const site = c.req.valid('json');
      // Every contact is dialled on an incident: the toll-fraud guard decides what is stored, normalised to E.164.
      const contacts = site.contacts.map((contact, index) => {
        const checked = checkDestination(contact.phoneNumber, {
          allowedCountries: service.allowedCountries,
          purpose: 'call',
          defaultCountry: site.address.country,
        });
        if (!checked.ok) {
          throw new HttpProblem(422, 'Contact number not allowed', {
            detail: `contacts[${index}].phoneNumber ${checked.message}`,
            issues: [{ path: `body.contacts.${index}.phoneNumber`, code: checked.code, message: checked.message }],
          });
        }
        return { name: contact.name, phoneNumber: checked.e164 };
      });
      await service.devices.saveSite({ deviceId, ...site, contacts });
      return c.json(publicDevice((await service.devices.get(deviceId))!, true), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/incidents',
      summary: 'Incidents, newest first',
      request: {
        query: z.object({
          status: z.enum(incidentStatuses).optional(),
          deviceId: thingNameSchema.optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
      },
      responses: { 200: json(z.object({ items: z.array(incidentSchema) }), 'Incidents') },
    }),
    async (c) => {
      const query = c.req.valid('query');
      return c.json({ items: (await service.incidents.list(query)).map(publicIncident) }, 200);
    },
  );

  /** After an edit the knowledge base gets the runbook in the guide's format, so the agent reads what the engine does. */
  const syncKnowledge = async () => {
    if (service.knowledge) await service.knowledge.publishGuide(renderTroubleshootingGuide((await service.runbook.load()).entries));
  };

  const loadIncident = async (incidentId: string) => {
    const incident = await service.incidents.get(incidentId);
    if (!incident) throw new HttpProblem(404, 'Incident not found', { detail: `No incident ${incidentId}.` });
    return incident;
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/incidents/{incidentId}',
      summary: 'One incident with its action log',
      request: { params: incidentParams },
      responses: { 200: json(incidentSchema, 'The incident'), ...problemResponses(404) },
    }),
    async (c) => c.json(publicIncident(await loadIncident(c.req.valid('param').incidentId)), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/incidents/{incidentId}/acknowledge',
      summary: 'Take the incident (stops the escalation)',
      request: { params: incidentParams },
      responses: { 200: json(incidentSchema, 'Acknowledged'), ...problemResponses(404, 409) },
    }),
    async (c) => {
      const { incidentId } = c.req.valid('param');
      const before = await loadIncident(incidentId);
      if (before.status === 'resolved') throw new HttpProblem(409, 'Incident already resolved');
      const after = await service.engine.acknowledge(incidentId, c.get('principal').username);
      return c.json(publicIncident(after ?? before), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/incidents/{incidentId}/resolve',
      summary: 'Close the incident',
      request: { params: incidentParams },
      responses: { 200: json(incidentSchema, 'Resolved'), ...problemResponses(404) },
    }),
    async (c) => {
      const { incidentId } = c.req.valid('param');
      const before = await loadIncident(incidentId);
      const after = await service.engine.resolve(incidentId, c.get('principal').username);
      return c.json(publicIncident(after ?? before), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/runbook',
      summary: 'The runbook',
      responses: { 200: json(z.object({ items: z.array(runbookEntry) }), 'Runbook entries') },
    }),
    async (c) => c.json({ items: [...(await service.runbook.load()).entries] }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/runbook/guide',
      summary: "The runbook in the troubleshooting guide's text format (what the knowledge base indexes)",
      responses: { 200: { content: { 'text/plain': { schema: z.string() } }, description: 'Guide text' } },
    }),
    async (c) => c.text(renderTroubleshootingGuide((await service.runbook.load()).entries), 200),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/runbook/{code}',
      summary: 'Create or replace one entry (admin)',
      request: { params: codeParams, body: { content: { 'application/json': { schema: runbookEntry } }, required: true } },
      responses: { 200: json(runbookEntry, 'Saved'), ...problemResponses(403, 422) },
    }),
    async (c) => {
      const { code } = c.req.valid('param');
      const entry = c.req.valid('json');
      if (entry.code !== code) throw new HttpProblem(422, 'Code mismatch', { detail: `The body is for ${entry.code}, the path for ${code}.` });
      await service.runbook.put(entry);
      await syncKnowledge();
      return c.json(entry, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/runbook/{code}',
      summary: 'Remove one entry (admin); the code then goes to the agent path',
      request: { params: codeParams },
      responses: { 204: { description: 'Removed' }, ...problemResponses(403, 404) },
    }),
    async (c) => {
      const { code } = c.req.valid('param');
      if (!(await service.runbook.delete(code))) throw new HttpProblem(404, 'No such runbook entry');
      await syncKnowledge();
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/runbook/import',
      summary: 'Import a troubleshooting guide (admin): its text format, or the same as a Word document; replaces the entries it contains',
      request: {
        body: {
          content: {
            'text/plain': { schema: z.string().max(GUIDE_TEXT_MAX_CHARS) },
            [DOCX_MEDIA_TYPE]: { schema: z.string().openapi({ format: 'binary' }) },
          },
          required: true,
        },
      },
      responses: { 200: json(z.object({ imported: z.array(z.string()) }), 'Imported'), ...problemResponses(403, 413, 415, 422) },
    }),
    async (c) => {
      const mediaType = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      let text: string;
      if (mediaType === DOCX_MEDIA_TYPE) {
        const body = new Uint8Array(await c.req.arrayBuffer());
        if (body.byteLength > DOCX_MAX_UPLOAD_BYTES)
          throw new HttpProblem(413, 'Document too large', { detail: `At most ${DOCX_MAX_UPLOAD_BYTES} bytes.` });
        try {
          text = await docxGuideText(body);
        } catch (error) {
          if (error instanceof DocxRejectedError) throw new HttpProblem(422, 'Document not accepted', { detail: error.message });
          throw error;
        }
      } else if (mediaType === 'text/plain') {
        text = await c.req.text();
        if (text.length > GUIDE_TEXT_MAX_CHARS)
          throw new HttpProblem(413, 'Guide too large', { detail: `At most ${GUIDE_TEXT_MAX_CHARS} characters.` });
      } else {
        throw new HttpProblem(415, 'Unsupported media type', { detail: `Send text/plain or ${DOCX_MEDIA_TYPE}.` });
      }
      let entries: ReturnType<typeof parseTroubleshootingGuide>;
      try {
        entries = parseTroubleshootingGuide(text);
      } catch (error) {
        if (error instanceof GuideParseError) throw new HttpProblem(422, 'Guide not understood', { detail: error.message });
        throw error;
      }
      for (const entry of entries) await service.runbook.put(entry);
      await syncKnowledge();
      return c.json({ imported: entries.map((e) => e.code) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/devices/{deviceId}/faults',
      summary: 'Inject a fault into a (simulated) device — non-prod stages only',
      request: {
        params: deviceParams,
        body: {
          content: {
            'application/json': {
              schema: z.object({ fault_type: z.enum(['high_temperature', 'low_pressure', 'compressor_failure', 'high_wattage', 'clear']) }),
            },
          },
          required: true,
        },
      },
      responses: { 202: json(z.object({ published: z.string() }), 'Command published'), ...problemResponses(403, 404) },
    }),
    async (c) => {
      if (!service.allowFaultInjection || service.stage === 'prod')
        throw new HttpProblem(403, 'Fault injection is disabled on this stage', { detail: `stage ${service.stage}` });
      const { deviceId } = c.req.valid('param');
      if (!(await service.devices.get(deviceId))) throw new HttpProblem(404, 'Device not found');
      const { fault_type: fault } = c.req.valid('json');
      const command =
        fault === 'high_wattage'
          ? ({ action: 'set_wattage_mode', wattage_mode: 'abnormal' } as const)
          : fault === 'clear'
            ? ({ action: 'clear_fault' } as const)
            : ({ action: 'inject_fault', fault_type: fault } as const);
      await service.commander.send(deviceId, command);
      return c.json({ published: command.action }, 202);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/ask',
      summary: 'Ask the operator assistant about a device, an error code or the manual',
      request: {
        body: {
          content: { 'application/json': { schema: z.object({ question: z.string().min(3).max(1000), deviceId: thingNameSchema.optional() }) } },
          required: true,
        },
      },
      responses: { 200: json(z.object({ answer: z.string(), sources: z.array(z.string()) }), 'The answer'), ...problemResponses(404) },
    }),
    async (c) => {
      const { question, deviceId: requested } = c.req.valid('json');
      // The seed's QnA asks "tell me about the device aircon_1[, unique id …]": a known thing name in the question
      // selects the device as an explicit deviceId does. A question about a device is answered from its data.
      const known = requested
        ? undefined
        : mentionedDevice(
            question,
            (await service.devices.list()).map((d) => d.deviceId),
          );
      const deviceId = requested ?? known;
      if (deviceId) {
        const device = await service.devices.get(deviceId);
        if (!device) throw new HttpProblem(404, 'No such device', { detail: `There is no device named ${deviceId}.` });
        const incidentMentioned = /\binc-[A-Za-z0-9-]{6,100}\b/.exec(question)?.[0];
        const [active, ticket, runbook] = await Promise.all([
          service.incidents.active(deviceId),
          incidentMentioned ? service.tickets.get(incidentMentioned) : Promise.resolve(undefined),
          service.runbook.load(),
        ]);
        return c.json(answerAboutDevice({ device, active, runbook, question, ...(ticket ? { ticket } : {}) }), 200);
      }
      const unknown = namedDevice(question);
      if (unknown) return c.json(noSuchDevice(unknown), 200);
      const principal = c.get('principal');
      return c.json(await service.assistant.ask(question, { sessionId: `ask-${principal.subject}`.slice(0, 100) }), 200);
    },
  );

  return app;
}
