/**
 * `npm run dlq -- <topic>.dlq [--last N]`: prints the dead letters of a topic, newest last, as
 * an operator reads them — reason, error, source position, group, time, the original key,
 * headers and value bytes. Kafka is KAFKA_BROKERS, else the local stack's.
 */
import { kafkaBrokersOf, stackOptionsFromEnv } from '@streamfold/local-stack';
import {
  checkKafkaEnv,
  createKafkaClient,
  kafkaConfigFromEnv,
  kafkaEnvShape,
  readToEnd,
  viewDeadLetter,
} from '@streamfold/kafka';
import { createLogger, parseEnv } from '@streamfold/observability';
import { z } from 'zod';

const [topic, flag, count] = process.argv.slice(2);
if (topic === undefined || (flag !== undefined && flag !== '--last')) {
  console.error('usage: npm run dlq -- <topic>.dlq [--last N]');
  process.exit(2);
}
const last = count === undefined ? 20 : Number(count);
if (!Number.isInteger(last) || last <= 0) {
  console.error(`--last takes a positive whole number, not ${count}`);
  process.exit(2);
}

try {
  // The services' own Kafka variables (TLS, SASL included), validated the same way; the local
  // stack by default.
  const kafkaEnv = parseEnv(z.object(kafkaEnvShape).superRefine(checkKafkaEnv), {
    ...process.env,
    KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? kafkaBrokersOf(stackOptionsFromEnv(process.env)),
  });
  const client = createKafkaClient(
    kafkaConfigFromEnv(kafkaEnv, 'streamfold-dlq'),
    createLogger({ service: 'dlq', level: 'warn' }),
  );
  const letters = await readToEnd(client, topic, { withinMs: 60_000 });
  const shown = letters.slice(-last);
  for (const letter of shown) {
    const view = viewDeadLetter(letter);
    console.log(
      `${letter.topic}[${letter.partition}]@${letter.offset}  ${view.reason}  from ${view.source}  group ${view.group}  at ${view.time}`,
    );
    console.log(`  error:   ${view.error}`);
    console.log(`  key:     ${view.key ?? 'null'}`);
    console.log(`  value:   ${view.value}`);
    if (Object.keys(view.headers).length > 0)
      console.log(`  headers: ${JSON.stringify(view.headers)}`);
  }
  console.log(`${shown.length} of ${letters.length} dead letters in ${topic}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
