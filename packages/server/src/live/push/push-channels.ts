import type { ClickHouseClient } from '@clickhouse/client';
import type { Logger } from '@onegrid/logging';
import type { LiveState } from '../../feed/live-state.ts';
import type { Scheduler } from '../../feed/scheduler.ts';
import { decodePush, decodeRegistry, type PushFact } from './decode.ts';
import { EvacuationModel, ResourceModel } from './emergency-models.ts';
import { GaugeModel } from './gauge-model.ts';
import { RecentTexts } from './recent-texts.ts';
import { readStoreSeed, type StoreSeed } from './seed.ts';
import { TicketModel } from './ticket-model.ts';
import { WeatherModel } from './weather-model.ts';

/** Message texts remembered to skip a repeat: a few seconds of the replay's start burst. */
const RECENT_TEXTS = 4_096;

export const PUSHED_CHANNELS = ['gauges', 'weather', 'evacuation', 'resources', 'tickets'] as const;
type Pushed = (typeof PUSHED_CHANNELS)[number];

export interface PushChannelsDeps {
  readonly live: LiveState;
  readonly clickhouse: ClickHouseClient;
  readonly logger: Logger;
  readonly scheduler: Scheduler;
  /** Catch up from the store this often (default 30 s): what a gap in Kafka reading left out. */
  readonly reseedMs?: number;
  /** How long changes wait to be published together (default 20 ms). */
  readonly publishDelayMs?: number;
}

/**
 * The channels that follow the processors' Kafka outputs (gauges, weather, evacuation,
 * resources, tickets). Their models start from the store, take each message as it is read, and
 * catch up from the store every `reseedMs`, and soon after a message names a gauge or shelter
 * the last read of the registry lacked. Every update is a merge by key (see each model), so the
 * store's rows and Kafka's messages may overlap or come in any order. The feed's sequence
 * numbers are the live state's: one per published change, whatever its source.
 */
export class PushChannels {
  readonly #deps: PushChannelsDeps;
  readonly #gauges = new GaugeModel();
  readonly #weather = new WeatherModel();
  readonly #evacuation = new EvacuationModel();
  readonly #resources = new ResourceModel();
  readonly #tickets = new TicketModel();
  readonly #dirty = new Set<Pushed>();
  readonly #recent = new RecentTexts(RECENT_TEXTS);
  #publishTimer: (() => void) | undefined;
  #seedTimer: (() => void) | undefined;
  #seeding: Promise<void> = Promise.resolve();
  #registryMissing = false;
  /** A catch-up is due within 2 s: later requests must not push it further out. */
  #reseedSoon = false;
  #stopped = false;
  #refused = 0;

  constructor(deps: PushChannelsDeps) {
    this.#deps = deps;
  }

  /** Reads the store once (throws if it cannot) and keeps catching up on a timer. */
  async start(): Promise<void> {
    this.#scheduleSeed(this.#deps.reseedMs ?? 30_000); // first, so that a failed first read is retried
    await this.seedOnce();
  }

  /** One message of a push topic; a message that fails its schema is counted and logged. */
  apply(topic: string, text: string | null): boolean {
    // Each processor instance's lane copies every level, observation and event (a hot standby):
    // with two instances, two equal texts on the lane topic. The second changes nothing (every
    // model merges by key), so it is not decoded again.
    if (text !== null && this.#recent.has(topic, text)) return true;
    const decoded = decodePush(topic, text);
    if (!decoded.ok) {
      this.#refused++;
      // onegrid wrote these itself: one that fails is a bug to see in the log.
      this.#deps.logger.error(
        { topic, reason: decoded.reason, refused: this.#refused },
        'push message refused',
      );
      return false;
    }
    // Remembered only when the model kept it: a reading of a gauge not registered yet may be
    // dropped (or deleted by a catch-up), and the other lane's copy must then count.
    const kept = decoded.fact === null || this.#applyFact(decoded.fact);
    if (kept && text !== null) this.#recent.add(topic, text);
    if (decoded.fact !== null) this.#schedulePublish();
    return true;
  }

  /** One record of a registry topic (REGISTRY_PUSH_TOPICS); one failing its schema changes nothing. */
  register(topic: string, key: string | null, text: string | null): void {
    const fact = decodeRegistry(topic, key, text);
    if (fact === undefined) return;
    if (fact.kind === 'gauge') {
      this.#gauges.register(fact.id, fact.gauge);
      this.#dirty.add('gauges');
    } else {
      this.#evacuation.register(fact.id, fact.shelter);
      this.#dirty.add('evacuation');
    }
    this.#schedulePublish();
  }

  /** Catches up from the store within 2 s (the Kafka reader found a gap). */
  requestCatchUp(): void {
    if (this.#reseedSoon || this.#stopped) return;
    this.#reseedSoon = true;
    this.#scheduleSeed(2_000);
  }

  /** Messages of push topics refused so far. */
  refused(): number {
    return this.#refused;
  }

  async seedOnce(): Promise<void> {
    // Chained so that two catch-ups never merge at once; after a failed one, not on its
    // rejection: `rejected.then(f)` never runs f, and until 2026-12-07 one failed catch-up (the
    // store down: the soak's chDB stop) made every later one fail with the same error unread.
    const next = this.#seeding
      .catch(() => undefined)
      .then(async () => this.#merge(await readStoreSeed(this.#deps.clickhouse)));
    this.#seeding = next;
    await next;
  }

  /** Publishes every pending change now (tests, shutdown). */
  publishNow(): void {
    this.#publishTimer?.();
    this.#publishTimer = undefined;
    const views = {
      gauges: () => this.#gauges.view(),
      weather: () => this.#weather.view(),
      evacuation: () => this.#evacuation.view(),
      resources: () => this.#resources.view(),
      tickets: () => this.#tickets.view(),
    };
    for (const channel of this.#dirty) {
      const { data, asOf } = views[channel]();
      this.#deps.live.replace(channel, data as never, asOf);
    }
    this.#dirty.clear();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#seedTimer?.();
    this.#publishTimer?.();
    await this.#seeding.catch(() => undefined);
  }

  /** Applies a fact; false when the model did not keep it (its registry record not known yet). */
  #applyFact(f: PushFact): boolean {
    let kept = true;
    if (f.kind === 'level') {
      const dropped = this.#gauges.dropped();
      if (!this.#gauges.reading(f.gauge_id, f.ts, f.level_m)) {
        this.#registryMissing = true;
        kept = false;
      }
      const now = this.#gauges.dropped();
      // At the 1st, 10th, 100th… : a flood of unknown ids is seen without a line per message.
      if (now > dropped && Number.isInteger(Math.log10(now)))
        this.#deps.logger.warn({ gauge_id: f.gauge_id, dropped: now }, 'readings of unknown gauges dropped');
      this.#dirty.add('gauges');
    } else if (f.kind === 'weather') {
      this.#weather.observation(f.station_id, f.district, f.ts, f.fields);
      this.#dirty.add('weather');
    } else if (f.kind === 'evacuation') {
      if (!this.#evacuation.event(f.fact)) {
        this.#registryMissing = true;
        kept = false;
      }
      this.#dirty.add('evacuation');
    } else if (f.kind === 'resource') {
      this.#resources.status(f.fact);
      this.#dirty.add('resources');
    } else {
      this.#tickets.row(f.fact);
      this.#dirty.add('tickets');
    }
    if (this.#registryMissing) this.requestCatchUp();
    return kept;
  }

  #merge(seed: StoreSeed): void {
    // A catch-up replaces registries and may delete readings the models held: a copy seen
    // before it must be applied again when it comes.
    this.#recent.clear();
    this.#registryMissing = false;
    this.#reseedSoon = false;
    this.#gauges.setRegistry(seed.gauges);
    for (const r of seed.refutedLevels) this.#gauges.refute(r.gauge_id, r.ts_ms);
    for (const l of seed.levels) this.#gauges.reading(l.gauge_id, l.ts_ms, l.level_m);
    this.#weather.setDistrictNames(seed.districtNames);
    for (const o of seed.observations)
      this.#weather.observation(o.station_id, o.district, o.ts_ms, o, o.refuted);
    this.#evacuation.setShelters(seed.shelters);
    for (const e of seed.evacuations) this.#evacuation.event(e);
    for (const r of seed.resources) this.#resources.status(r);
    for (const t of seed.tickets) this.#tickets.row(t);
    for (const c of PUSHED_CHANNELS) this.#dirty.add(c);
    this.publishNow();
  }

  #schedulePublish(): void {
    if (this.#publishTimer !== undefined || this.#stopped) return;
    this.#publishTimer = this.#deps.scheduler.after(this.#deps.publishDelayMs ?? 20, () => {
      this.#publishTimer = undefined;
      this.publishNow();
    });
  }

  /** The next catch-up in `ms` (sooner replaces later); then every `reseedMs` again. */
  #scheduleSeed(ms: number): void {
    this.#seedTimer?.();
    this.#seedTimer = this.#deps.scheduler.after(ms, () => {
      this.#seedTimer = undefined;
      this.seedOnce()
        .catch((error: unknown) =>
          this.#deps.logger.warn({ err: error }, 'push channels could not catch up from the store; retrying'),
        )
        .finally(() => {
          if (!this.#stopped && this.#seedTimer === undefined)
            this.#scheduleSeed(this.#deps.reseedMs ?? 30_000);
        });
    });
  }
}
