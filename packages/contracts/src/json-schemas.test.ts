import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildJsonSchemas, GEN_SCHEMAS_COMMAND } from './json-schemas.ts';
import { ALL_TOPICS, TOPICS } from './topics.ts';

const dir = new URL('../schemas/', import.meta.url);
const generated = buildJsonSchemas();
const parsed = (topic: string) =>
  JSON.parse(generated.find((f) => f.file === `${topic}.json`)?.text ?? '{}') as Record<string, unknown>;

describe('json-schemas > buildJsonSchemas', () => {
  it('writes one file per topic', () => {
    expect(generated.map((f) => f.file).sort()).toEqual(ALL_TOPICS.map((t) => `${t}.json`).sort());
  });

  it('names the key field', () => {
    expect(parsed(TOPICS.ticketEvents)['x-kafka-key']).toBe('ticket_id');
  });

  it('allows unknown extra fields', () => {
    expect(parsed(TOPICS.meterReadings).additionalProperties).toBeUndefined();
  });

  it('marks household contacts as personal data', () => {
    const properties = parsed(TOPICS.households).properties as Record<string, Record<string, unknown>>;
    expect(properties.contacts?.['x-personal-data']).toBe(true);
  });
});

describe('json-schemas > schemas/', () => {
  it.each(generated)('has $file up to date', ({ file, text }) => {
    let current = '';
    try {
      current = readFileSync(new URL(file, dir), 'utf8');
    } catch {
      // reported by the comparison below
    }
    expect(current, `schemas/${file} is stale or missing: run \`${GEN_SCHEMAS_COMMAND}\``).toBe(text);
  });

  it('holds no file for a topic that no longer exists', () => {
    const stale = readdirSync(dir).filter((f) => !generated.some((g) => g.file === f));
    expect(stale, `remove these and run \`${GEN_SCHEMAS_COMMAND}\``).toEqual([]);
  });
});
