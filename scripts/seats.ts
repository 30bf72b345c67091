/**
 * `npm run seats -- <setup | processor | projection | rebuild [--verify]>`: the seat-reservation
 * example's command line, against KAFKA_BROKERS and SCHEMA_REGISTRY_URL, else the local stack.
 */
import { kafkaBrokersOf, registryUrlOf, stackOptionsFromEnv } from '@streamfold/local-stack';

const stack = stackOptionsFromEnv(process.env);
process.env.KAFKA_BROKERS ??= kafkaBrokersOf(stack);
process.env.SCHEMA_REGISTRY_URL ??= registryUrlOf(stack);
await import('../examples/seat-reservation/src/main.js');
