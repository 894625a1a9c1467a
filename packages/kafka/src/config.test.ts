import { describe, expect, it } from 'vitest';
import { loadKafkaConfig } from './config.ts';

describe('kafka > config', () => {
  it('chooses the client by ONEGRID_KAFKA_CLIENT, kafkajs unless told', () => {
    expect(loadKafkaConfig({}).ONEGRID_KAFKA_CLIENT).toBe('kafkajs');
    expect(loadKafkaConfig({ ONEGRID_KAFKA_CLIENT: 'platformatic' }).ONEGRID_KAFKA_CLIENT).toBe(
      'platformatic',
    );
  });

  it('refuses a client it does not know, naming the variable', () => {
    expect(() => loadKafkaConfig({ ONEGRID_KAFKA_CLIENT: 'rdkafka' })).toThrow(/ONEGRID_KAFKA_CLIENT/);
  });
});
