import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { clean, expected, feedTopic, PARTITIONS } from '../support/hourly-scenario.ts';
import { messyReadings } from '../support/meter-feed.ts';
import { readHourly } from '../support/meter-hourly.ts';
import { testKafka, testStore, unique } from '../support/stack.ts';

// In a file of its own: chDB allows one data folder per process, and this test reads the
// folder its child processes wrote.

describe('stream runtime > crash', () => {
  it('ends, after SIGKILL mid-stream and a restart, with the contents of an uninterrupted run', async () => {
    const topic = await feedTopic(testKafka(), messyReadings(clean, 17));
    const dir = await mkdtemp(path.join(tmpdir(), 'onegrid-e2e-crash-'));
    const env = {
      ...process.env,
      KAFKA_BROKERS: inject('kafkaBrokers'),
      ONEGRID_CHDB_PATH: dir,
      TOPIC: topic,
      GROUP: unique('crash'),
      TABLE: 'e2e_hourly_crash',
      PARTITIONS: String(PARTITIONS),
    };
    const total = clean.length;
    const killed = await runChild(env, (processed) => processed >= total * 0.4);
    expect(killed).toBe('killed');
    expect(await runChild(env, () => false)).toBe('done');

    const { store: after } = await testStore(dir);
    try {
      expect(await readHourly(after.client, 'e2e_hourly_crash')).toEqual(expected);
    } finally {
      await after.close();
    }
  });
});

const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/run-hourly.ts');

/** Runs the child processor; SIGKILLs it as soon as `killWhen` says so. */
function runChild(
  env: NodeJS.ProcessEnv,
  killWhen: (processed: number) => boolean,
): Promise<'killed' | 'done'> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fixture], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let outcome: 'killed' | 'done' | undefined;
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.startsWith('{')) continue;
        const message = JSON.parse(line) as { processed?: number; done?: boolean };
        if (message.done) outcome = 'done';
        if (outcome === undefined && message.processed !== undefined && killWhen(message.processed)) {
          outcome = 'killed';
          child.kill('SIGKILL');
        }
      }
    });
    const deadline = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('exit', (code, signal) => {
      clearTimeout(deadline);
      if (outcome === 'killed' && signal === 'SIGKILL') resolve('killed');
      else if (outcome === 'done' && code === 0) resolve('done');
      else
        reject(new Error(`child ended with code ${code}, signal ${signal}; stderr:\n${stderr.slice(-3000)}`));
    });
  });
}
