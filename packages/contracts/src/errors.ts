import { OnegridError } from '@onegrid/errors';

/**
 * Every way a message can fail to decode, in one table. None is retriable: the same bytes fail
 * the same way every time, so such a message goes to its topic's dead-letter topic with the
 * reason and the original bytes, is counted, and the pipeline moves on.
 */
export const DECODE_ERRORS = {
  empty: {
    retriable: false,
    description: 'no value: null, zero bytes or only whitespace (on a compacted topic, null is a tombstone)',
  },
  malformed_json: { retriable: false, description: 'the value is not UTF-8 JSON' },
  invalid: { retriable: false, description: "the JSON does not match the topic's schema" },
  unknown_id: {
    retriable: false,
    description:
      'the message is well formed but names an id no registry knows (a household, station, gauge, shelter or district)',
  },
} as const;

export type DecodeErrorCode = keyof typeof DECODE_ERRORS;

/** One thing wrong with a message. `got` is at most 80 characters and never personal data. */
export interface FieldIssue {
  /** `ts`, `contacts[0].phone`; `$` for the message as a whole. */
  field: string;
  /** `number ≤ 100`, `ISO-8601 time with offset`, `one of "water" | "electricity"`. */
  expected: string;
  /** `250`, `"2026-09-14 08:15"`, `nothing` (field missing), `[personal data, masked]`. */
  got: string;
  /** `${field}: expected ${expected}, got ${got}`. */
  message: string;
}

/** Why a message could not be decoded. Plain data: fit for a dead-letter header or a log line. */
export interface DecodeError {
  code: DecodeErrorCode;
  /** One line naming the field, what was expected and what was got. */
  reason: string;
  /** The first issues found (at most MAX_ISSUES); `reason` counts them all. */
  issues: FieldIssue[];
}

/** A decode failure as an exception, for callers that cannot go on (e.g. loading a registry file). */
export class ContractError extends OnegridError<DecodeErrorCode> {
  readonly issues: readonly FieldIssue[];

  constructor(error: DecodeError, options?: { cause?: unknown }) {
    super(error.code, error.reason, {
      retriable: DECODE_ERRORS[error.code].retriable,
      cause: options?.cause,
    });
    this.issues = error.issues;
  }
}
