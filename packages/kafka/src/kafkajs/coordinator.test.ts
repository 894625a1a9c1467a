import { createRequire } from 'node:module';
import { createLogger } from '@onegrid/logging';
import { KafkaJSNumberOfRetriesExceeded } from 'kafkajs';

import { describe, expect, it } from 'vitest';
import {
  awaitGroupCoordinator,
  coordinatorPartition,
  groupWithLiveCoordinator,
  javaStringHash,
} from './coordinator.ts';

describe('kafkajs reader > the coordinator of a group id', () => {
  it("hashes as Java's String.hashCode, overflow included", () => {
    expect(javaStringHash('')).toBe(0);
    expect(javaStringHash('hello')).toBe(99162322);
    expect(javaStringHash('Aa')).toBe(javaStringHash('BB'));
    // The one string of this length whose hash is Integer.MIN_VALUE: Utils.abs makes it 0.
    expect(javaStringHash('polygenelubricants')).toBe(-2147483648);
    expect(coordinatorPartition('polygenelubricants', 50)).toBe(0);
    expect(coordinatorPartition('hello', 50)).toBe(99162322 % 50);
    expect(javaStringHash('需求')).toBe(Math.imul(0x9700, 31) + 0x6c42);
  });

  it('picks the first candidate whose partition a broker still up leads', () => {
    const leaders = new Map<number, number>();
    for (let p = 0; p < 50; p++) leaders.set(p, (p % 3) + 1);
    const candidates = ['g.r1', 'g.r1.1', 'g.r1.2', 'g.r1.3', 'g.r1.4'];
    const chosen = groupWithLiveCoordinator(candidates, leaders, new Set([1, 3]));
    expect(chosen).toBeDefined();
    const leader = leaders.get(coordinatorPartition(chosen ?? '', 50));
    expect(leader).not.toBe(2);
    // Every candidate before it was coordinated by the dead broker 2.
    for (const g of candidates.slice(0, candidates.indexOf(chosen ?? '')))
      expect(leaders.get(coordinatorPartition(g, 50))).toBe(2);
    expect(groupWithLiveCoordinator(candidates, leaders, new Set())).toBeUndefined();
    expect(groupWithLiveCoordinator(candidates, new Map(), new Set([1]))).toBeUndefined();
  });
});

const log = createLogger('test', 'silent');
// kafkajs's own error for a protocol code, as its DescribeGroups response throws it (not in its types).
const { createErrorFromCode } = createRequire(import.meta.url)('kafkajs/src/protocol/error.js') as {
  createErrorFromCode: (code: number) => Error;
};
/** 16 NOT_COORDINATOR_FOR_GROUP, 14 GROUP_LOAD_IN_PROGRESS, 15 GROUP_COORDINATOR_NOT_AVAILABLE. */
const refusal = (code: number) =>
  new KafkaJSNumberOfRetriesExceeded(createErrorFromCode(code), { retryCount: 2, retryTime: 400 });

describe('kafkajs reader > waiting for a group coordinator', () => {
  it("looks the coordinator up again after kafkajs's not-coordinator, loading and not-available refusals", async () => {
    const answers = [refusal(16), refusal(14), refusal(15)];
    let calls = 0;
    const admin = {
      describeGroups: async () => {
        calls++;
        const next = answers.shift();
        if (next !== undefined) throw next;
        return { groups: [] };
      },
    };
    await awaitGroupCoordinator(admin, 'g', 60_000, log);
    expect(calls).toBe(4);
  });

  it('throws any other error at once, and a refusal once the deadline has passed', async () => {
    let calls = 0;
    const other = {
      describeGroups: async () => {
        calls++;
        throw new Error('connection refused');
      },
    };
    await expect(awaitGroupCoordinator(other, 'g', 60_000, log)).rejects.toThrow('connection refused');
    expect(calls).toBe(1);
    const always = {
      describeGroups: async () => {
        throw refusal(16);
      },
    };
    await expect(awaitGroupCoordinator(always, 'g', 0, log)).rejects.toThrow('not the correct coordinator');
  });
});
