import {
  Counter,
  deadLetterCounter,
  Gauge,
  Histogram,
  type Registry,
} from '@streamfold/observability';

/** The producer's own metrics, beside the process metrics every service has. */
export interface ProducerMetrics {
  /** Records Kafka acknowledged, by topic (DLQ records included, under the DLQ's name). */
  readonly produced: Counter<'topic'>;
  /** Requests answered with an error, by endpoint (`readings`, `commands`) and reason. */
  readonly rejected: Counter<'endpoint' | 'reason'>;
  /** MQTT messages set aside in the readings DLQ, by the topic they were meant for and reason. */
  readonly deadLetters: Counter<'topic' | 'reason'>;
  /** MQTT messages received on the readings subscription, redeliveries included. */
  readonly mqttReceived: Counter;
  /** From the start of a send (connect and encode included) to Kafka's acknowledgement or failure. */
  readonly produceSeconds: Histogram<'topic' | 'outcome'>;
  /** Sends not yet acknowledged or failed, including those a 503 answer gave up waiting for. */
  readonly sendsInFlight: Gauge;
}

export function producerMetrics(registry: Registry): ProducerMetrics {
  const registers = [registry];
  return {
    produced: new Counter({
      name: 'streamfold_producer_records_produced_total',
      help: 'Records Kafka acknowledged (acks=all), by topic',
      labelNames: ['topic'],
      registers,
    }),
    rejected: new Counter({
      name: 'streamfold_producer_requests_rejected_total',
      help: 'HTTP requests answered with an error, by endpoint and reason',
      labelNames: ['endpoint', 'reason'],
      registers,
    }),
    deadLetters: deadLetterCounter(registry),
    mqttReceived: new Counter({
      name: 'streamfold_producer_mqtt_messages_received_total',
      help: 'MQTT messages received on the readings subscription, redeliveries included',
      registers,
    }),
    produceSeconds: new Histogram({
      name: 'streamfold_producer_produce_duration_seconds',
      help: 'Time from the start of a send to Kafka acknowledging or failing it, by topic and outcome',
      labelNames: ['topic', 'outcome'],
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    sendsInFlight: new Gauge({
      name: 'streamfold_producer_sends_in_flight',
      help: 'Sends to Kafka not yet acknowledged or failed',
      registers,
    }),
  };
}
