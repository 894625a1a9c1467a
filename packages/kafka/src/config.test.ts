import { describe, expect, it } from 'vitest';
import { loadKafkaConfig } from './config.ts';

describe('kafka > config', () => {
  it('chooses the client by ONEGRID_KAFKA_CLIENT, kafkajs unless told', () => {
    expect(loadKafkaConfig({}).ONEGRID_KAFKA_CLIENT).toBe('kafkajs');
    expect(loadKafkaConfig({ ONEGRID_KAFKA_CLIENT: 'platformatic' }).ONEGRID_KAFKA_CLIENT).toBe(
      'platformatic',
    );
  });

  it("takes a session timeout within the broker's default bounds, 10 s unless told", () => {
    expect(loadKafkaConfig({}).ONEGRID_KAFKA_SESSION_TIMEOUT_MS).toBe(10_000);
    expect(
      loadKafkaConfig({ ONEGRID_KAFKA_SESSION_TIMEOUT_MS: '45000' }).ONEGRID_KAFKA_SESSION_TIMEOUT_MS,
    ).toBe(45_000);
    for (const bad of ['5999', '300001', '1e400', '12.5', 'ten', '-1'])
      expect(() => loadKafkaConfig({ ONEGRID_KAFKA_SESSION_TIMEOUT_MS: bad })).toThrow(
        /ONEGRID_KAFKA_SESSION_TIMEOUT_MS/,
      );
  });

  it('refuses a client it does not know, naming the variable', () => {
    expect(() => loadKafkaConfig({ ONEGRID_KAFKA_CLIENT: 'rdkafka' })).toThrow(/ONEGRID_KAFKA_CLIENT/);
  });
});
