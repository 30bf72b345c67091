/**
 * The versions the local stack runs. Kafka is the newest release against which kafkajs 2.2.4's
 * producer, consumer groups, admin client and transactions pass our tests; Apicurio Registry
 * serves the Confluent-compatible API our schema client speaks. See
 * docs/decisions/0001-local-stack-kafka-and-registry.md before changing either.
 */
export const KAFKA_VERSION = '4.4.0';
export const APICURIO_VERSION = '3.3.3';

/** Kafka 4 runs on Java 17; Apicurio Registry 3.3 needs Java 21. */
export const KAFKA_MIN_JAVA = 17;
export const REGISTRY_MIN_JAVA = 21;
