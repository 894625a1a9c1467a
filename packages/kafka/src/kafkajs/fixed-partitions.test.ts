import { AssignerProtocol, type Cluster, type Logger } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { fixedPartitions } from './reader.ts';

describe('fixedPartitions: the assigner of a reader of some partitions', () => {
  const assigner = fixedPartitions(
    'lane',
    [1, 4],
  )({
    cluster: {} as Cluster,
    groupId: 'g',
    logger: {} as Logger,
  });

  it('gives every member exactly those partitions of the topic, nothing else', async () => {
    const assigned = await assigner.assign({
      members: [
        { memberId: 'a', memberMetadata: Buffer.alloc(0) },
        { memberId: 'b', memberMetadata: Buffer.alloc(0) },
      ],
      topics: ['lane'],
    });
    expect(assigned.map((m) => m.memberId)).toEqual(['a', 'b']);
    for (const m of assigned)
      expect(AssignerProtocol.MemberAssignment.decode(m.memberAssignment)?.assignment).toEqual({
        lane: [1, 4],
      });
  });

  it('joins under a protocol name of its own, naming the topic it subscribes', () => {
    const protocol = assigner.protocol({ topics: ['lane'] });
    expect(protocol.name).toBe('OnegridFixedPartitions');
    expect(AssignerProtocol.MemberMetadata.decode(protocol.metadata)?.topics).toEqual(['lane']);
  });
});
