import type { Message, MessagesStream } from '@platformatic/kafka';

export type StreamMessage = Message<Buffer, Buffer, Buffer, Buffer>;

/**
 * Turns the client's stream of single messages into batches per topic-partition, in offset
 * order, handed over one at a time: while `handle` works the stream is paused, so nothing
 * piles up in memory. Resolves `ended` when the stream ends or fails.
 */
export function batchStream(
  stream: MessagesStream<Buffer, Buffer, Buffer, Buffer>,
  handle: (topic: string, partition: number, messages: StreamMessage[]) => Promise<void>,
  onError: (error: unknown) => void,
): void {
  let pending: StreamMessage[] = [];
  let scheduled = false;
  const drain = async () => {
    const taken = pending;
    pending = [];
    const groups = new Map<string, StreamMessage[]>();
    for (const m of taken) {
      const id = `${m.topic}\u0000${m.partition}`;
      const list = groups.get(id);
      if (list === undefined) groups.set(id, [m]);
      else list.push(m);
    }
    for (const list of groups.values()) {
      const first = list[0] as StreamMessage;
      await handle(first.topic, first.partition, list);
    }
  };
  const run = () => {
    scheduled = false;
    stream.pause();
    drain().then(
      () => {
        if (pending.length > 0) run();
        else stream.resume();
      },
      (error: unknown) => onError(error),
    );
  };
  stream.on('data', (message: StreamMessage) => {
    pending.push(message);
    if (!scheduled) {
      scheduled = true;
      setImmediate(run);
    }
  });
  stream.on('error', onError);
}
