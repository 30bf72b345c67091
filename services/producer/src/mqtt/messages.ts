/**
 * What an MQTT message on `<root>/<deviceId>/readings` becomes: readings for the readings topic,
 * or a dead letter for its DLQ. Pure: the caller brings the clock.
 */
import {
  deadLetter,
  deadLetterHeaders,
  type DeadLetter,
  type ProducedRecord,
} from '@streamfold/kafka';
import type { SensorReading } from '@streamfold/schemas';
import { deviceIdSchema, itemsOf, validateMqttReadings } from '../validation/readings.js';

export interface MqttMessageRules {
  /** The topic levels before `<deviceId>/readings`, e.g. `devices`. */
  readonly topicRoot: string;
  /** The most readings one message may carry. */
  readonly maxBatch: number;
  /** A bigger payload is not parsed; its first bytes go to the DLQ. */
  readonly maxPayloadBytes: number;
}

/**
 * Why a message was dead-lettered, as the `dlq.reason` header says it:
 * - `invalid-device-id`: the topic's device level is not a valid device id;
 * - `too-large`: the payload is over MQTT_MAX_PAYLOAD_BYTES;
 * - `not-json`: not UTF-8 JSON;
 * - `too-many-readings`: an array longer than READINGS_MAX_BATCH;
 * - `invalid-reading`: a reading breaks the rules of POST /v1/readings (or an empty array);
 * - `device-mismatch`: a reading names another device than its topic.
 */
export type MqttDeadLetterReason =
  | 'invalid-device-id'
  | 'too-large'
  | 'not-json'
  | 'too-many-readings'
  | 'invalid-reading'
  | 'device-mismatch';

export type MqttOutcome =
  | { readonly kind: 'readings'; readonly deviceId: string; readonly readings: SensorReading[] }
  | { readonly kind: 'dead-letter'; readonly deviceId: string | null; readonly letter: DeadLetter };

/** The subscription of a topic root: `devices` → `devices/+/readings`. */
export const subscriptionOf = (topicRoot: string): string => `${topicRoot}/+/readings`;

/** The device level of `<root>/<deviceId>/readings`; null for any other topic. */
export function deviceLevelOf(topic: string, topicRoot: string): string | null {
  const head = `${topicRoot}/`;
  const tail = '/readings';
  if (!topic.startsWith(head) || !topic.endsWith(tail)) return null;
  const level = topic.slice(head.length, topic.length - tail.length);
  return level.includes('/') ? null : level;
}

const refuse = (
  deviceId: string | null,
  reason: MqttDeadLetterReason,
  error: string,
): MqttOutcome => ({ kind: 'dead-letter', deviceId, letter: deadLetter(reason, error) });

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function classifyMqttMessage(
  topic: string,
  payload: Buffer,
  rules: MqttMessageRules,
): MqttOutcome {
  const level = deviceLevelOf(topic, rules.topicRoot);
  if (level === null || !deviceIdSchema.safeParse(level).success) {
    return refuse(level, 'invalid-device-id', `the topic ${topic} names no valid device id`);
  }
  const deviceId = level;
  if (payload.length > rules.maxPayloadBytes) {
    return refuse(
      deviceId,
      'too-large',
      `the payload has ${payload.length} bytes, more than the ${rules.maxPayloadBytes} allowed`,
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(utf8.decode(payload));
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return refuse(deviceId, 'not-json', `the payload is not UTF-8 JSON: ${why}`);
  }
  const batch = itemsOf(body, rules);
  if ('refused' in batch) {
    return batch.refused === 'empty'
      ? refuse(deviceId, 'invalid-reading', 'an empty array: send at least one reading')
      : refuse(
          deviceId,
          'too-many-readings',
          `${batch.count} readings in one message; at most ${rules.maxBatch}`,
        );
  }
  const result = validateMqttReadings(batch.items, batch.single, deviceId);
  if (!result.ok) {
    return refuse(
      deviceId,
      'invalid-reading',
      result.errors.map((e) => `${e.path}: ${e.message}`).join('; '),
    );
  }
  const other = result.value.claimed.find((claimed) => claimed !== deviceId);
  if (other !== undefined) {
    return refuse(
      deviceId,
      'device-mismatch',
      `a reading names device ${other} but was published on ${topic}`,
    );
  }
  return { kind: 'readings', deviceId, readings: result.value.readings };
}

/** How many bytes of an oversized payload the dead letter keeps: enough to recognise it. */
export const keptBytesOfTooLarge = 64 * 1024;

/** Says how long the payload was when the dead letter keeps only its first bytes. */
export const truncatedFromHeader = 'dlq.value.truncated-from';

/** Dead-letter headers longer than this are cut, as @streamfold/kafka's are. */
const maxErrorLength = 2_000;

export interface MqttDeadLetterContext {
  /** The bridge's MQTT client id: which bridge set the message aside. */
  readonly clientId: string;
  readonly at: Date;
}

/**
 * The DLQ record of a refused MQTT message: key = the topic's device level, value = the payload
 * unchanged (its first bytes when too large), and the `dlq.*` headers of @streamfold/kafka's dead
 * letters. There is no Kafka source, so `dlq.source.topic` is `mqtt:<topic>` and
 * `dlq.consumer.group` is `mqtt:<client id>`; partition and offset are absent.
 */
export function mqttDeadLetterRecord(
  message: { readonly topic: string; readonly payload: Buffer },
  outcome: Extract<MqttOutcome, { kind: 'dead-letter' }>,
  context: MqttDeadLetterContext,
): ProducedRecord {
  const headers: Record<string, string> = {
    [deadLetterHeaders.reason]: outcome.letter.reason,
    [deadLetterHeaders.error]: outcome.letter.error.slice(0, maxErrorLength),
    [deadLetterHeaders.topic]: `mqtt:${message.topic}`,
    [deadLetterHeaders.group]: `mqtt:${context.clientId}`,
    [deadLetterHeaders.time]: context.at.toISOString(),
  };
  let value = message.payload;
  if (outcome.letter.reason === 'too-large' && value.length > keptBytesOfTooLarge) {
    headers[truncatedFromHeader] = String(value.length);
    value = value.subarray(0, keptBytesOfTooLarge);
  }
  return { key: outcome.deviceId, value, headers };
}
