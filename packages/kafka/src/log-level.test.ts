import { logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { kafkajsLevel } from './log-level.ts';

const entry = (message: string, error?: string) => ({
  namespace: 'Connection',
  level: 'ERROR',
  label: 'ERROR',
  timestamp: '',
  logger: 'kafkajs',
  message,
  ...(error === undefined ? {} : { error }),
});

describe('kafka > kafkajsLevel', () => {
  it('logs a broker answer that kafkajs retries at info', () => {
    expect(
      kafkajsLevel(
        logLevel.ERROR,
        entry(
          'Response ListOffsets(key: 2, version: 3)',
          'This server is not the leader for that topic-partition',
        ),
      ),
    ).toBe('info');
    expect(
      kafkajsLevel(
        logLevel.ERROR,
        entry('Response GroupCoordinator(key: 10, version: 2)', 'The group coordinator is not available'),
      ),
    ).toBe('info');
  });

  it('keeps every other error an error', () => {
    expect(
      kafkajsLevel(
        logLevel.ERROR,
        entry('Response Produce(key: 0, version: 7)', 'Topic authorization failed'),
      ),
    ).toBe('error');
    expect(
      kafkajsLevel(
        logLevel.ERROR,
        entry(
          'Crash: KafkaJSNumberOfRetriesExceeded',
          'This server is not the leader for that topic-partition',
        ),
      ),
    ).toBe('error');
    expect(kafkajsLevel(logLevel.WARN, entry('anything'))).toBe('warn');
  });
});
