/**
 * The local stage: every service of the platform on one machine with no AWS account.
 * See KIT.md ("A service on the local stage") for how a service joins.
 */
export {
  startLocalStage,
  describeLocalStage,
  serviceUrlVariable,
  LocalStageStartError,
  localStageName,
  projectName,
  type LocalStageOptions,
  type LocalStageHandle,
  type ServiceFailure,
  type ServiceLink,
} from './stage.ts';
export type { LocalPlatform, ServiceRegistration, RegisteredService, LocalServiceEntry } from './types.ts';
export {
  createLocalObjectStore,
  ObjectStoreError,
  type LocalObjectStore,
  type LocalObjectStoreOptions,
  type StoredObject,
  type ObjectSummary,
  type PutObjectOptions,
  type PresignOptions,
} from './object-store.ts';
export {
  resolvePorts,
  isPortFree,
  envVariableForService,
  knownServiceOrder,
  defaultPortBase,
  PortConfigurationError,
  type LocalStagePorts,
} from './ports.ts';
export { localMqttObserverClientId, observerSubscribeCommand, startMqttBroker, type LocalMqttBroker } from './mqtt-broker.ts';
export { startDynamoDb, DataDirectoryInUseError, type LocalDynamoDb } from './dynamodb.ts';
export { createLocalIssuer, type LocalIssuer, type IssueTokenOptions } from '../http/index.ts';
export type { ConsoleConfig, LocalConsoleUser } from './stage-server.ts';
export { discoverServices, type DiscoveredServices } from './discover.ts';
export { DataDirectoryLockedError } from './data-dir-lock.ts';
export { createLocalClock, timeScaleFrom, timeScaleVariable, TimeScaleError, type LocalClock } from './clock.ts';
export { loadLocalUsers, authenticateLocalUser, plainUsername, type LocalUser } from './users.ts';
