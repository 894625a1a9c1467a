import { describe, expect, it } from 'vitest';
import { loadKafkaConfig } from './config.ts';

describe('kafka > config', () => {
  it('chooses the client by ONEGRID_KAFKA_CLIENT, platformatic unless told', () => {
    expect(loadKafkaConfig({}).ONEGRID_KAFKA_CLIENT).toBe('platformatic');
    expect(loadKafkaConfig({ ONEGRID_KAFKA_CLIENT: 'kafkajs' }).ONEGRID_KAFKA_CLIENT).toBe('kafkajs');
  });

  it('refuses a client it does not know, naming the variable', () => {
    expect(() => loadKafkaConfig({ ONEGRID_KAFKA_CLIENT: 'rdkafka' })).toThrow(/ONEGRID_KAFKA_CLIENT/);
  });
});
