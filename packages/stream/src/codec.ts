import type { z } from 'zod';

/**
 * Why the runtime cannot use a message: a stable code (the dead-letter header and the metric
 * label) and one line a person can act on. The codec and the processor's `check` define the
 * codes; the runtime only carries them.
 */
export interface Rejection {
  readonly code: string;
  readonly reason: string;
}

export type Decoded<E> =
  | { readonly ok: true; readonly value: E }
  | { readonly ok: false; readonly error: Rejection };

/**
 * What the runtime needs to know of the messages it reads, given by the application: how a
 * topic's bytes become events and where those that cannot go. The runtime itself knows no
 * topic, schema or id.
 */
export interface Codec {
  /**
   * Built once per processor from its schema; called for every message with its value as a
   * string when it is valid UTF-8, else its bytes (or null). Never throws: a message that
   * cannot be used is a `Rejection`, and goes to the dead-letter topic.
   */
  decoder<S extends z.ZodType>(schema: S): (value: string | Uint8Array | null) => Decoded<z.output<S>>;
  /** The topic a source topic's dead letters are published to. */
  deadLetterTopic(topic: string): string;
}
