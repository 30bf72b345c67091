import kafkajs from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { isStreamfoldError, mapped, StreamfoldError, toStreamfoldError } from './errors.js';

// The shapes kafkajs builds from a broker's error code (src/protocol/error.js).
const protocolError = (type: string, code: number, retriable: boolean, message: string) =>
  new kafkajs.KafkaJSProtocolError(Object.assign(new Error(message), { type, code, retriable }));

const invalidProducerEpoch = () =>
  protocolError(
    'INVALID_PRODUCER_EPOCH',
    47,
    false,
    'Producer attempted an operation with an old epoch',
  );

const retriesExceeded = (last: Error | string) =>
  new kafkajs.KafkaJSNumberOfRetriesExceeded(last, { retryCount: 5, retryTime: 3_000 });

// Several kafkajs errors are typed with no constructor arguments but are built with a message.
type ErrorClass = new (message: string) => kafkajs.KafkaJSError;

// kafkajs exports a few error classes its typings do not declare.
const undeclared = kafkajs as unknown as {
  KafkaJSConnectionClosedError: new (
    message: string,
    where: { host: string; port: number },
  ) => kafkajs.KafkaJSError;
  KafkaJSNoBrokerAvailableError: new () => kafkajs.KafkaJSError;
};

describe('a StreamfoldError', () => {
  it('carries its code, retriable flag and cause, and is recognised as one', () => {
    const cause = new Error('socket hang up');
    const error = new StreamfoldError('KAFKA_UNAVAILABLE', 'connect: socket hang up', {
      retriable: true,
      cause,
    });

    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('StreamfoldError');
    expect(error.code).toBe('KAFKA_UNAVAILABLE');
    expect(error.message).toBe('connect: socket hang up');
    expect(error.retriable).toBe(true);
    expect(error.cause).toBe(cause);
    expect(isStreamfoldError(error)).toBe(true);
  });

  it('has no cause property when none is given', () => {
    const error = new StreamfoldError('TOPIC_MISSING', 'no topic', { retriable: false });
    expect('cause' in error).toBe(false);
  });

  it('is not confused with other errors', () => {
    expect(isStreamfoldError(new Error('x'))).toBe(false);
    expect(isStreamfoldError(new kafkajs.KafkaJSError('x'))).toBe(false);
    expect(isStreamfoldError({ code: 'SERDE', retriable: false })).toBe(false);
  });
});

describe('toStreamfoldError', () => {
  describe('a fenced producer (another instance took its transactional id)', () => {
    it.each([
      ['INVALID_PRODUCER_EPOCH', 47],
      ['PRODUCER_FENCED', 90],
      ['INVALID_PRODUCER_ID_MAPPING', 49],
    ])('%s is KAFKA_FENCED and never retried', (type, code) => {
      const error = protocolError(type, code, false, `broker said ${type}`);

      const mappedError = toStreamfoldError(error, 'send');

      expect(mappedError.code).toBe('KAFKA_FENCED');
      expect(mappedError.retriable).toBe(false);
      expect(mappedError.message).toBe(`send: broker said ${type}`);
      expect(mappedError.cause).toBe(error);
    });

    it('is fenced even when kafkajs marks the protocol error retriable', () => {
      const error = protocolError('PRODUCER_FENCED', 90, true, 'fenced');
      expect(toStreamfoldError(error)).toMatchObject({ code: 'KAFKA_FENCED', retriable: false });
    });

    it('is fenced when it is the last failure behind exhausted retries', () => {
      const retries = retriesExceeded(invalidProducerEpoch());

      const mappedError = toStreamfoldError(retries, 'commit');

      expect(mappedError.code).toBe('KAFKA_FENCED');
      expect(mappedError.retriable).toBe(false);
      expect(mappedError.message).toBe('commit: Producer attempted an operation with an old epoch');
      expect(mappedError.cause).toBe(retries);
    });
  });

  describe('an unreachable broker', () => {
    it.each<[string, () => kafkajs.KafkaJSError]>([
      [
        'KafkaJSConnectionError',
        () =>
          new kafkajs.KafkaJSConnectionError('Connection error: connect ECONNREFUSED', {
            broker: '127.0.0.1:9092',
            code: 'ECONNREFUSED',
          }),
      ],
      [
        'KafkaJSConnectionClosedError',
        () =>
          new undeclared.KafkaJSConnectionClosedError('Closed connection', {
            host: '127.0.0.1',
            port: 9092,
          }),
      ],
      ['KafkaJSNoBrokerAvailableError', () => new undeclared.KafkaJSNoBrokerAvailableError()],
      [
        'KafkaJSBrokerNotFound',
        () => new (kafkajs.KafkaJSBrokerNotFound as ErrorClass)('Broker 3 not found'),
      ],
      [
        'KafkaJSGroupCoordinatorNotFound',
        () => new (kafkajs.KafkaJSGroupCoordinatorNotFound as ErrorClass)('No group coordinator'),
      ],
      [
        'KafkaJSMetadataNotLoaded',
        () => new (kafkajs.KafkaJSMetadataNotLoaded as ErrorClass)('Metadata not loaded'),
      ],
    ])('%s is KAFKA_UNAVAILABLE and retriable', (name, make) => {
      const error = make();
      expect(error.name).toBe(name);

      const mappedError = toStreamfoldError(error, 'connect');

      expect(mappedError.code).toBe('KAFKA_UNAVAILABLE');
      expect(mappedError.retriable).toBe(true);
      expect(mappedError.message).toBe(`connect: ${error.message}`);
      expect(mappedError.cause).toBe(error);
    });

    it('stays retriable after kafkajs gave up retrying a connection error', () => {
      const last = new kafkajs.KafkaJSConnectionError('Connection error: connect ECONNREFUSED');
      const retries = retriesExceeded(last);
      expect(retries.retriable).toBe(false);

      const mappedError = toStreamfoldError(retries, 'connect');

      expect(mappedError.code).toBe('KAFKA_UNAVAILABLE');
      expect(mappedError.retriable).toBe(true);
      expect(mappedError.message).toBe('connect: Connection error: connect ECONNREFUSED');
      expect(mappedError.cause).toBe(retries);
    });
  });

  describe('a request with no answer in time', () => {
    it('KafkaJSRequestTimeoutError is KAFKA_TIMEOUT and retriable', () => {
      const error = new kafkajs.KafkaJSRequestTimeoutError('Request Produce(key: 0) timed out', {
        broker: '127.0.0.1:9092',
        clientId: 'producer',
        correlationId: 7,
        createdAt: 0,
        sentAt: 0,
        pendingDuration: 0,
      });

      expect(toStreamfoldError(error, 'send')).toMatchObject({
        code: 'KAFKA_TIMEOUT',
        retriable: true,
        message: 'send: Request Produce(key: 0) timed out',
        cause: error,
      });
    });

    it.each<[string, ErrorClass]>([
      ['KafkaJSTimeout', kafkajs.KafkaJSTimeout],
      ['KafkaJSLockTimeout', kafkajs.KafkaJSLockTimeout],
    ])('%s is KAFKA_TIMEOUT and retriable although kafkajs calls it final', (_name, Timeout) => {
      const error = new Timeout('Timeout while acquiring lock');
      expect(error.retriable).toBe(false);

      expect(toStreamfoldError(error)).toMatchObject({
        code: 'KAFKA_TIMEOUT',
        retriable: true,
        message: 'Timeout while acquiring lock',
      });
    });
  });

  describe('any other protocol error', () => {
    it('is KAFKA_PROTOCOL and keeps the broker’s retriable verdict', () => {
      const notLeader = protocolError(
        'NOT_LEADER_FOR_PARTITION',
        6,
        true,
        'This server is not the leader for that topic-partition',
      );
      const unauthorized = protocolError(
        'TOPIC_AUTHORIZATION_FAILED',
        29,
        false,
        'Not authorized to access topics: [Topic authorization failed]',
      );

      expect(toStreamfoldError(notLeader, 'send')).toMatchObject({
        code: 'KAFKA_PROTOCOL',
        retriable: true,
        message: 'send: This server is not the leader for that topic-partition',
        cause: notLeader,
      });
      expect(toStreamfoldError(unauthorized, 'send')).toMatchObject({
        code: 'KAFKA_PROTOCOL',
        retriable: false,
        cause: unauthorized,
      });
    });

    it('behind exhausted retries takes the code and verdict of the last failure', () => {
      const notLeader = protocolError('NOT_LEADER_FOR_PARTITION', 6, true, 'not the leader');

      expect(toStreamfoldError(retriesExceeded(notLeader))).toMatchObject({
        code: 'KAFKA_PROTOCOL',
        retriable: true,
        message: 'not the leader',
      });
    });
  });

  describe('a failure kafkajs would not retry', () => {
    it('is classified by the error it wraps, so a fenced producer stays KAFKA_FENCED', () => {
      const fenced = protocolError('PRODUCER_FENCED', 90, false, 'fenced by a newer producer');
      // As kafkajs's retrier wraps an error it may not retry.
      const wrapped = Object.assign(new kafkajs.KafkaJSNonRetriableError(fenced), {
        cause: fenced,
      });

      expect(toStreamfoldError(wrapped, 'commit')).toMatchObject({
        code: 'KAFKA_FENCED',
        retriable: false,
        message: 'commit: fenced by a newer producer',
        cause: wrapped,
      });
    });
  });

  describe('what is neither a connection, a timeout nor a protocol error', () => {
    it('a kafkajs error is KAFKA_CLIENT with kafkajs’ retriable verdict', () => {
      const retriable = new kafkajs.KafkaJSError('Something transient');
      const final = new kafkajs.KafkaJSNonRetriableError('Invalid topics array');

      expect(toStreamfoldError(retriable)).toMatchObject({
        code: 'KAFKA_CLIENT',
        retriable: true,
        message: 'Something transient',
        cause: retriable,
      });
      expect(toStreamfoldError(final, 'create topics')).toMatchObject({
        code: 'KAFKA_CLIENT',
        retriable: false,
        message: 'create topics: Invalid topics array',
        cause: final,
      });
    });

    it('retries exhausted on a plain message are KAFKA_CLIENT and final', () => {
      const retries = retriesExceeded('gave up');

      expect(toStreamfoldError(retries, 'fetch')).toMatchObject({
        code: 'KAFKA_CLIENT',
        retriable: false,
        message: 'fetch: gave up',
        cause: retries,
      });
    });

    it('an error from outside kafkajs is KAFKA_CLIENT and final', () => {
      const error = new TypeError('value.toString is not a function');

      expect(toStreamfoldError(error, 'send')).toMatchObject({
        code: 'KAFKA_CLIENT',
        retriable: false,
        message: 'send: value.toString is not a function',
        cause: error,
      });
    });

    it('a thrown non-error is described by its string form', () => {
      expect(toStreamfoldError('boom')).toMatchObject({
        code: 'KAFKA_CLIENT',
        retriable: false,
        message: 'boom',
        cause: 'boom',
      });
      expect(toStreamfoldError(42, 'send').message).toBe('send: 42');
    });
  });

  it('passes a StreamfoldError through untouched, without a second context', () => {
    const error = new StreamfoldError('TOPIC_DRIFT', 'telemetry.readings has 3 partitions', {
      retriable: false,
    });

    expect(toStreamfoldError(error, 'ensure topics')).toBe(error);
    expect(error.message).toBe('telemetry.readings has 3 partitions');
  });
});

describe('mapped', () => {
  it('returns what the call returns', async () => {
    await expect(mapped('list topics', () => Promise.resolve(['a', 'b']))).resolves.toEqual([
      'a',
      'b',
    ]);
  });

  it('rethrows a kafkajs failure as a StreamfoldError named after the call', async () => {
    const error = new kafkajs.KafkaJSConnectionError('Connection error: connect ECONNREFUSED');

    const failure = await mapped('list topics', () => Promise.reject(error)).catch(
      (thrown: unknown) => thrown,
    );

    expect(failure).toBeInstanceOf(StreamfoldError);
    expect(failure).toMatchObject({
      code: 'KAFKA_UNAVAILABLE',
      retriable: true,
      message: 'list topics: Connection error: connect ECONNREFUSED',
      cause: error,
    });
  });

  it('rethrows a StreamfoldError as it is', async () => {
    const error = new StreamfoldError('TOPIC_MISSING', 'no such topic', { retriable: false });

    await expect(mapped('describe', () => Promise.reject(error))).rejects.toBe(error);
  });
});
