/**
 * A typhoon scenario: the city, the storm, the planted truth, and every stream, merged into one
 * lazy sequence of records ordered by arrival time. Nothing is materialised beyond one time
 * slice (plus messages that arrive late): 48 h of a 100k-household city streams in constant
 * memory. Same config → the same records, byte for byte.
 */
import { isoCstSeconds, TOPICS, type Topic } from '@onegrid/contracts';
import { keyPartition } from '@onegrid/kafka/key-partition';
import { buildCity, type City } from './city/city.ts';
import { registryRecords } from './city/registry.ts';
import { parseScenarioConfig, type ScenarioConfig, type ScenarioConfigInput } from './config.ts';
import { ArrivalQueue } from './feed/arrival-queue.ts';
import { Feed } from './feed/feed.ts';
import type { StreamRecord } from './record.ts';
import { createRng } from './rng.ts';
import { createTide } from './storm/tide.ts';
import { createTrack, type StormTrack } from './storm/track.ts';
import { windAt } from './storm/wind.ts';
import { AdvisoryStream } from './streams/advisories.ts';
import { EvacuationStream } from './streams/evacuations.ts';
import { METER_INTERVAL, MeterStream } from './streams/meters.ts';
import { ResourceStream } from './streams/resources.ts';
import { GaugeFaultInjector, planSensorFaults, type SensorFaultPlan } from './streams/sensor-faults.ts';
import { TicketStream } from './streams/tickets.ts';
import { WaterLevelStream } from './streams/water-levels.ts';
import { plantStationFaults, WEATHER_INTERVAL, WeatherStream } from './streams/weather.ts';
import { DAY, HOUR, MINUTE, parseInstant } from './time.ts';
import { type Counts, countRecord, emptyCounts } from './truth/counts.ts';
import { type Plan, plantTruth } from './truth/plan.ts';
import { planTruth } from './truth/plan-truth.ts';
import type { CountsTruth, TruthEntry, TruthSink } from './truth/truth.ts';

/** Width of the arrival-time slices the merge works in. */
const SLICE = 5 * MINUTE;
/** Force 6 (strong breeze) at a district's centre: schools close, people stay in. */
const STAY_HOME_WIND_MS = 10.8;

export interface Scenario {
  config: ScenarioConfig;
  city: City;
  track: StormTrack;
  plan: Plan;
  /** First event time (warm-up included), main window start, end (exclusive), landfall: epoch ms. */
  streamStart: number;
  start: number;
  end: number;
  landfall: number;
  /** Registry records (compacted topics), to publish before the events. */
  registry(): Generator<StreamRecord>;
  /** Every event record, by arrival time; truth goes to the sink as it becomes known. */
  events(): Generator<StreamRecord>;
  /** What has been yielded so far, per topic. */
  counts(): CountsTruth;
}

const noTruth: TruthSink = { write: () => {} };

export function createScenario(input: ScenarioConfigInput = {}, truth: TruthSink = noTruth): Scenario {
  const config = parseScenarioConfig(input);
  const { seed } = config;
  const start = parseInstant(config.start);
  const end = start + config.hours * HOUR;
  const streamStart = start - config.warmupDays * DAY;
  const landfall = start + config.landfallHour * HOUR;
  const city = buildCity({ seed, households: config.households });
  const track = createTrack(landfall, createRng(seed, 'storm:track'));
  const plan = plantTruth(city, config.plant, { start, end, landfall }, createRng(seed, 'truth:plan'));
  const stationFaults = plantStationFaults(city, start, end, createRng(seed, 'truth:stations'));
  const sensorFaults = planSensorFaults(
    city,
    config.sensorFaults,
    { start, end, landfall },
    createRng(seed, 'truth:sensors'),
    new Set(stationFaults.map((f) => f.station)),
  );
  const counts: Counts = emptyCounts();
  const counted = function* (records: Iterable<StreamRecord>): Generator<StreamRecord> {
    for (const r of records) {
      countRecord(counts, r);
      yield r;
    }
  };

  function* events(): Generator<StreamRecord> {
    truth.write({
      type: 'scenario',
      seed,
      households: config.households,
      stream_start: isoCstSeconds(streamStart),
      start: isoCstSeconds(start),
      end: isoCstSeconds(end),
      landfall: isoCstSeconds(landfall),
      storm: track.name,
    });
    for (const entry of planTruth(city, plan, stationFaults)) truth.write(entry);
    const queue = new ArrivalQueue(streamStart, SLICE);
    const feed = (topic: Topic) =>
      new Feed(
        queue,
        config.pathologies,
        createRng(seed, `feed:${topic}`),
        end,
        silenceOf(topic, sensorFaults),
      );
    // With any sensor fault on, the gauges' spells are tracked for the truth too.
    const gaugeFaults = hasSensorFaults(sensorFaults)
      ? new GaugeFaultInjector(sensorFaults.gauges)
      : undefined;
    const on = config.streams;
    const meters = on.meters
      ? new MeterStream(city, plan, createRng(seed, 'stream:meters'), createRng(seed, 'stream:day-jitter'))
      : null;
    const weather = on.weather
      ? new WeatherStream(
          city,
          track,
          stationFaults,
          createRng(seed, 'stream:weather'),
          sensorFaults.stationGlitches,
          sensorFaults.stations,
        )
      : null;
    const tide = createTide(landfall + HOUR);
    const levels = on.waterLevels
      ? new WaterLevelStream(city, track, tide, streamStart, createRng(seed, 'stream:levels'), gaugeFaults)
      : null;
    const tickets = on.tickets
      ? new TicketStream(city, track, config.ticketRateScale, truth, createRng(seed, 'stream:tickets'))
      : null;
    const evacuations = on.evacuations
      ? new EvacuationStream(
          city,
          landfall,
          config.evacueesPerHousehold,
          createRng(seed, 'stream:evacuations'),
        )
      : null;
    const resources = on.resources
      ? new ResourceStream(city, streamStart, landfall, createRng(seed, 'stream:resources'))
      : null;
    const advisories = on.advisories
      ? new AdvisoryStream(track, truth, createRng(seed, 'stream:advisories'))
      : null;
    const feeds = {
      meters: feed(TOPICS.meterReadings),
      weather: feed(TOPICS.weatherObservations),
      levels: feed(TOPICS.waterLevels),
      tickets: feed(TOPICS.ticketEvents),
      evacuations: feed(TOPICS.evacuations),
      resources: feed(TOPICS.resources),
      advisories: feed(TOPICS.typhoonAdvisories),
    };
    const stayHome = new Uint8Array(city.districts.length);
    const slices = Math.ceil((end - streamStart) / SLICE);
    for (let k = 0; k < slices; k++) {
      const from = streamStart + k * SLICE;
      const to = Math.min(from + SLICE, end);
      if (meters) {
        for (let t = Math.ceil(from / METER_INTERVAL) * METER_INTERVAL; t < to; t += METER_INTERVAL) {
          const storm = track.at(t);
          for (const d of city.districts) {
            const w = windAt(storm, track.ambientHpa, d.center[0], d.center[1], d.coastal);
            stayHome[d.index] = w.speedMs >= STAY_HOME_WIND_MS ? 1 : 0;
          }
          meters.tick(t, stayHome, feeds.meters);
        }
      }
      if (weather) {
        for (let t = Math.ceil(from / WEATHER_INTERVAL) * WEATHER_INTERVAL; t < to; t += WEATHER_INTERVAL) {
          weather.tick(t, feeds.weather);
        }
      }
      levels?.advance(from, to, feeds.levels);
      tickets?.advance(from, to, feeds.tickets);
      evacuations?.advance(from, to, feeds.evacuations);
      resources?.advance(from, to, feeds.resources);
      advisories?.advance(from, to, feeds.advisories);
      for (const r of queue.release(k)) {
        countRecord(counts, r);
        yield r;
      }
    }
    if (levels) {
      for (const g of levels.truth) {
        truth.write({
          type: 'gauge',
          gauge_id: g.gauge_id,
          max_level_m: g.maxLevel,
          max_at: isoCstSeconds(g.maxAt),
          first_warning: g.firstWarning === null ? null : isoCstSeconds(g.firstWarning),
          first_guarantee: g.firstGuarantee === null ? null : isoCstSeconds(g.firstGuarantee),
        });
      }
    }
    // Spells only with sensor faults on: the default truth stays as it was.
    if (levels && gaugeFaults !== undefined) for (const entry of levels.allSpells()) truth.write(entry);
    if (hasSensorFaults(sensorFaults)) {
      const sent = { gauges: gaugeFaults, stations: weather?.glitchesSent ?? [] };
      for (const entry of sensorFaultTruth(sensorFaults, sent, config.sensorFaults.weatherDown))
        truth.write(entry);
    }
    if (evacuations) truth.write(evacuations.truth());
    if (resources) for (const r of resources.truth()) truth.write(r);
    truth.write(toCountsTruth(counts));
  }

  return {
    config,
    city,
    track,
    plan,
    streamStart,
    start,
    end,
    landfall,
    registry: () => counted(registryRecords(city, streamStart - 1000)),
    events,
    counts: () => toCountsTruth(counts),
  };
}

const hasSensorFaults = (p: SensorFaultPlan): boolean =>
  p.gauges.length > 0 ||
  p.stationGlitches.length > 0 ||
  p.stations.length > 0 ||
  p.weatherDown !== null ||
  p.meterPartition !== null;

/** A planted outage: the weather feed down, or the meters of one partition silent. */
function silenceOf(
  topic: Topic,
  p: SensorFaultPlan,
): ((key: string, arrival: number) => boolean) | undefined {
  const down = p.weatherDown;
  if (topic === TOPICS.weatherObservations && down !== null) {
    return (_key, arrival) => arrival > down.from && arrival <= down.to;
  }
  const meters = p.meterPartition;
  if (topic === TOPICS.meterReadings && meters !== null) {
    return (key, arrival) =>
      arrival > meters.from && arrival <= meters.to && keyPartition(key, meters.of) === meters.partition;
  }
  return undefined;
}

function* sensorFaultTruth(
  p: SensorFaultPlan,
  sent: { gauges: GaugeFaultInjector | undefined; stations: WeatherStream['glitchesSent'] },
  weatherDown: string,
): Generator<TruthEntry> {
  const injector = sent.gauges;
  const iso = (t: number) => (Number.isFinite(t) ? isoCstSeconds(t) : null);
  for (const f of p.gauges) {
    const readings =
      f.kind === 'glitch'
        ? (injector?.glitchesSent ?? [])
            .filter((g) => g.gauge === f.gauge)
            .map((g) => ({ ts: isoCstSeconds(g.t), value: g.value, level_m: g.level }))
        : undefined;
    yield {
      type: 'sensor_fault',
      kind: f.kind,
      device_kind: 'gauge',
      device_id: f.gauge,
      from: isoCstSeconds(f.from),
      to: isoCstSeconds(f.to),
      ...(readings !== undefined ? { readings } : {}),
    };
  }
  for (const s of p.stationGlitches) {
    yield {
      type: 'sensor_fault',
      kind: 'glitch',
      glitch: s.kind,
      device_kind: 'station',
      device_id: s.station,
      from: isoCstSeconds(Math.min(...s.at)),
      to: isoCstSeconds(Math.max(...s.at)),
      // Each value sent in place of the weather (the feed may still drop it: a feed_down).
      readings: sent.stations
        .filter((g) => g.station === s.station)
        .map((g) => ({
          ts: isoCstSeconds(g.t),
          value: g.value,
          level_m: null,
          field: g.field,
          true_value: g.true_value,
        })),
    };
  }
  for (const o of p.stations) {
    yield {
      type: 'sensor_fault',
      kind: o.kind,
      device_kind: 'station',
      device_id: o.station,
      from: isoCstSeconds(o.from),
      to: isoCstSeconds(o.to),
    };
  }
  if (p.weatherDown !== null) {
    yield {
      type: 'feed_down',
      topic: TOPICS.weatherObservations,
      from: weatherDown === 'start' ? null : iso(p.weatherDown.from),
      to: weatherDown === 'start' ? null : iso(p.weatherDown.to),
    };
  }
  if (p.meterPartition !== null) {
    yield {
      type: 'feed_down',
      topic: TOPICS.meterReadings,
      partition: p.meterPartition.partition,
      of_partitions: p.meterPartition.of,
      from: isoCstSeconds(p.meterPartition.from),
      to: isoCstSeconds(p.meterPartition.to),
    };
  }
}

function toCountsTruth(counts: Counts): CountsTruth {
  let total = 0;
  for (const c of Object.values(counts)) total += c?.sent ?? 0;
  return { type: 'counts', topics: structuredClone(counts), total };
}
