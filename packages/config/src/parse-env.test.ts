import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, parseEnv } from './parse-env.ts';

const schema = z.object({
  PORT: z.coerce.number({ error: 'expected a port number' }).int().min(1).max(65535).default(8080),
  MODE: z.enum(['a', 'b']).default('a'),
});

describe('config > parseEnv', () => {
  it('applies defaults for unset and empty variables', () => {
    expect(parseEnv(schema, 'test', { MODE: '' })).toEqual({ PORT: 8080, MODE: 'a' });
  });

  it('ignores variables the schema does not name', () => {
    expect(parseEnv(schema, 'test', { PORT: '9000', OTHER: 'x' })).toEqual({ PORT: 9000, MODE: 'a' });
  });

  it('names every wrong variable with its value', () => {
    expect(() => parseEnv(schema, 'test', { PORT: 'eighty', MODE: 'c' })).toThrow(ConfigError);
    try {
      parseEnv(schema, 'test', { PORT: 'eighty', MODE: 'c' });
    } catch (error) {
      expect((error as Error).message).toMatch(/^invalid test settings:/);
      expect((error as Error).message).toContain('PORT="eighty": expected a port number');
      expect((error as Error).message).toContain('MODE="c":');
    }
  });
});
