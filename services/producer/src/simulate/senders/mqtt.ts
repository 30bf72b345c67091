/**
 * Readings to an MQTT broker: each device publishes to `devices/<deviceId>/readings` with
 * QoS 1, one message in flight per device (the next waits for the PUBACK), which keeps each
 * device's order through the broker to the producer's bridge. Garbage goes the same way: the
 * bridge must send it to the DLQ.
 */
import { randomBytes } from 'node:crypto';
import { connectAsync } from 'mqtt';
import { SendFailure, type ReadingSender } from './types.js';

export const readingsTopicOf = (deviceId: string): string => `devices/${deviceId}/readings`;

export async function mqttReadings(options: {
  readonly mqttUrl: string;
  readonly connectTimeoutMs?: number;
}): Promise<ReadingSender> {
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
          for (const item of items) {
            const payload = item.kind === 'garbage' ? item.payload : JSON.stringify(item.reading);
            try {
              await client.publishAsync(readingsTopicOf(deviceId), payload, { qos: 1 });
            } catch (error) {
              throw new SendFailure(
                `publishing to ${readingsTopicOf(deviceId)} failed: ${error instanceof Error ? error.message : String(error)}`,
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
