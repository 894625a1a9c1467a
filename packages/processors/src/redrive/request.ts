import { type DecodeErrorCode, INPUT_TOPICS, REGISTRY_TOPICS } from '@onegrid/contracts';
import { z } from 'zod';

/** Topics whose dead letters may be re-driven: every topic an archive dead-letters for. */
const REDRIVE_TOPICS = [...INPUT_TOPICS, ...REGISTRY_TOPICS] as const;

/**
 * Reasons a fix can cure: an id a registry lacked (the record has come since), or a message a
 * stricter contract refused (the contract was widened). Empty or malformed bytes stay bad.
 */
const REDRIVE_CODES = ['unknown_id', 'invalid'] as const satisfies readonly DecodeErrorCode[];

/** At most this many letters per request; at most this long a time range. */
const REDRIVE_LIMITS = { maxLetters: 10_000, maxRangeDays: 31 } as const;

const isoWithOffset = z.iso.datetime({ offset: true, error: 'expected an ISO-8601 time with an offset' });

/**
 * Which dead letters to re-drive: of one source topic, one reason, dead-lettered (their
 * dead-letter record's Kafka timestamp) in [from, to). Shared by the command and the API route.
 */
export const redriveRequestSchema = z
  .object({
    topic: z.enum(REDRIVE_TOPICS, { error: `expected one of ${REDRIVE_TOPICS.join(', ')}` }),
    reason: z.enum(REDRIVE_CODES, { error: `expected one of ${REDRIVE_CODES.join(', ')}` }),
    from: isoWithOffset,
    to: isoWithOffset,
    limit: z.int().min(1).max(REDRIVE_LIMITS.maxLetters).default(1_000),
    dryRun: z.boolean().default(false),
    /** Who asked, recorded with each re-drive (a token key, or cli:<user>). */
    by: z
      .string()
      .regex(/^[\w.:@-]{1,64}$/)
      .default('unknown'),
  })
  .refine((r) => Date.parse(r.from) < Date.parse(r.to), { error: 'from must be before to', path: ['to'] })
  .refine((r) => Date.parse(r.to) - Date.parse(r.from) <= REDRIVE_LIMITS.maxRangeDays * 86_400_000, {
    error: `at most ${REDRIVE_LIMITS.maxRangeDays} days at a time`,
    path: ['to'],
  });

export type RedriveRequest = z.output<typeof redriveRequestSchema>;
export type RedriveRequestInput = z.input<typeof redriveRequestSchema>;

/** One dead letter chosen: where the original was, why it failed, when. Never its bytes. */
export interface RedriveLetter {
  readonly partition: number;
  readonly offset: number;
  readonly code: string;
  readonly reason: string;
  /** ISO-8601 UTC: when it was dead-lettered (its dead-letter record's timestamp). */
  readonly deadLetteredAt: string;
  readonly bytes: number;
}

export interface RedriveReport {
  readonly topic: string;
  readonly reason: string;
  readonly dryRun: boolean;
  /** Dead-letter records read in the range. */
  readonly scanned: number;
  /** Matching letters skipped because they were re-driven before. */
  readonly alreadyRedriven: number;
  /** Letters chosen (re-published unless a dry run). */
  readonly selected: number;
  readonly redriven: number;
  /** More matched than `limit` (or than 64 MB of messages): run again for the rest. */
  readonly truncated: boolean;
  /** The first 100 chosen. */
  readonly letters: readonly RedriveLetter[];
}
