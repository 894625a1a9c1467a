import { isUtf8 } from 'node:buffer';
import type { RawMessage } from '@onegrid/kafka';
import type { Decoded, Rejection } from '../codec.ts';
import type { SourceRecord } from '../core/operator.ts';
import { type DeadLetter, deadLetter } from '../kafka/dead-letters.ts';

/** Where an offset stands against the partition's last commit (see PartitionTasks.status). */
export type OffsetStatus = 'seen' | 'replayed' | 'new';

/** One message of a batch after decoding and checking. */
export interface Classified<E> {
  readonly message: RawMessage;
  readonly status: OffsetStatus;
  /** Undefined for a message this process has already handled (`seen`): skipped, not decoded. */
  readonly decoded: Decoded<E> | undefined;
  /** Why the processor's check refused a message that decoded; undefined when it passed. */
  rejected: Rejection | undefined;
}

/**
 * A message's value as the decoder gets it: the text when the bytes are valid UTF-8, else the
 * bytes as they are (the decoder reports them as malformed). Node's `toString` replaces every
 * invalid sequence with U+FFFD, so text without one came from valid bytes and needs no second
 * pass (`isUtf8` was 2-3 % of the runtime bench's main thread, issue 17); text with one (valid
 * bytes may encode U+FFFD itself) is checked. A one-byte (Latin-1) string cannot hold U+FFFD, so
 * V8 answers `includes` for ASCII text without reading it.
 */
export function messageText(value: Buffer | null): string | Buffer | null {
  if (value === null) return null;
  const text = value.toString('utf8');
  return !text.includes('\uFFFD') || isUtf8(value) ? text : value;
}

/**
 * Decodes and checks each message of a batch. Bytes that are valid UTF-8 reach the decoder as
 * a string (Node's native decoding is faster than a fatal TextDecoder); other bytes reach it
 * as they are, and it reports them as malformed.
 */
export function decodeBatch<E>(
  messages: readonly RawMessage[],
  how: {
    status(offset: number): OffsetStatus;
    decode(value: string | Uint8Array | null): Decoded<E>;
    check?: ((event: E) => Rejection | undefined) | undefined;
  },
): Classified<E>[] {
  return messages.map((message) => {
    const status = how.status(message.offset);
    if (status === 'seen') return { message, status, decoded: undefined, rejected: undefined };
    const decoded = how.decode(messageText(message.value));
    const rejected = decoded.ok ? how.check?.(decoded.value) : undefined;
    return { message, status, decoded, rejected };
  });
}

/** What a classified batch comes to: events for the operator and dead letters (held ones are taken by `hold`). */
export interface Sorted<E> {
  readonly records: SourceRecord<E>[];
  readonly letters: DeadLetter[];
}

/**
 * Sorts a classified batch, in offset order. A message is dead-lettered once: only when its
 * offset is `new` (a replay of an offset the previous owner handled was published then). A
 * message `hold` takes (refused for a curable reason, or behind a held one of its key) is
 * neither processed nor dead-lettered; `hold` is asked in offset order, so a message held
 * earlier in the batch holds the later ones of its key.
 */
export function sortBatch<E>(
  classified: readonly Classified<E>[],
  where: { readonly topic: string; readonly partition: number },
  how: {
    eventTime(event: E): number;
    /** Holds the message if it must be held (and says so); the message is then the holder's. */
    hold?: ((message: RawMessage, event: E, rejected: Rejection | undefined) => boolean) | undefined;
  },
): Sorted<E> {
  const sorted: Sorted<E> = { records: [], letters: [] };
  for (const { message, status, decoded, rejected } of classified) {
    if (decoded === undefined) continue;
    if (decoded.ok && how.hold?.(message, decoded.value, rejected)) {
      // held: a replay holds it again (it was never dead-lettered nor processed)
    } else if (decoded.ok && rejected === undefined) {
      sorted.records.push({
        event: decoded.value,
        eventTime: how.eventTime(decoded.value),
        partition: where.partition,
        offset: message.offset,
      });
    } else if (status === 'new') {
      const error = decoded.ok ? (rejected as Rejection) : decoded.error;
      sorted.letters.push(deadLetter(message, where.topic, where.partition, error));
    }
  }
  return sorted;
}

/**
 * `decodeBatch` then `sortBatch` in one pass: no intermediate object per message (the runtime's
 * per-message path, issue 17), same records and dead letters. With `many`
 * (`ProcessorDefinition.decodeMany`), each message carries several events: one record per event,
 * all with their message's offset, in offset order; a message that failed to decode is
 * dead-lettered whole, once (only when its offset is `new`). With `check` (a processor whose
 * partition holds nothing), the batch is sorted here only if the check refuses none of its
 * messages: otherwise the result is undefined and the caller classifies the batch the long way
 * (awaiting reference data, holding), as it would have without this pass.
 */
export function decodeSorted<E>(
  messages: readonly RawMessage[],
  where: { readonly topic: string; readonly partition: number },
  how: {
    status(offset: number): OffsetStatus;
    eventTime(event: E): number;
  } & (
    | {
        readonly many?: false;
        decode(value: string | Uint8Array | null): Decoded<E>;
        check?: ((event: E) => Rejection | undefined) | undefined;
      }
    | { readonly many: true; decode(value: string | Uint8Array | null): Decoded<readonly E[]> }
  ),
): Sorted<E> | undefined {
  const sorted: Sorted<E> = { records: [], letters: [] };
  const { partition } = where;
  const check = how.many === true ? undefined : how.check;
  // Indexed, not for…of: over kafkajs's lean records the iterator's results were allocated per
  // message (29 bytes per reading, issue 17).
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i] as RawMessage;
    const status = how.status(message.offset);
    if (status === 'seen') continue;
    const decoded = how.decode(messageText(message.value));
    if (decoded.ok && how.many === true) {
      for (const event of decoded.value as readonly E[])
        sorted.records.push({ event, eventTime: how.eventTime(event), partition, offset: message.offset });
    } else if (decoded.ok) {
      const event = decoded.value as E;
      if (check?.(event) !== undefined) return undefined;
      sorted.records.push({ event, eventTime: how.eventTime(event), partition, offset: message.offset });
    } else if (status === 'new') {
      sorted.letters.push(deadLetter(message, where.topic, partition, decoded.error));
    }
  }
  return sorted;
}

/** Messages of a batch, a message of several events counting as its events (for `processed`). */
export function eventsRead(
  batch: { readonly messages: readonly unknown[] },
  records: readonly SourceRecord<unknown>[],
): number {
  let offsets = 0;
  let previous = Number.NaN;
  for (const record of records) {
    if (record.offset !== previous) offsets++;
    previous = record.offset;
  }
  return batch.messages.length + records.length - offsets;
}
