import { createLogger } from '@onegrid/logging';
import { describe, expect, it } from 'vitest';
import { StreamError } from '../errors.ts';
import { BufferedSink } from './buffered-sink.ts';

const logger = createLogger('test', 'silent');
const provenance = { topic: 't', partition: 0, fromOffset: 0, toOffset: 0 };
const options = (maxRows: number) => ({
  name: 'test',
  maxRows,
  maxDelayMs: 60_000,
  retry: { baseMs: 1, capMs: 2 },
  logger,
});

describe('sinks > BufferedSink', () => {
  it('writes blocks in order and flush resolves once all are durable', async () => {
    const blocks: number[][] = [];
    const sink = new BufferedSink<number>(options(2), async (rows) => {
      blocks.push([...rows]);
    });
    await sink.write([1, 2], provenance);
    await sink.write([3], provenance);
    await sink.flush();
    expect(blocks).toEqual([[1, 2], [3]]);
    expect(sink.pending()).toBe(0);
  });

  it('makes a writer wait while its buffer is full and a block is still in flight', async () => {
    const releases: (() => void)[] = [];
    const sink = new BufferedSink<number>(
      options(1),
      () => new Promise<void>((resolve) => releases.push(resolve)),
    );
    await sink.write([1], provenance); // block 1 in flight, nothing before it
    let secondDone = false;
    const second = sink.write([2], provenance).then(() => {
      secondDone = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(secondDone).toBe(false);
    releases[0]?.();
    await new Promise((resolve) => setImmediate(resolve));
    releases[1]?.();
    await second;
    expect(secondDone).toBe(true);
  });

  it('retries a failing block until it lands, losing nothing', async () => {
    let attempts = 0;
    const landed: number[] = [];
    const sink = new BufferedSink<number>(options(10), async (rows) => {
      attempts += 1;
      if (attempts < 4) throw new Error('table is detached');
      landed.push(...rows);
    });
    await sink.write([7, 8, 9], provenance);
    await sink.flush();
    expect(attempts).toBe(4);
    expect(landed).toEqual([7, 8, 9]);
  });

  it('retries a block whose failure says retriable: true', async () => {
    let attempts = 0;
    const sink = new BufferedSink<number>(options(10), async () => {
      attempts += 1;
      if (attempts < 3) throw new StreamError('SINK_UNAVAILABLE', 'connection refused', { retriable: true });
    });
    await sink.write([1], provenance);
    await sink.flush();
    expect(attempts).toBe(3);
  });

  it('gives up at once on a block whose failure says retriable: false, and stays failed', async () => {
    let attempts = 0;
    const refusal = new StreamError('SINK_REJECTED', 'VIOLATED_CONSTRAINT');
    const sink = new BufferedSink<number>(options(10), async () => {
      attempts += 1;
      throw refusal;
    });
    await sink.write([1, 2], provenance);
    const failed = await sink.flush().catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(StreamError);
    expect(failed).toMatchObject({ code: 'SINK_REJECTED', retriable: false, cause: refusal });
    expect(attempts).toBe(1);
    // Later blocks are not written past the refused one (order), and no flush pretends success.
    await sink.write([3], provenance);
    await expect(sink.flush()).rejects.toMatchObject({ code: 'SINK_REJECTED' });
    expect(attempts).toBe(1);
  });
});
