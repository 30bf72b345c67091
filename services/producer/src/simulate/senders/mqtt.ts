/**
 * Readings to an MQTT broker: each device publishes to `<root>/<deviceId>/readings` with
 * QoS 1, one message in flight per device (the next waits for the PUBACK), which keeps each
 * device's order through the broker to the producer's bridge. Garbage goes the same way: the
 * bridge must send it to the DLQ.
 */
import { randomBytes } from 'node:crypto';
import { connectAsync } from 'mqtt';
import type { SensorReading } from '@streamfold/schemas';
import type { SendItem } from '../plan.js';
import { SendFailure, type ReadingSender } from './types.js';

export const readingsTopicOf = (deviceId: string, root = 'devices'): string =>
  `${root}/${deviceId}/readings`;

/**
 * A device's share of a wave as MQTT messages, in order: consecutive readings as one JSON
 * array (the bridge takes arrays; one message per reading would outrun a broker's queue for a
 * slower subscriber), each garbage payload on its own.
 */
export function messagesOf(items: readonly SendItem[]): string[] {
  const messages: string[] = [];
  let readings: SensorReading[] = [];
  const flush = () => {
    if (readings.length > 0) messages.push(JSON.stringify(readings));
    readings = [];
  };
  for (const item of items) {
    if (item.kind === 'reading') {
      readings.push(item.reading);
      continue;
    }
    flush();
    messages.push(item.payload);
  }
  flush();
  return messages;
}

export async function mqttReadings(options: {
  readonly mqttUrl: string;
  /** Devices publish to `<topicRoot>/<deviceId>/readings`. */
  readonly topicRoot?: string;
  readonly connectTimeoutMs?: number;
}): Promise<ReadingSender> {
  const topicOf = (deviceId: string) => readingsTopicOf(deviceId, options.topicRoot);
  const client = await connectAsync(
    options.mqttUrl,
    {
      clientId: `streamfold-simulate-${randomBytes(4).toString('hex')}`,
      clean: true,
      connectTimeout: options.connectTimeoutMs ?? 10_000,
      // A lost connection fails the run rather than resending into an unknown state.
      reconnectPeriod: 0,
    },
    false,
  ).catch((error: unknown) => {
    throw new SendFailure(
      `cannot connect to the MQTT broker at ${options.mqttUrl}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  });
  return {
    async send(wave) {
      await Promise.all(
        wave.map(async ({ deviceId, items }) => {
          for (const payload of messagesOf(items)) {
            try {
              await client.publishAsync(topicOf(deviceId), payload, { qos: 1 });
            } catch (error) {
              throw new SendFailure(
                `publishing to ${topicOf(deviceId)} failed: ${error instanceof Error ? error.message : String(error)}`,
                { cause: error },
              );
            }
          }
        }),
      );
      // MQTT has no answer but the PUBACK: what the bridge refuses shows in its DLQ.
      return [];
    },
    close: () => client.endAsync(),
  };
}
