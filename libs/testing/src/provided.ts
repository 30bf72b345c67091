import type { KafkaTestEnvironment } from './find-kafka.js';

// What the global setup hands to every test file of the Kafka tiers.
declare module 'vitest' {
  export interface ProvidedContext {
    streamfoldKafka: KafkaTestEnvironment;
  }
}
