/**
 * The MQTT bridge: `<root>/+/readings` on the MQTT broker, QoS 1, into the readings topic (or its
 * DLQ). A message is acknowledged (PUBACK) only after Kafka acknowledged what it became, and the
 * session is persistent, so what devices publish while the bridge is away or Kafka is down waits
 * on the broker instead of being lost. At least once: a message whose PUBACK was lost with the
 * connection is delivered again, and written again.
 */
import { deadLetterFor, type DeadLetter } from '@streamfold/kafka';
import type { Logger } from '@streamfold/observability';
import type { TelemetryReadingsRecord, TopicNames, TopicSerde } from '@streamfold/schemas';
import mqtt, { type MqttClient } from 'mqtt';
import type { MqttConfig } from '../config.js';
import type { KafkaGateway } from '../kafka/gateway.js';
import { readingRecords } from '../kafka/records.js';
import type { ProducerMetrics } from '../metrics.js';
import {
  classifyMqttMessage,
  mqttDeadLetterRecord,
  subscriptionOf,
  type MqttOutcome,
} from './messages.js';

export interface BridgeDeps {
  readonly gateway: KafkaGateway;
  readonly serde: TopicSerde<TelemetryReadingsRecord>;
  readonly names: Pick<TopicNames, 'readings' | 'readingsDlq'>;
  readonly maxBatch: number;
  readonly metrics: Pick<ProducerMetrics, 'deadLetters' | 'mqttReceived'>;
  readonly logger: Logger;
}

/** A delivery given up because the bridge stops or its connection closed: the broker redelivers. */
class DeliveryAbandoned extends Error {
  override readonly name = 'DeliveryAbandoned';
}

const maxBackoffMs = 5_000;
const backoff = (attempt: number): number => Math.min(100 * 2 ** attempt, maxBackoffMs);

export class MqttBridge {
  private client: MqttClient | null = null;
  /** Bumped whenever a connection closes: a delivery begun on an older one is given up. */
  private connection = 0;
  private subscribed = false;
  private stopping = false;
  /** The delivery in progress: mqtt.js hands over the next message only once this one is done. */
  private current: Promise<void> | null = null;
  /** The QoS 0 deliveries in progress, chained. */
  private unacknowledged: Promise<void> = Promise.resolve();
  private wake: (() => void) | null = null;
  private lastError: string | null = null;
  readonly subscription: string;

  constructor(
    private readonly config: MqttConfig,
    private readonly deps: BridgeDeps,
  ) {
    this.subscription = subscriptionOf(config.topicRoot);
  }

  start(): void {
    const { config, deps } = this;
    const client = mqtt.connect(config.url, {
      clientId: config.clientId,
      // A persistent session: the broker keeps the subscription and the QoS 1 messages that
      // arrive while the bridge is away, and redelivers those it did not acknowledge.
      clean: false,
      protocolVersion: 5,
      properties: { sessionExpiryInterval: config.sessionExpirySeconds },
      // Subscribed on every connect below, with the options that matter.
      resubscribe: false,
      reconnectPeriod: 1_000,
      connectTimeout: 10_000,
      ...(config.username === undefined ? {} : { username: config.username }),
      ...(config.password === undefined ? {} : { password: config.password }),
      // MQTT 5 only: the PUBACK waits for the callback, so it follows Kafka's acknowledgement.
      customHandleAcks: (topic, payload, _packet, done) => {
        this.onMessage(topic, payload, done);
      },
    });
    client.on('connect', (connack) => {
      this.lastError = null;
      deps.logger.info(
        { url: config.url, clientId: config.clientId, sessionPresent: connack.sessionPresent },
        'connected to the MQTT broker',
      );
      void this.subscribe(client);
    });
    client.on('message', (topic, payload, packet) => {
      // QoS 0 skips customHandleAcks (QoS 1 also lands here, once acknowledged): there is no
      // acknowledgement to hold back, but the message must still be written or dead-lettered.
      if (packet.qos === 0) this.onUnacknowledged(topic, payload);
    });
    client.on('close', () => {
      this.connection += 1;
      this.subscribed = false;
    });
    client.on('error', (error) => {
      if (error instanceof DeliveryAbandoned) {
        deps.logger.info(error.message);
        return;
      }
      // mqtt.js reconnects every second: say a repeated failure once, not every second.
      const repeated = error.message === this.lastError;
      this.lastError = error.message;
      deps.logger[repeated ? 'debug' : 'warn'](
        { err: error, url: config.url },
        'MQTT client error',
      );
    });
    this.client = client;
  }

  private async subscribe(client: MqttClient): Promise<void> {
    const connection = this.connection;
    try {
      const granted = await client.subscribeAsync(this.subscription, {
        qos: 1,
        // Retained messages are a last known value, not new readings: never replay them.
        rh: 2,
      });
      const refused = granted.find((grant) => grant.qos !== 1);
      if (refused !== undefined) {
        throw new Error(`the broker granted QoS ${refused.qos} on ${this.subscription}`);
      }
      if (connection === this.connection) this.subscribed = true;
      this.deps.logger.info({ subscription: this.subscription }, 'subscribed');
    } catch (error) {
      // Its connection closed meanwhile: the next connect subscribes again.
      if (connection !== this.connection || this.stopping) return;
      // The connection is useless without its subscription: drop it and let mqtt.js reconnect.
      this.deps.logger.error({ err: error, subscription: this.subscription }, 'subscribe failed');
      client.stream.destroy();
    }
  }

  /** Throws while the bridge is not connected and subscribed (a readiness check). */
  ready(): Promise<void> {
    if (this.client?.connected !== true) {
      return Promise.reject(new Error(`not connected to ${this.config.url}`));
    }
    if (!this.subscribed)
      return Promise.reject(new Error(`not subscribed to ${this.subscription}`));
    return Promise.resolve();
  }

  private onMessage(topic: string, payload: Buffer, done: (result: Error | number) => void): void {
    this.deps.metrics.mqttReceived.inc();
    const connection = this.connection;
    this.current = this.deliver(topic, payload, connection)
      .then(
        // 0: success, the PUBACK goes out. An error: no PUBACK; the broker redelivers the message
        // on the next connection of this session.
        () => done(connection === this.connection ? 0 : this.abandoned(topic)),
        (error: unknown) => done(error instanceof Error ? error : new Error(String(error))),
      )
      .finally(() => {
        this.current = null;
      });
  }

  /**
   * A QoS 0 message: mqtt.js hands these over without waiting, so they are written one after
   * the other (keeping each device's order). With no acknowledgement the broker will not
   * deliver it again: one given up on (the bridge stops, its connection closed) is lost, and
   * said so.
   */
  private onUnacknowledged(topic: string, payload: Buffer): void {
    this.deps.metrics.mqttReceived.inc();
    const connection = this.connection;
    this.unacknowledged = this.unacknowledged
      .then(() => this.deliver(topic, payload, connection))
      .catch((error: unknown) => {
        this.deps.logger.error(
          { err: error, topic },
          'a QoS 0 message was not written and cannot be delivered again (publish at QoS 1)',
        );
      });
  }

  private abandoned(topic: string): DeliveryAbandoned {
    return new DeliveryAbandoned(
      `a message on ${topic} is left to the broker to deliver again (${this.stopping ? 'stopping' : 'its connection closed'})`,
    );
  }

  /**
   * Writes what the message becomes, trying again while Kafka fails in a way that may pass; gives
   * up (unacknowledged, so redelivered later) when the bridge stops or the connection closed.
   */
  private async deliver(topic: string, payload: Buffer, connection: number): Promise<void> {
    const { deps, config } = this;
    let outcome: MqttOutcome = classifyMqttMessage(topic, payload, {
      topicRoot: config.topicRoot,
      maxBatch: deps.maxBatch,
      maxPayloadBytes: config.maxPayloadBytes,
    });
    for (let attempt = 0; ; attempt += 1) {
      if (this.stopping || connection !== this.connection) throw this.abandoned(topic);
      try {
        await this.write(topic, payload, outcome);
        return;
      } catch (error) {
        // Readings Kafka will never take (a schema problem, a record it refuses) go to the DLQ;
        // a DLQ write that fails is tried again like any failure.
        const letter: DeadLetter | undefined =
          outcome.kind === 'readings' ? deadLetterFor(error) : undefined;
        if (letter !== undefined && outcome.kind === 'readings') {
          deps.logger.error({ err: error, topic }, 'readings refused by Kafka; dead-lettering');
          outcome = { kind: 'dead-letter', deviceId: outcome.deviceId, letter };
          continue;
        }
        deps.logger.warn({ err: error, topic, attempt }, 'not written to Kafka; trying again');
        await this.pause(backoff(attempt));
      }
    }
  }

  private async write(topic: string, payload: Buffer, outcome: MqttOutcome): Promise<void> {
    const { deps } = this;
    if (outcome.kind === 'readings') {
      const readings = outcome.readings;
      await deps.gateway.send(deps.names.readings, () => readingRecords(deps.serde, readings));
      return;
    }
    const record = mqttDeadLetterRecord({ topic, payload }, outcome, {
      clientId: this.config.clientId,
      at: new Date(),
    });
    await deps.gateway.send(deps.names.readingsDlq, () => Promise.resolve([record]));
    deps.metrics.deadLetters.inc({ topic: deps.names.readings, reason: outcome.letter.reason });
    deps.logger.info(
      { topic, deviceId: outcome.deviceId, reason: outcome.letter.reason },
      'MQTT message dead-lettered',
    );
  }

  /** Sleeps, unless the bridge stops first. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wake = wake;
    });
  }

  /**
   * Stops taking messages, lets the delivery in progress end (written and acknowledged, or given
   * up unacknowledged for the broker to redeliver to the next session), then disconnects,
   * keeping the session on the broker.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    const client = this.client;
    if (client === null) return;
    await this.current;
    await this.unacknowledged;
    await client.endAsync();
  }
}
