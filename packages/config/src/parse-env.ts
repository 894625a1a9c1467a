import { OnegridError } from '@onegrid/errors';
import type { z } from 'zod';

/** A setting was wrong: the message names each variable, its value and what was expected. */
export class ConfigError extends OnegridError<'CONFIG_INVALID'> {
  constructor(message: string) {
    super('CONFIG_INVALID', message);
  }
}

/**
 * Validates the variables named by `schema`'s keys. An empty variable counts as unset, so
 * `FOO= cmd` falls back to the default rather than failing on "".
 */
export function parseEnv<Schema extends z.ZodObject>(
  schema: Schema,
  what: string,
  env: Record<string, string | undefined> = process.env,
): z.output<Schema> {
  const picked = Object.fromEntries(
    Object.keys(schema.shape).map((key) => [key, env[key] === '' ? undefined : env[key]]),
  );
  const parsed = schema.safeParse(picked);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const variable = String(issue.path[0]);
    return `${variable}=${JSON.stringify(env[variable])}: ${issue.message}`;
  });
  throw new ConfigError(`invalid ${what} settings:\n  ${lines.join('\n  ')}`);
}
