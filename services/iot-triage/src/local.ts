/**
 * iot-triage on the local stage: tables in dynalite, the IoT policy and topic rules on the stage's aedes broker,
 * the escalation tick on a timer, CalloutCompleted from the in-process bus, the agent stand-in, and the device
 * simulator as a child process publishing over real MQTT.
 *
 * Options (environment, local stage only):
 *   IOT_TRIAGE_SIMULATOR=off                  do not start the simulator
 *   IOT_TRIAGE_SIMULATOR_INTERVAL_SECONDS=10  seconds between readings (the seed's 60 is slow to watch)
 *   IOT_TRIAGE_ACK_TIMEOUT_SECONDS=120        how long the called operator has before the next contact is called
 *   IOT_TRIAGE_TICK_SECONDS=15                how often the escalation tick runs
 * All of them are stage time: with `SWITCHBOARD_TIME_SCALE=30` the stage's one clock (platform.clock) runs 30 times
 * faster for every service, and the tick, the timeout and the simulator's readings with it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
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
import { TriageEngine } from './application/triage-engine.ts';
import { contactGuard } from './domain/contact-guard.ts';
import type { IntakeDependencies } from './application/intake.ts';
import { loadKnowledgeIndex, manualChunks, readDeviceSeed, readGuide } from './knowledge-files.ts';
import { LocalKnowledgeSync } from './adapters/local/local-knowledge-sync.ts';
import { chunkDocument } from './domain/knowledge.ts';
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
  const sampleDevices = seedDevices(await readDeviceSeed());
  if ((await devices.list()).length === 0) {
    // The sample devices are the simulator's own: it drives them and no others.
    for (const device of sampleDevices) await devices.put({ ...device, ticketEmails: ['site-operations@example.com'], simulated: true });
  } else {
    // Data from a build before devices said whose they are: the sample devices it seeded are the simulator's.
    for (const device of await devices.list()) {
      if (device.simulated === undefined && sampleDevices.some((d) => d.deviceId === device.deviceId))
        await devices.put({ ...device, simulated: true });
    }
  }
  const agent = new RunbookAgent({ runbook: () => runbook.load(), knowledge: await loadKnowledgeIndex() });
  const knowledge = new LocalKnowledgeSync(
    await manualChunks(),
    (index) => (agent.knowledge = index),
    chunkDocument('Troubleshooting_Guide.txt', await readGuide()),
  );
  const broker = platform.mqtt.broker;
  const incidents = new DynamoIncidentRepository(documents, platform.tableName(incidentsTable));
  const tickets = new DynamoTicketStore(documents, platform.tableName(ticketsTable));
  const commander = new MqttCommander(broker);
  const allowedCountries = ['US'];
  // The SES stand-in: ticket e-mails are .eml files in the data folder; the banner prints where.
  const outbox = path.join(platform.dataDir, 'iot-triage-outbox');
  const mailer = new OutboxMailer(outbox, (file, recipients) =>
    platform.logger.info('ticket e-mail written (SES stand-in)', { file, recipients: recipients.length }),
  );
  const engine = new TriageEngine({
    runbook: () => runbook.load(),
    incidents,
    devices,
    tickets,
    mailer,
    commander,
    events: platform.bus,
    agent,
    clock: () => platform.clock.now(),
    newId: () => crypto.randomUUID(),
    checkContact: contactGuard(allowedCountries),
    settings: { ackTimeoutMs: options.IOT_TRIAGE_ACK_TIMEOUT_SECONDS * 1000 },
  });
  agent.requestAction = (request) => engine.agentAction(request);
  const intake: IntakeDependencies = { engine, devices, rules: async () => defaultDetectionRules };
  const service = {
    stage: platform.stage,
    devices,
    incidents,
    tickets,
    runbook,
    engine,
    commander,
    assistant: agent,
    knowledge,
    allowFaultInjection: true,
    allowedCountries,
  };

  const restorePolicy = enforceDevicePolicy(broker, (decision) => {
    if (!decision.allowed) platform.logger.warn('MQTT request refused by the device policy', { ...decision });
  });
  const router = new TopicRouter({
    broker,
    clock: () => platform.clock.now().getTime(),
    intake,
    onError: (error, what) => platform.logger.error(`${what} failed`, { error: error as Error }),
    onErrorMessage: (result) => {
      if (result.rejected) platform.logger.warn('error message rejected', { ...result.rejected });
      else if (result.outcome && result.outcome.kind !== 'unknown-device')
        platform.logger.info('error triaged', {
          correlationId: result.outcome.incident.incidentId,
          code: result.outcome.incident.code,
          outcome: result.outcome.kind,
        });
    },
  });
  await router.start();

  const unsubscribe = platform.bus.subscribe(
    CalloutCompleted.pattern,
    async (event) => {
      await engine.calloutCompleted(CalloutCompleted.parse(event).data);
    },
    { name: 'iot-triage-callout-completed' },
  );
  const tick = setInterval(
    () => {
      engine.tick().catch((error) => platform.logger.error('escalation tick failed', { error: error as Error }));
    },
    platform.clock.realMs(options.IOT_TRIAGE_TICK_SECONDS * 1000),
  );
  tick.unref();

  let simulator: ChildProcess | undefined;
  const simulated = (await devices.list()).filter((d) => d.simulated).map((d) => d.deviceId);
  if (options.IOT_TRIAGE_SIMULATOR === 'on' && simulated.length > 0) {
    const main = fileURLToPath(new URL('../simulator/main.ts', import.meta.url));
    simulator = spawn(process.execPath, ['--import', 'tsx', main], {
      env: {
        ...process.env,
        SIMULATOR_MQTT_URL: platform.mqtt.url,
        // Only the simulator's own devices: connecting as a registered real device would disconnect it.
        SIMULATOR_DEVICES: simulated.join(','),
        // The simulated devices keep their faults across restarts, as real ones do.
        SIMULATOR_STATE_FILE: path.join(platform.dataDir, 'iot-triage-simulator.json'),
        SIMULATOR_INTERVAL_SECONDS: String(options.IOT_TRIAGE_SIMULATOR_INTERVAL_SECONDS),
        // The stage's one clock: readings are stamped in stage time, as everything else on the stage.
        SIMULATOR_TIME_SCALE: String(platform.clock.scale),
        SIMULATOR_CLOCK_START_MS: String(platform.clock.startedAt.getTime()),
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
    links: { [`ticket e-mails (SES stand-in), one .eml file each, in ${outbox}`]: pathToFileURL(`${outbox}${path.sep}`).href },
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
