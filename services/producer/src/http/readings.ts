import type { SensorReading, TelemetryReadingsRecord, TopicSerde } from '@streamfold/schemas';
import type { RequestHandler } from 'express';
import { readingRecords } from '../kafka/records.js';
import { itemsOf, validateHttpReadings } from '../validation/readings.js';
import { reject } from './body.js';
import { produceOr503, type ProduceDeps } from './produce.js';

export interface ReadingsDeps extends ProduceDeps {
  readonly serde: TopicSerde<TelemetryReadingsRecord>;
  /** The readings topic, prefixed. */
  readonly topic: string;
  readonly maxBatch: number;
}

/**
 * `POST /v1/readings`: one reading or an array of them. All or nothing: one bad item refuses
 * the request (400, each bad field named) and the readings go to Kafka in one send; 202 only
 * after Kafka acknowledged every one of them (acks=all).
 */
export function postReadings(deps: ReadingsDeps): RequestHandler {
  return async (req, res) => {
    const body: unknown = req.body;
    if (body === undefined) {
      reject(
        res,
        deps.metrics,
        'invalid',
        400,
        'the body must be a reading or an array of readings',
        {
          errors: [{ path: '(body)', message: 'missing' }],
        },
      );
      return;
    }
    const batch = itemsOf(body, { maxBatch: deps.maxBatch });
    if ('refused' in batch) {
      if (batch.refused === 'empty') {
        reject(res, deps.metrics, 'invalid', 400, 'an empty array: send at least one reading', {
          errors: [{ path: '(body)', message: 'an empty array' }],
        });
      } else {
        reject(
          res,
          deps.metrics,
          'too-many-readings',
          413,
          `${batch.count} readings in one request; at most ${deps.maxBatch}: split the batch`,
          { maxBatch: deps.maxBatch },
        );
      }
      return;
    }
    const result = validateHttpReadings(batch.items, batch.single);
    if (!result.ok) {
      reject(
        res,
        deps.metrics,
        'invalid',
        400,
        `${result.errors.length} invalid field(s); nothing was accepted`,
        { errors: result.errors },
      );
      return;
    }
    const readings: readonly SensorReading[] = result.value;
    if (await produceOr503(res, deps, deps.topic, () => readingRecords(deps.serde, readings))) {
      res.status(202).json({ accepted: readings.length });
    }
  };
}
