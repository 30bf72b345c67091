import { describe, expect, it } from 'vitest';
import {
  freshTopics,
  reading,
  readingsIn,
  startTestProducer,
  stored,
} from '../int-harness.test.js';

const problem = 'application/problem+json; charset=utf-8';

describe('POST /v1/readings', () => {
  it('writes one reading or a batch, keyed by device, and answers 202 once Kafka has them', async () => {
    const producer = await startTestProducer(await freshTopics());
    const one = { ...reading('d-1', 1), location: { latitude: 51.5, longitude: -0.12 } };
    const batch = [
      reading('d-2', 1),
      { ...reading('d-2', 2), quality: 'UNCERTAIN' },
      reading('d-1', 2),
    ];

    expect(await producer.post('/v1/readings', one)).toMatchObject({
      status: 202,
      body: { accepted: 1 },
    });
    expect(await producer.post('/v1/readings', batch)).toMatchObject({
      status: 202,
      body: { accepted: 3 },
    });

    expect(await readingsIn(producer.names.readings, 4)).toEqual([
      { key: 'd-1', value: { ...one, quality: 'GOOD' } },
      { key: 'd-1', value: stored(reading('d-1', 2)) },
      { key: 'd-2', value: stored(reading('d-2', 1)) },
      { key: 'd-2', value: { ...stored(reading('d-2', 2)), quality: 'UNCERTAIN' } },
    ]);
    expect(
      await producer.metric('streamfold_producer_records_produced_total', {
        topic: producer.names.readings,
      }),
    ).toBe(4);
  });

  it('refuses a batch with a bad item with 400 naming each bad field, and writes none of it', async () => {
    const producer = await startTestProducer(await freshTopics());
    const answer = await producer.post('/v1/readings', [
      reading('d-1', 1),
      reading('d-1', 2),
      reading('d-1', 3),
      { ...reading('d-1', 4), eventTime: 'yesterday', unit: '' },
    ]);

    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toBe(problem);
    expect(answer.body).toEqual({
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: '2 invalid field(s); nothing was accepted',
      errors: [
        { path: '[3].unit', message: 'Too small: expected string to have >=1 characters' },
        { path: '[3].eventTime', message: 'Invalid input: expected number, received string' },
      ],
    });
    // A good request after it is the only thing on the topic.
    expect((await producer.post('/v1/readings', reading('d-1', 5))).status).toBe(202);
    expect(await readingsIn(producer.names.readings, 1)).toEqual([
      { key: 'd-1', value: stored(reading('d-1', 5)) },
    ]);
    expect(
      await producer.metric('streamfold_producer_requests_rejected_total', {
        endpoint: 'readings',
        reason: 'invalid',
      }),
    ).toBe(1);
  });

  it('answers 413 over the body limit and over the batch limit, 400 to bad JSON, 415 to other types', async () => {
    const producer = await startTestProducer(await freshTopics(), {
      HTTP_BODY_LIMIT_BYTES: '2000',
      READINGS_MAX_BATCH: '3',
    });
    const tooBig = await producer.post(
      '/v1/readings',
      Array.from({ length: 3 }, (_, i) => ({ ...reading('d-1', i), unit: 'x'.repeat(700) })),
    );
    expect(tooBig).toMatchObject({
      status: 413,
      body: {
        title: 'Payload Too Large',
        status: 413,
        detail: 'the body is larger than 2000 bytes',
        limitBytes: 2000,
      },
    });
    expect(tooBig.headers.get('content-type')).toBe(problem);

    const tooMany = await producer.post(
      '/v1/readings',
      Array.from({ length: 4 }, (_, i) => reading('d-1', i)),
    );
    expect(tooMany).toMatchObject({
      status: 413,
      body: { detail: '4 readings in one request; at most 3: split the batch', maxBatch: 3 },
    });

    expect(await producer.post('/v1/readings', '{"deviceId": "d-1",')).toMatchObject({
      status: 400,
      body: {
        title: 'Bad Request',
        detail: expect.stringMatching(/^the body is not valid JSON/) as unknown,
      },
    });
    expect(
      await producer.post('/v1/readings', 'd-1,temperature,20', { 'content-type': 'text/csv' }),
    ).toMatchObject({ status: 415, body: { title: 'Unsupported Media Type' } });
    expect(await producer.post('/v1/readings', [])).toMatchObject({ status: 400 });

    expect(await readingsIn(producer.names.readings)).toEqual([]);
    const rejected = (reason: string) =>
      producer.metric('streamfold_producer_requests_rejected_total', {
        endpoint: 'readings',
        reason,
      });
    expect(await rejected('too-large')).toBe(1);
    expect(await rejected('too-many-readings')).toBe(1);
    expect(await rejected('malformed-json')).toBe(1);
    expect(await rejected('unsupported-media-type')).toBe(1);
  });
});
