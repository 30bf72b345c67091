import type { KafkaTestEnvironment } from './find-kafka.js';

// What the global setup hands to every test file of the Kafka tiers.
declare module 'vitest' {
  export interface ProvidedContext {
    // Only the int and e2e tiers have a global setup that provides it.
    streamfoldKafka?: KafkaTestEnvironment;
  }
}
