/**
 * The ground truth written beside the stream, one JSON object per line. The `scenario`,
 * `household` and `device` lines are the simulator's format (packages/simulator README, "Truth
 * format"; read by packages/analytics `readTruth`), each with the extra field `population`;
 * `population` lines (one per household) and the final `counts` line are this generator's.
 * Times ISO-8601 +08:00; `to: null` means still so at the end. No personal data.
 */
import type { Topic } from '@onegrid/contracts';
import type { TopicCounts } from '@onegrid/feed-io';

export interface ScenarioTruth {
  type: 'scenario';
  generator: '@onegrid/households';
  seed: number;
  households: number;
  stream_start: string;
  start: string;
  end: string;
  populations: Record<string, number>;
}

export interface PopulationTruth {
  type: 'population';
  household_id: string;
  population: string;
  district: string;
  grid: string;
  persons: number;
  lives_alone: boolean;
  /** The water register's step in litres (1 or 10). */
  water_step_l: number;
  water_meter: string;
  power_meter: string;
}

export interface HouseholdConditionTruth {
  type: 'household';
  kind: 'incident' | 'travel' | 'low_usage' | 'water_running';
  household_id: string;
  district: string;
  grid: string;
  lives_alone: boolean;
  population: string;
  from: string | null;
  to: string | null;
  /** water_running: flow, m3/h; low_usage: share of an ordinary household's water. */
  amount?: number;
}

export interface DeviceConditionTruth {
  type: 'device';
  kind: 'silent' | 'late_batch' | 'replacement' | 'clock_skew';
  device_id: string;
  household_id: string;
  grid: string;
  population: string;
  from: string | null;
  to: string | null;
  /** late_batch: when the held readings arrive. */
  arrives?: string;
  skew_s?: number;
}

export interface CountsTruth {
  type: 'counts';
  topics: Partial<Record<Topic, TopicCounts>>;
  total: number;
  /** Valid readings delivered 2-30 min late, out of order. */
  out_of_order: number;
  /** Readings held by store-and-forward meters and delivered in a late batch. */
  late_batched: number;
}

export type { TopicCounts };

export type TruthEntry =
  | ScenarioTruth
  | PopulationTruth
  | HouseholdConditionTruth
  | DeviceConditionTruth
  | CountsTruth;

/** Where truth goes as the generator runs; the core never writes files itself. */
export interface TruthSink {
  write(entry: TruthEntry): void;
}

/** A sink that keeps everything, for tests and small runs. */
export function collectTruth(): TruthSink & { entries: TruthEntry[] } {
  const entries: TruthEntry[] = [];
  return { entries, write: (e) => entries.push(e) };
}
