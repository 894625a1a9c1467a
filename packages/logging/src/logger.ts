import { type DestinationStream, type Logger, multistream, pino } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

export interface LogOutput {
  /** Whether standard output is a terminal a person reads (pretty lines) or a pipe (JSON lines). */
  readonly tty: boolean;
  /** `ONEGRID_LOG_FILE`: every line as JSON into this file; the terminal then gets warnings and errors only. */
  readonly file?: string | undefined;
}

const REDACT = { paths: ['contacts', '*.contacts', 'phone', '*.phone'], censor: '[personal]' };

/** Human-readable lines for a terminal (pino-pretty): time, level, name, message, then the fields. */
function prettyStream(): DestinationStream {
  return pretty({
    colorize: true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname',
    destination: 1,
    sync: true,
  });
}

/**
 * The one structured logger of a process, level from LOG_LEVEL. On a terminal, human-readable
 * lines (pino-pretty); into a pipe, JSON lines on stdout, as collectors read them. With
 * `ONEGRID_LOG_FILE`, everything goes as JSON into that file and only warnings and errors to the
 * console (the demo keeps its console for the banner and one progress line).
 * Personal data must never be logged: the redact list is a last line of defence for the
 * registry fields that carry it, not a licence to pass them in.
 */
export function createLogger(
  name: string,
  level: string = process.env.LOG_LEVEL ?? 'info',
  output: LogOutput = { tty: process.stdout.isTTY === true, file: process.env.ONEGRID_LOG_FILE || undefined },
): Logger {
  const options = { name, level, redact: REDACT };
  if (output.file === undefined) return output.tty ? pino(options, prettyStream()) : pino(options);
  const file = pino.destination({ dest: output.file, mkdir: true, sync: false });
  const console = output.tty ? prettyStream() : pino.destination(1);
  return pino(
    options,
    multistream([
      { level: level as pino.Level, stream: file },
      { level: 'warn', stream: console },
    ]),
  );
}
