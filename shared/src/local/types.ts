/**
 * What a service gets from the local stage (LocalPlatform) and what it gives back (RegisteredService).
 * A service joins the stage by exporting `register: ServiceRegistration` from `src/local.ts`.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Aedes } from 'aedes';
import type { Hono } from 'hono';
import type { LocalBus } from '../bus/index.ts';
import type { TableDefinition } from '../dynamo/index.ts';
import type { IssueTokenOptions, TokenVerifier } from '../http/index.ts';
import type { LocalClock } from './clock.ts';
import type { LocalObjectStore } from './object-store.ts';

export interface LocalPlatform {
  stage: 'local';
  /** The service this platform object was handed to (each registration gets its own). */
  service: string;
  /** Absolute path of the stage's data folder (`.switchboard/` by default). */
  dataDir: string;
  /** A client on dynalite. */
  dynamodb: DynamoDBClient;
  /** Document client on dynalite (`removeUndefinedValues: true`). */
  documentClient: DynamoDBDocumentClient;
  /** Physical table name, as the infra names it: `switchboard-local-<service>-<table>`. */
  tableName(definition: TableDefinition): string;
  /** Create the tables that do not exist yet, named by `tableName`. */
  ensureTables(definitions: readonly TableDefinition[]): Promise<void>;
  /** The in-process EventBridge stand-in shared by every service on the stage. */
  bus: LocalBus;
  /** aedes on loopback: `url` for clients (`mqtt://127.0.0.1:4002`), `broker` to publish or listen in-process. */
  mqtt: { url: string; broker: Aedes };
  /** S3 stand-in: files under `<dataDir>/objects`. */
  objects: LocalObjectStore;
  auth: {
    verifier: TokenVerifier;
    issueToken(options: IssueTokenOptions): Promise<string>;
  };
  /** A Powertools logger named after the service. */
  logger: Logger;
  /**
   * The stage's one clock, the same object for every service: timestamps from `now()`, timers through `realMs()`.
   * The wall clock unless `SWITCHBOARD_TIME_SCALE` makes stage time run faster (clock.ts).
   */
  clock: LocalClock;
  /** Base URL of any service on the stage (`http://127.0.0.1:4010`), known before any registration runs. */
  urlOf(service: string): string;
  port(service: string): number;
}

export interface RegisteredService {
  /** Should equal the folder name under `services/`; the stage warns when it does not. */
  name: string;
  /** The service's Hono app, served on the service's port. A service without an API omits it. */
  // biome-ignore lint/suspicious/noExplicitAny: any service's app, whatever its env, schema and base path
  app?: Hono<any, any, any>;
  /**
   * Extra places worth printing at start-up, label → path on the service's URL (or an absolute URL),
   * e.g. `{ 'forwarding page': '/page', 'call simulator': '/simulator/calls' }`.
   */
  links?: Record<string, string>;
  /** Stop timers, simulators, MQTT clients and subscriptions; called once when the stage stops. */
  stop?: () => Promise<void> | void;
}

export type ServiceRegistration = (platform: LocalPlatform) => Promise<RegisteredService> | RegisteredService;

/** One entry of `startLocalStage({ services })`. */
export interface LocalServiceEntry {
  /** The service's name (its folder under `services/`); decides its port and table names. */
  name: string;
  register: ServiceRegistration;
}
