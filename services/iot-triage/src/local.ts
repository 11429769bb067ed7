/**
 * iot-triage on the local stage: tables in dynalite, the IoT policy and topic rules on the stage's aedes broker,
 * the escalation tick on a timer, CalloutCompleted from the in-process bus, the agent stand-in, and the device
 * simulator as a child process publishing over real MQTT.
 *
 * Options (environment, local stage only):
 *   IOT_TRIAGE_SIMULATOR=off                  do not start the simulator
 *   IOT_TRIAGE_SIMULATOR_INTERVAL_SECONDS=10  seconds between readings (the seed's 60 is slow to watch)
 *   IOT_TRIAGE_ACK_TIMEOUT_SECONDS=120        how long the called operator has before the next contact is called
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { CalloutCompleted } from '@switchboard/shared/contracts';
import { loadConfig } from '@switchboard/shared/config';
import type { ServiceRegistration } from '@switchboard/shared/local';
import { createApp } from './api/app.ts';
import { iotTriageTables, devicesTable, incidentsTable, runbookTable, ticketsTable } from './adapters/tables.ts';
import { DynamoIncidentRepository } from './adapters/aws/dynamodb-incidents.ts';
import { DynamoDeviceRepository } from './adapters/aws/dynamodb-devices.ts';
import { DynamoTicketStore } from './adapters/aws/dynamodb-tickets.ts';
import { DynamoRunbookStore } from './adapters/aws/dynamodb-runbook.ts';
import { MqttCommander } from './adapters/local/mqtt-commander.ts';
import { OutboxMailer } from './adapters/local/outbox-mailer.ts';
import { RunbookAgent } from './adapters/local/runbook-agent.ts';
import { enforceDevicePolicy } from './adapters/local/device-topic-policy.ts';
import { TopicRouter } from './adapters/local/topic-router.ts';
import { defaultDetectionRules } from './domain/detectors.ts';
import { seedDevices } from './domain/device-seed.ts';
import { parseTroubleshootingGuide } from './domain/runbook.ts';
import { createIotTriageService } from './service.ts';
import { loadKnowledgeIndex, manualChunks, readDeviceSeed, readGuide } from './knowledge-files.ts';
import { LocalKnowledgeSync } from './adapters/local/local-knowledge-sync.ts';
import packageJson from '../package.json' with { type: 'json' };

const localOptionsSchema = z.object({
  IOT_TRIAGE_SIMULATOR: z.enum(['on', 'off']).default('on'),
  IOT_TRIAGE_SIMULATOR_INTERVAL_SECONDS: z.coerce.number().positive().default(10),
  IOT_TRIAGE_ACK_TIMEOUT_SECONDS: z.coerce.number().int().positive().default(120),
  IOT_TRIAGE_TICK_SECONDS: z.coerce.number().positive().default(15),
});

export const register: ServiceRegistration = async (platform) => {
  const options = loadConfig(localOptionsSchema);
  await platform.ensureTables([...iotTriageTables]);
  const documents = platform.documentClient;
  const runbook = new DynamoRunbookStore(documents, platform.tableName(runbookTable), 5_000);
  const devices = new DynamoDeviceRepository(documents, platform.tableName(devicesTable));
  const seeded = await runbook.seed(parseTroubleshootingGuide(await readGuide()));
  if ((await devices.list()).length === 0) {
    for (const device of seedDevices(await readDeviceSeed())) await devices.put({ ...device, ticketEmails: ['site-operations@example.com'] });
  }
  const agent = new RunbookAgent({ runbook: () => runbook.load(), knowledge: await loadKnowledgeIndex() });
  const knowledge = new LocalKnowledgeSync(await manualChunks(), (index) => (agent.knowledge = index));
  const broker = platform.mqtt.broker;
  const service = createIotTriageService({
    stage: platform.stage,
    incidents: new DynamoIncidentRepository(documents, platform.tableName(incidentsTable)),
    devices,
    tickets: new DynamoTicketStore(documents, platform.tableName(ticketsTable)),
    runbook,
    mailer: new OutboxMailer(platform.objects),
    commander: new MqttCommander(broker),
    events: platform.bus,
    agent,
    assistant: agent,
    knowledge,
    detectionRules: defaultDetectionRules,
    settings: { ackTimeoutMs: options.IOT_TRIAGE_ACK_TIMEOUT_SECONDS * 1000 },
    allowFaultInjection: true,
  });
  agent.requestAction = (request) => service.engine.agentAction(request);

  const restorePolicy = enforceDevicePolicy(broker, (decision) => {
    if (!decision.allowed) platform.logger.warn('MQTT request refused by the device policy', { ...decision });
  });
  const router = new TopicRouter({
    broker,
    intake: service.intake,
    onError: (error, what) => platform.logger.error(`${what} failed`, { error: error as Error }),
    onErrorMessage: (result) => {
      if (result.rejected) platform.logger.warn('error message rejected', { ...result.rejected });
      else if (result.outcome && result.outcome.kind !== 'unknown-device')
        platform.logger.info('error triaged', { correlationId: result.outcome.incident.incidentId, code: result.outcome.incident.code, outcome: result.outcome.kind });
    },
  });
  await router.start();

  const unsubscribe = platform.bus.subscribe(
    CalloutCompleted.pattern,
    async (event) => {
      await service.engine.calloutCompleted(CalloutCompleted.parse(event).data);
    },
    { name: 'iot-triage-callout-completed' },
  );
  const tick = setInterval(() => {
    service.engine.tick().catch((error) => platform.logger.error('escalation tick failed', { error: error as Error }));
  }, options.IOT_TRIAGE_TICK_SECONDS * 1000);
  tick.unref();

  let simulator: ChildProcess | undefined;
  if (options.IOT_TRIAGE_SIMULATOR === 'on') {
    const main = fileURLToPath(new URL('../simulator/main.ts', import.meta.url));
    simulator = spawn(process.execPath, ['--import', 'tsx', main], {
      env: {
        ...process.env,
        SIMULATOR_MQTT_URL: platform.mqtt.url,
        SIMULATOR_DEVICES: (await devices.list()).map((d) => d.deviceId).join(','),
        SIMULATOR_INTERVAL_SECONDS: String(options.IOT_TRIAGE_SIMULATOR_INTERVAL_SECONDS),
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    simulator.on('exit', (code, signal) => {
      if (code !== 0 && signal !== 'SIGTERM') platform.logger.warn('device simulator exited', { code, signal });
    });
  }
  platform.logger.info('iot-triage ready', { runbookEntriesSeeded: seeded, mqtt: platform.mqtt.url, simulator: options.IOT_TRIAGE_SIMULATOR });

  return {
    name: 'iot-triage',
    app: createApp({ service, verifier: platform.auth.verifier, version: packageJson.version }),
    stop: async () => {
      clearInterval(tick);
      unsubscribe();
      if (simulator && simulator.exitCode === null) {
        const exited = new Promise((resolve) => simulator!.once('exit', resolve));
        simulator.kill('SIGTERM');
        await exited;
      }
      await router.stop();
      restorePolicy();
    },
  };
};
