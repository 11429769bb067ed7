/**
 * The sms service on the local stage: its tables in dynalite, simulated handsets (End User Messaging) and a
 * simulated Connect instance with an agent, the Lex stand-in answering from the FAQ table — all driving the
 * REAL handlers with real-shaped SNS and EventBridge events — and the API with the simulator routes.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { SmsDeflectionRequested } from '@switchboard/shared/contracts';
import type { ServiceRegistration } from '@switchboard/shared/local';
import { createInMemorySpendLimiter } from '@switchboard/shared/limits';
import { maskPhoneNumber, parseAllowedCountries } from '@switchboard/shared/phone';
import packageJson from '../package.json' with { type: 'json' };
import { SAMPLE_FAQ } from './adapters/local/sample-faq.ts';
import { faqTable, optOutsTable, smsTables, stateTable } from './adapters/tables.ts';
import { sdkDocumentStore } from './adapters/local/sdk-document-store.ts';
import { createApp } from './api/app.ts';
import { createDeflectionRequestedHandler } from './application/deflection-requested-handler.ts';
import { createSendGuard } from './application/send-guard.ts';
import { composeLocalSms } from './composition/local.ts';
import { logFrom } from './composition/sms-service.ts';

/** The service's number on the local stage (a fictional 555-01xx number). */
export const LOCAL_SERVICE_NUMBER = '+12125550101';
/** What the reference "Basic Chat" contact flow says when the chat enters the queue (PlayPrompt). */
export const LOCAL_QUEUE_GREETING = 'Hi you are being put into queue';

/** A 32-byte key kept in the data folder, so tokens stored in dynalite still decrypt after a restart. */
function localKey(dataDir: string): Buffer {
  const folder = path.join(dataDir, 'sms');
  const file = path.join(folder, 'token-cipher.key');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  mkdirSync(folder, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64'), { mode: 0o600 });
  return key;
}

export const register: ServiceRegistration = async (platform) => {
  await platform.ensureTables([...smsTables]);
  const log = logFrom(platform.logger);
  const local = composeLocalSms({
    store: sdkDocumentStore(platform.documentClient),
    tables: { state: platform.tableName(stateTable), optOuts: platform.tableName(optOutsTable), faq: platform.tableName(faqTable) },
    bus: platform.bus,
    log,
    serviceNumber: LOCAL_SERVICE_NUMBER,
    queueGreeting: LOCAL_QUEUE_GREETING,
    cipherKey: localKey(platform.dataDir),
    clock: platform.clock,
    delivery: {
      onError: (error, attempt) =>
        platform.logger.warn('SNS delivery failed; SNS/Lambda would retry', {
          attempt,
          error: error instanceof Error ? error.message : String(error),
        }),
    },
    // Sorts parallel deliveries of a burst back into order, as in AWS.
    options: { reorderWindowMs: 100 },
    // The same toll-fraud guard as in AWS (US numbers only, as the default stage), and the kit's texts-per-day
    // limits kept in memory (they reset with the stage).
    guard: createSendGuard({
      allowedCountries: parseAllowedCountries(process.env.SMS_ALLOWED_COUNTRIES, 'US'),
      defaultCountry: 'US',
      limiter: createInMemorySpendLimiter({ limits: { calls: { perUser: 1, perStage: 1 }, texts: { perUser: 200, perStage: 5000 } } }),
    }),
  });
  const { service, handsets, connect, inbound, stream, settle } = local;
  if ((await service.faq.list()).length === 0) {
    await service.faq.replaceAll(SAMPLE_FAQ);
    platform.logger.info(`sms FAQ seeded with ${SAMPLE_FAQ.length} entries`);
  }

  const deflectionRequested = createDeflectionRequestedHandler(() => service.deflection, log);
  const unsubscribe = platform.bus.subscribe(
    SmsDeflectionRequested.pattern,
    async (event) => {
      const outcome = await deflectionRequested(event);
      if (outcome.outcome === 'offered') platform.logger.info('SMS offer sent', { phoneNumber: maskPhoneNumber(outcome.phoneNumber) });
    },
    { name: 'sms-deflection-requested' },
  );
  // The scheduled sweeper (EventBridge Scheduler every minute in AWS).
  const sweeper = setInterval(() => {
    service.deflection.sweep().catch((error: unknown) => platform.logger.error('sms sweep failed', { error: String(error) }));
  }, platform.clock.realMs(60_000));
  sweeper.unref();

  const app = createApp({
    service,
    verifier: platform.auth.verifier,
    version: packageJson.version,
    simulators: { handsets, connect, settle, deliveries: { inbound, stream } },
  });
  return {
    name: 'sms',
    app,
    stop: async () => {
      clearInterval(sweeper);
      unsubscribe();
      await settle();
    },
  };
};
