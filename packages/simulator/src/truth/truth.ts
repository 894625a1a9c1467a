/**
 * The ground truth written beside the stream, one JSON object per entry (JSON Lines when the
 * CLI writes it). Times are ISO-8601 with +08:00 like the messages; `to: null` means "still so
 * when the scenario ended". No personal data: households appear by id only.
 */
import type { Topic } from '@onegrid/contracts';
import type { TopicCounts } from '@onegrid/feed-io';

export interface ScenarioTruth {
  type: 'scenario';
  seed: number;
  households: number;
  /** First event time of the stream (warm-up included), main window start, end (exclusive). */
  stream_start: string;
  start: string;
  end: string;
  landfall: string;
  storm: string;
}

export interface HouseholdConditionTruth {
  type: 'household';
  kind: 'incident' | 'travel' | 'low_usage' | 'water_running';
  household_id: string;
  district: string;
  grid: string;
  lives_alone: boolean;
  from: string | null;
  to: string | null;
  /** water_running: extra flow, m3/h; low_usage: share of normal use. */
  amount?: number;
}

export interface DeviceConditionTruth {
  type: 'device';
  kind: 'silent' | 'late_batch' | 'replacement' | 'clock_skew' | 'power_cut' | 'no_wind';
  /** A meter, weather station or gauge id. */
  device_id: string;
  household_id?: string;
  grid?: string;
  from: string | null;
  to: string | null;
  /** late_batch: when the buffered readings arrive. */
  arrives?: string;
  skew_s?: number;
}

export interface TicketTruth {
  type: 'ticket';
  ticket_id: string;
  category: string;
  priority: string;
  source: string;
  district: string;
  street: string;
  department: string;
  /** The last stage of the planned life, which may fall after the scenario's end. */
  final: string;
  stages: { event: string; ts: string; department?: string; departments?: string[]; satisfaction?: number }[];
}

export interface GaugeTruthEntry {
  type: 'gauge';
  gauge_id: string;
  max_level_m: number;
  max_at: string;
  first_warning: string | null;
  first_guarantee: string | null;
}

export interface EvacuationTruth {
  type: 'evacuation';
  /** Totals over the events delivered within the scenario (what a correct consumer counts). */
  transferred: number;
  checked_in: number;
  checked_out: number;
  /** Planned over the whole operation, including moves after the scenario's end. */
  planned_transferred: number;
  by_district: Record<string, { transferred: number; checked_in: number; checked_out: number }>;
  /** People in each shelter at the end (check_in − check_out delivered). */
  occupancy: Record<string, number>;
}

export interface ResourceTruth {
  type: 'resource';
  resource_id: string;
  resource_type: string;
  home_district: string;
  dispatches: number;
  /** Status of the last delivered status event by event time. */
  final_status: string;
  final_district: string;
}

export interface CountsTruth {
  type: 'counts';
  /** Every record the stream yielded, by topic (registries included). */
  topics: Partial<Record<Topic, TopicCounts>>;
  total: number;
}

/** A planted sensor fault (issue 20): what onegrid should report as gauge_fault, never as water. */
export interface SensorFaultTruth {
  type: 'sensor_fault';
  kind: 'glitch' | 'stuck' | 'silent';
  /** A station's glitch: `gust_99`, `gust_jump`, `mean_jump` or `rain_spike` (sensor-faults.ts). */
  glitch?: string;
  device_kind: 'gauge' | 'station';
  device_id: string;
  from: string;
  to: string;
  /**
   * glitch: each reading sent instead of the water or the weather (ts, value sent, the water's
   * level; for a station the `field` and its `true_value`).
   */
  readings?: { ts: string; value: number; level_m: number | null; field?: string; true_value?: number }[];
}

/** A feed down for a while (issue 20): nothing of `topic` (or of its `partition`) in (from, to]. */
export interface FeedDownTruth {
  type: 'feed_down';
  topic: Topic;
  partition?: number;
  of_partitions?: number;
  from: string | null;
  to: string | null;
}

/**
 * A spell of a gauge's water at or above a threshold (by the real water): it ends once the water
 * has stayed below the threshold less the model's hysteresis for 30 min. `first_sent`: the first
 * reading of it sent as it was (not during a fault of the gauge), null if none was.
 */
export interface LevelSpellTruth {
  type: 'level_spell';
  gauge_id: string;
  threshold: 'warning' | 'guarantee';
  from: string;
  to: string | null;
  first_sent: string | null;
}

/** One typhoon advisory as published, with where the storm really was (for scoring). */
export interface AdvisoryTruth {
  type: 'advisory';
  storm_id: string;
  /** The advisory's observation time. */
  ts: string;
  true_lat: number;
  true_lon: number;
  /** The wind radii it gave, measured on the simulator's wind model (they are the truth). */
  radii_km: Record<string, Record<string, number>> | null;
  /** Distance of each forecast point from where the storm really was then, km. */
  forecast_error_km: number[];
}

export type { TopicCounts };

export type TruthEntry =
  | SensorFaultTruth
  | FeedDownTruth
  | LevelSpellTruth
  | ScenarioTruth
  | AdvisoryTruth
  | HouseholdConditionTruth
  | DeviceConditionTruth
  | TicketTruth
  | GaugeTruthEntry
  | EvacuationTruth
  | ResourceTruth
  | CountsTruth;

/** Where truth goes as the scenario runs; the core never writes files itself. */
export interface TruthSink {
  write(entry: TruthEntry): void;
}

/** A sink that keeps everything, for tests and small scenarios. */
export function collectTruth(): TruthSink & { entries: TruthEntry[] } {
  const entries: TruthEntry[] = [];
  return { entries, write: (e) => entries.push(e) };
}
