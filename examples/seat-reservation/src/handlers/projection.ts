import { randomUUID } from 'node:crypto';
import { Consumer, type ConsumedRecord, type KafkaClient } from '@streamfold/kafka';
import { serdeFor, type SchemaRegistryClient } from '@streamfold/schemas';
import type { Express } from 'express';
import { evolveAvailability, type Availability } from '../domain/index.js';
import type { SeatNames } from '../topics.js';

/** Where the read model stands in the event topic: the next offset per partition. */
export type Position = Record<number, string>;

/**
 * Seat availability served from reservations.events, read_committed. The model is in memory,
 * so each instance reads the events from the beginning under a group of its own. Applying a
 * record is idempotent by (partition, offset): a redelivered record changes nothing.
 */
export class AvailabilityProjection {
  private readonly model = new Map<string, Availability>();
  private readonly next = new Map<number, bigint>();
  private readonly consumer: Consumer;
  private readonly serde;

  constructor(client: KafkaClient, registry: SchemaRegistryClient, names: SeatNames) {
    this.serde = serdeFor(registry, 'reservations.events', names.events);
    this.consumer = new Consumer(client, {
      groupId: `${names.projection}-${randomUUID()}`,
      topics: [names.events],
      fromBeginning: true,
    });
  }

  start(): Promise<void> {
    return this.consumer.start((record) => this.apply(record));
  }

  stop(): Promise<void> {
    return this.consumer.stop();
  }

  async apply(record: ConsumedRecord): Promise<void> {
    const offset = BigInt(record.offset);
    if (offset < (this.next.get(record.partition) ?? 0n)) return;
    const event = await this.serde.decode(record.value);
    const conferenceId = event.value.conferenceId;
    const next = evolveAvailability(this.model.get(conferenceId), event);
    if (next !== undefined) this.model.set(conferenceId, next);
    this.next.set(record.partition, offset + 1n);
  }

  availability(conferenceId: string): Availability | undefined {
    return this.model.get(conferenceId);
  }

  position(): Position {
    return Object.fromEntries([...this.next].map(([p, offset]) => [p, offset.toString()]));
  }

  routes(app: Express): void {
    app.get('/v1/conferences/:id/availability', (req, res) => {
      const availability = this.availability(req.params.id);
      if (availability === undefined) {
        res
          .status(404)
          .type('application/problem+json')
          .json({
            type: 'about:blank',
            title: 'no such conference',
            status: 404,
            detail: `no conference ${req.params.id} in the events read so far`,
            position: this.position(),
          });
        return;
      }
      res.json({ ...availability, position: this.position() });
    });
  }
}
