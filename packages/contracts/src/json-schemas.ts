import { z } from 'zod';
import { TOPIC_SCHEMAS } from './topic-schemas.ts';
import { ALL_TOPICS, TOPIC_KEYS } from './topics.ts';

/** The command that regenerates `schemas/`, named wherever a stale file is reported. */
export const GEN_SCHEMAS_COMMAND = 'pnpm --filter @onegrid/contracts gen:schemas';

export interface JsonSchemaFile {
  /** `city.sensor.meter-readings.json`: the topic name plus `.json`. */
  file: string;
  /** The file's exact text (2-space JSON, trailing newline). */
  text: string;
}

/**
 * One JSON Schema (draft 2020-12) per topic, of what a producer may send (`io: 'input'`): unknown
 * extra fields are allowed, fields marked `x-personal-data` are personal data, and `x-kafka-key`
 * names the key field. Refinements that JSON Schema cannot state (a meter's unit must match its
 * kind, a gauge's warning level is below its guaranteed level) are only in the zod schemas.
 */
export function buildJsonSchemas(): JsonSchemaFile[] {
  return ALL_TOPICS.map((topic) => {
    const schema = z.toJSONSchema(TOPIC_SCHEMAS[topic], { io: 'input', target: 'draft-2020-12' });
    const document = {
      $schema: schema.$schema,
      $comment: `Generated from @onegrid/contracts by \`${GEN_SCHEMAS_COMMAND}\`. Do not edit.`,
      'x-topic': topic,
      'x-kafka-key': TOPIC_KEYS[topic],
      ...schema,
    };
    return { file: `${topic}.json`, text: `${JSON.stringify(document, null, 2)}\n` };
  });
}
