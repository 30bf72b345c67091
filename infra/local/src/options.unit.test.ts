import { describe, expect, test } from 'vitest';
import { kafkaBrokersOf, registryUrlOf, stackOptionsFromEnv } from './options.js';

describe('stackOptionsFromEnv', () => {
  test('defaults to the documented ports under the repository', () => {
    const options = stackOptionsFromEnv({});
    expect(options).toMatchObject({
      kafkaPort: 9092,
      controllerPort: 9093,
      registryPort: 8081,
      timeoutSeconds: 180,
    });
    expect(options.home.endsWith('/.local/stack')).toBe(true);
    expect(kafkaBrokersOf(options)).toBe('127.0.0.1:9092');
    expect(registryUrlOf(options)).toBe('http://127.0.0.1:8081/apis/ccompat/v7');
  });

  test('takes ports, folder and Java homes from the environment', () => {
    const options = stackOptionsFromEnv({
      STREAMFOLD_STACK_DIR: '/tmp/somewhere',
      STREAMFOLD_KAFKA_PORT: '19092',
      STREAMFOLD_REGISTRY_PORT: '18081',
      STREAMFOLD_REGISTRY_JAVA_HOME: '/opt/jdk-21',
    });
    expect(options).toMatchObject({
      home: '/tmp/somewhere',
      kafkaPort: 19092,
      registryPort: 18081,
      registryJavaHome: '/opt/jdk-21',
    });
    expect(options.kafkaJavaHome).toBeUndefined();
  });

  test('a bad value is refused naming its variable', () => {
    expect(() => stackOptionsFromEnv({ STREAMFOLD_KAFKA_PORT: 'ninety' })).toThrow(
      /STREAMFOLD_KAFKA_PORT.*"ninety"/,
    );
    expect(() => stackOptionsFromEnv({ STREAMFOLD_STACK_TIMEOUT_SECONDS: '0' })).toThrow(
      /STREAMFOLD_STACK_TIMEOUT_SECONDS/,
    );
  });

  test('two parts on one port are refused', () => {
    expect(() => stackOptionsFromEnv({ STREAMFOLD_REGISTRY_PORT: '9092' })).toThrow(
      'STREAMFOLD_REGISTRY_PORT and STREAMFOLD_KAFKA_PORT are both 9092',
    );
  });
});
