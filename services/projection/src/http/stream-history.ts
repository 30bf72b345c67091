import { parsePositionId, positionId, type Position } from '../domain/positions.js';
import type { ProjectedRecord } from '../domain/read-models.js';

/** One Server-Sent Event: `id` is the record's position, `event` its record name. */
export interface StreamMessage {
  readonly id: string;
  readonly event: string;
  /** One line of JSON: `{ position, value }`. */
  readonly data: string;
  readonly position: Position;
}

export function toStreamMessage({ position, record }: ProjectedRecord): StreamMessage {
  return {
    id: positionId(position),
    event: record.name,
    data: JSON.stringify({ position, value: record.value }),
    position,
  };
}

export function formatMessage(message: Pick<StreamMessage, 'id' | 'event' | 'data'>): string {
  return `id: ${message.id}\nevent: ${message.event}\ndata: ${message.data}\n\n`;
}

/** What a client resuming after an id gets: the messages after it, or a reset. */
export type Resume =
  | { readonly kind: 'after'; readonly messages: readonly StreamMessage[] }
  | {
      readonly kind: 'reset';
      /** `older-than-history`: the id's record was applied, but left the history since. */
      readonly reason: 'older-than-history' | 'unknown-id';
      /** The oldest id still held, if any. */
      readonly oldestId: string | null;
    };

/**
 * The last `capacity` messages in the order they were applied, for clients that reconnect
 * with Last-Event-ID. Pure: no I/O, no clock.
 */
export class StreamHistory {
  /** A ring: the message with sequence number s sits at s % capacity while it is held. */
  private readonly ring: (StreamMessage | undefined)[];
  /** The sequence number the next message gets. */
  private next = 0;
  private readonly sequenceOf = new Map<string, number>();

  constructor(private readonly capacity: number) {
    this.ring = new Array<StreamMessage | undefined>(capacity);
  }

  push(message: StreamMessage): void {
    const sequence = this.next;
    this.next += 1;
    if (this.capacity === 0) return;
    const slot = sequence % this.capacity;
    const evicted = this.ring[slot];
    if (evicted !== undefined && this.sequenceOf.get(evicted.id) === sequence - this.capacity) {
      this.sequenceOf.delete(evicted.id);
    }
    this.ring[slot] = message;
    this.sequenceOf.set(message.id, sequence);
  }

  get size(): number {
    return Math.min(this.next, this.capacity);
  }

  resumeAfter(lastEventId: string): Resume {
    const sequence = this.sequenceOf.get(lastEventId);
    if (sequence !== undefined) {
      return { kind: 'after', messages: this.between(sequence + 1, this.next) };
    }
    const held = this.between(this.next - this.size, this.next);
    const oldestId = held[0]?.id ?? null;
    const position = parsePositionId(lastEventId);
    // A position below what the history holds of its partition, or any position once messages
    // were dropped, is a record this stream sent and no longer has. Anything else (an id
    // ahead of this instance, or from elsewhere) is unknown; both mean: re-read, then follow.
    const dropped = this.next > this.capacity;
    const older =
      position !== undefined &&
      (dropped ||
        held.some(
          (m) =>
            m.position.topic === position.topic &&
            m.position.partition === position.partition &&
            BigInt(m.position.offset) > BigInt(position.offset),
        ));
    return { kind: 'reset', reason: older ? 'older-than-history' : 'unknown-id', oldestId };
  }

  /** The held messages with sequence numbers from `from` (inclusive) to `to` (exclusive). */
  private between(from: number, to: number): StreamMessage[] {
    const messages: StreamMessage[] = [];
    for (let sequence = from; sequence < to; sequence += 1) {
      const message = this.ring[sequence % this.capacity];
      if (message !== undefined) messages.push(message);
    }
    return messages;
  }
}
