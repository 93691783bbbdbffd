/** The Kafka transport's front door (cli/ and tests import from here). */
export {
  createKafkaTransport,
  type KafkaTransport,
  type KafkaTransportOptions,
} from './kafka-transport.js';
export type { IngressStats, IngressTarget } from './kafka-ingress.js';
export { RemoteActivityError } from './remote-activity-error.js';
export {
  remoteTaskTopics,
  withRemoteActivities,
  type RemoteActivitySelection,
} from './remote-topics.js';
export { startKafkaEngine, type KafkaEngine, type KafkaEngineOptions } from './kafka-engine.js';
