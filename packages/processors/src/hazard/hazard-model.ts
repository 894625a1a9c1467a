import {
  type DistrictRegistry,
  DistrictRiskModel,
  type FlaggedReading,
  parseTyphoonConfig,
  type TyphoonConfigInput,
} from '@onegrid/analytics/typhoon';
import {
  type Alert,
  type HazardObservation,
  type RiskScore,
  type TyphoonAdvisory,
  toEpochMs,
} from '@onegrid/contracts';
import type { StreamModel } from '../operators/detector-operator.ts';
import { UpstreamClock } from '../operators/upstream-clock.ts';

/** Stations report every 5 min and gauges every 1 to 5: ten minutes absorbs skew and reordering. */
export const HAZARD_OUT_OF_ORDERNESS_MS = 10 * 60_000;

/**
 * A feed (weather, water levels) whose clock trails the other feed's by more than this is taken
 * for silent and stops holding the district scores (see UpstreamClock): a weather feed down during
 * the storm delays them by at most this, and the gauges not at all. Only between feeds: the
 * partitions of one feed may run hours apart in a backlog (the archives read them at their own
 * pace), and releasing a lagging one would make its readings late.
 */
export const FEED_SILENT_AFTER_MS = 30 * 60_000;

const FEEDS = ['weather', 'water_level'] as const;
type Feed = (typeof FEEDS)[number];

/**
 * How long (processing time) a district's score waits for a source partition its stations or
 * gauges report through once that partition has gone quiet: see #scoreClock. Longer than the
 * stalls seen under load (seconds to a minute), short enough that a partition that has died
 * delays its districts' scores by no more than this.
 */
export const SCORE_SOURCE_WAIT_MS = 10 * 60_000;

/** Advisories kept per storm for districts whose model does not exist yet (3-hourly, hourly near landfall). */
const HELD_ADVISORIES = 24;

export type HazardOutput =
  | { readonly kind: 'score'; readonly score: RiskScore }
  | { readonly kind: 'alert'; readonly alert: Alert }
  | { readonly kind: 'flag'; readonly flag: FlaggedReading };

export const hazardTime = (h: HazardObservation): number => toEpochMs(h.observation.ts);

/**
 * The districts of one partition of the hazard topic, each with its risk model, created when
 * its first observation arrives from what the registries say of it then.
 *
 * Three clocks, so that no feed waits for another: the gauges' alerts and faults follow the
 * water-level feed alone (the slowest of its source partitions), the stations' faults the
 * weather feed alone, and the district scores both feeds, where a feed silent (by processing
 * time, or in event time behind the other) stops holding them: the scores then say which feed
 * is missing (`degraded`).
 */
export class HazardModel implements StreamModel<HazardObservation, HazardOutput> {
  readonly #models = new Map<string, DistrictRiskModel>();
  readonly #district: UpstreamClock;
  readonly #water: UpstreamClock;
  readonly #weather: UpstreamClock;
  /** The position each feed last reported to `#district`. */
  readonly #told = { water_level: Number.NEGATIVE_INFINITY, weather: Number.NEGATIVE_INFINITY };
  /** Per district, the source partitions its stations' and gauges' readings came from. */
  readonly #sourcesOf = new Map<string, Set<string>>();
  /** A gauge silent this long is `silent` (TyphoonConfig.silentAfterMs); see #faultClock. */
  readonly #silentAfterMs: number;
  readonly #now: () => number;
  readonly #config: TyphoonConfigInput;
  readonly #registryOf: (district: string) => DistrictRegistry;
  /** The latest advisories of each storm, for the district models created after them (see #onAdvisory). */
  readonly #advisories = new Map<string, { advisory: TyphoonAdvisory; after: number }[]>();

  /**
   * `sources`: the source partitions merged onto the topic (`weather/0`, `water_level/3`…);
   * `now`: processing time, for sources that fall idle.
   */
  constructor(
    config: TyphoonConfigInput,
    registryOf: (district: string) => DistrictRegistry,
    clock: { sources: readonly string[]; idleMs: number; now: () => number },
  ) {
    this.#config = config;
    this.#silentAfterMs = parseTyphoonConfig(config).silentAfterMs;
    this.#registryOf = registryOf;
    this.#now = clock.now;
    const clockOf = (expected: readonly string[]) =>
      new UpstreamClock({
        expected,
        outOfOrdernessMs: HAZARD_OUT_OF_ORDERNESS_MS,
        idleMs: clock.idleMs,
        now: clock.now(),
      });
    this.#water = clockOf(clock.sources.filter((s) => s.startsWith('water_level/')));
    this.#weather = clockOf(clock.sources.filter((s) => s.startsWith('weather/')));
    // The feeds' own clocks are its sources, already net of out-of-orderness.
    this.#district = new UpstreamClock({
      expected: FEEDS,
      outOfOrdernessMs: 0,
      idleMs: clock.idleMs,
      maxLagMs: FEED_SILENT_AFTER_MS,
      now: clock.now(),
    });
  }

  onEvent(h: HazardObservation): 'accepted' | 'duplicate' | 'late' | 'refuted' {
    // The advisories are an optional feed: they move no clock, so nothing ever waits for them,
    // and they create no district model: a model is built from the registry when the district's
    // first reading arrives (its stations are known by then), and is given the advisories held.
    if (h.kind === 'advisory') return this.#onAdvisory(h.district, h.observation);
    let model = this.#models.get(h.district);
    if (model === undefined) {
      model = new DistrictRiskModel(this.#config, this.#registryOf(h.district));
      for (const list of this.#advisories.values())
        for (const a of list) model.onAdvisory(a.advisory, a.after);
      this.#models.set(h.district, model);
    }
    const source = `${h.kind}/${h.source_partition}`;
    (h.kind === 'weather' ? this.#weather : this.#water).observe(source, hazardTime(h), this.#now());
    const sources = this.#sourcesOf.get(h.district) ?? new Set<string>();
    this.#sourcesOf.set(h.district, sources.add(source));
    const disposition =
      h.kind === 'weather' ? model.onWeather(h.observation) : model.onWaterLevel(h.observation);
    // A station or gauge registered after the district's model was built: the model cannot use
    // it, so it is kept with the late events for a person to see rather than dropped. A refuted
    // reading is counted as such (onegrid_stream_events_total{disposition="refuted"}) and stored flagged by the output.
    return disposition === 'unknown_id' ? 'late' : disposition;
  }

  /**
   * An advisory counts for the grid times the readings had not yet let any district score when
   * it came: after the newest reading read so far, less the out-of-orderness (no score clock
   * passes that). So a score is the same however the messages were batched: the advisory of
   * 00:00 reaches the feed at 00:30, after the 00:00 scores went out live without it, and a
   * replay after a kill, reading it in one batch with the readings, scored 00:00 with it (the
   * 6-minute soak: 30–38 differences, every one in the forecast part). Nothing waits for the
   * advisories (an optional feed): a score leaves as soon as its readings allow, saying it has no
   * forecast when none counts; one that came before the readings counts from its own time.
   */
  #onAdvisory(district: string, advisory: TyphoonAdvisory): 'accepted' | 'duplicate' | 'late' {
    const after = Math.max(this.#water.newest(), this.#weather.newest()) - HAZARD_OUT_OF_ORDERNESS_MS;
    // Each district's copy comes on its own: the storm's list keeps one of each time, counting
    // from the first copy (the district models get their own copy, or these when created).
    const list = this.#advisories.get(advisory.storm_id) ?? [];
    if (!list.some((a) => a.advisory.ts === advisory.ts)) {
      list.push({ advisory, after });
      list.sort((a, b) => toEpochMs(a.advisory.ts) - toEpochMs(b.advisory.ts));
      this.#advisories.set(advisory.storm_id, list.slice(-HELD_ADVISORIES));
    }
    const model = this.#models.get(district);
    if (model === undefined) return 'accepted';
    const d = model.onAdvisory(advisory, after);
    return d === 'unknown_id' || d === 'refuted' ? 'late' : d;
  }

  advance(watermark: number): HazardOutput[] {
    const out: HazardOutput[] = [];
    const now = this.#now();
    const feeds = { water_level: this.#water, weather: this.#weather };
    for (const feed of FEEDS) {
      const position = feeds[feed].watermark(now);
      if (!Number.isFinite(position)) continue;
      // A feed holds the district while a source of it is active (see UpstreamClock), and the
      // district hears of every move of it: when its last sources fall idle between two calls (a
      // backlog read in less than the idle bound), its clock jumps to its newest reading, and
      // told only while a source was active the district would never learn it: a partition's
      // districts then went unscored for good (stack.test.ts ranked 10 of 16 under load).
      if (feeds[feed].activeSources(now).length > 0 || position > this.#told[feed]) {
        this.#district.observe(feed, position, now);
        this.#told[feed] = position;
      }
    }
    const water = Math.min(watermark, this.#water.watermark(now));
    const weather = Math.min(watermark, this.#weather.watermark(now));
    const district = Math.min(watermark, this.#district.watermark(now));
    for (const [name, model] of this.#models) {
      // Each gauge's alerts follow its own readings (up to the partition's watermark); gauge
      // faults the water feed's clock, held back by the district's own sources (#faultClock).
      if (Number.isFinite(watermark))
        push(out, model.advanceWater(watermark, this.#faultClock(name, water, now)));
      if (Number.isFinite(weather)) push(out, model.advanceWeather(weather));
      const scoreClock = this.#scoreClock(name, district, now);
      if (!Number.isFinite(scoreClock)) continue;
      const { scores, alerts } = model.advance(scoreClock);
      for (const score of scores) out.push({ kind: 'score', score });
      for (const alert of alerts) out.push({ kind: 'alert', alert });
    }
    return out;
  }

  /**
   * How far a district's gauge faults may be judged: the water feed's clock, but no further than
   * each source partition its gauges' readings come from has got on its own. The feed's clock
   * passes a source released as idle (15 s of quiet under load, while its readings still wait in
   * Kafka), and a fault grid point judged without them is never judged again: a glitch refuted
   * more than `implausibleHoldMs` behind the clock, or a stuck spell read whole after the grid
   * passed it, was never reported, and the gauge looked silent meanwhile. A source silent for as
   * long as a gauge needs to be called silent is taken as silent itself (every gauge on it down),
   * so its districts are judged at the feed's clock again: late rather than never. No pipeline
   * stall lasts an hour. (The same rule as the meters' in UtilityModel.)
   */
  #faultClock(district: string, feed: number, now: number): number {
    let until = feed;
    for (const source of this.#sourcesOf.get(district) ?? []) {
      if (!source.startsWith('water_level/')) continue;
      const { reached, silentMs } = this.#water.progress(source, now);
      if (silentMs < this.#silentAfterMs) until = Math.min(until, reached);
    }
    return until;
  }

  /**
   * How far a district may be scored: the district clock, but no further than each source
   * partition its stations' and gauges' readings come from has got on its own, as for the gauge
   * faults. A feed's clock passes a source released as idle (15 s of quiet under load) while its
   * readings still wait in Kafka: the district was then scored without them, and after a kill the
   * replay, reading them before the clock passed, scored the same time with the other wind (the
   * 6-minute soak's one reconcile difference). Not held by: a feed the district clock has let go
   * (silent, or 30 min behind the other: no feed waits for another), a source that trails its
   * feed's newest by that much in event time (a backlog read at its own pace, a partition whose
   * devices are all down), or one quiet for SCORE_SOURCE_WAIT_MS of processing time.
   */
  #scoreClock(district: string, clock: number, now: number): number {
    if (!Number.isFinite(clock)) return clock;
    const holding = new Set(this.#district.activeSources(now));
    const feeds: Record<Feed, UpstreamClock> = { water_level: this.#water, weather: this.#weather };
    let until = clock;
    for (const source of this.#sourcesOf.get(district) ?? []) {
      const feed: Feed = source.startsWith('weather/') ? 'weather' : 'water_level';
      if (!holding.has(feed)) continue;
      const { reached, silentMs } = feeds[feed].progress(source, now);
      const behind = feeds[feed].newest() - HAZARD_OUT_OF_ORDERNESS_MS - reached;
      if (silentMs < SCORE_SOURCE_WAIT_MS && behind <= FEED_SILENT_AFTER_MS) until = Math.min(until, reached);
    }
    return until;
  }

  oldestNeededTime(): number | undefined {
    let oldest: number | undefined;
    for (const model of this.#models.values()) {
      const t = model.oldestNeededTime();
      if (t !== undefined && (oldest === undefined || t < oldest)) oldest = t;
    }
    return oldest;
  }

  size(): number {
    let n = 0;
    for (const model of this.#models.values()) n += model.size();
    return n;
  }
}

function push(out: HazardOutput[], device: { alerts: Alert[]; flagged: FlaggedReading[] }): void {
  for (const alert of device.alerts) out.push({ kind: 'alert', alert });
  for (const flag of device.flagged) out.push({ kind: 'flag', flag });
}
