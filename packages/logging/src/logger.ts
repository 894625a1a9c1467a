import { type Logger, pino } from 'pino';

export type { Logger };

/**
 * The one structured logger of a process (JSON lines on stdout, level from LOG_LEVEL).
 * Personal data must never be logged: the redact list is a last line of defence for the
 * registry fields that carry it, not a licence to pass them in.
 */
export function createLogger(name: string, level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    name,
    level,
    redact: { paths: ['contacts', '*.contacts', 'phone', '*.phone'], censor: '[personal]' },
  });
}
