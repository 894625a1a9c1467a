import {
  type DecodeError,
  type EmergencyEvent,
  type HazardObservation,
  INTERNAL_TOPICS,
  REGISTRY_TOPICS,
  schemaFor,
  TOPICS,
  type Topic,
  type TopicValue,
  toEpochMs,
} from '@onegrid/contracts';
import { rowMapperFor, TOPIC_TABLES } from '@onegrid/store';
import type { Sink, SourceRecord } from '@onegrid/stream';
import { type ProcessorContext, topicSink } from '../context.ts';
import {
  encodeHouseholdReadings,
  packedBytesOf,
  type SourcedReading,
} from '../internal/household-readings.ts';
import type { RegistryState } from '../registry/registry-state.ts';
import { unknownDistrict, unknownId } from '../registry/unknown-id.ts';
import { packedTopicSink } from '../sinks/packed-topic-sink.ts';
import { fannedSink, routedSink } from '../sinks/routed-sink.ts';
import { archiveProcessor } from './archive-processor.ts';
import { meterRecordsTsv, meterRowAt } from './meter-row.ts';

/** Event time of a message that has one; registry records have none and sort first. */
const tsOf = (message: object): number => ('ts' in message ? toEpochMs(String(message.ts)) : 0);

type Check<T extends Topic> = (message: TopicValue<T>, registry: RegistryState) => DecodeError | undefined;

/**
 * Ids each input must name for its message to be usable. An id of a registry (household,
 * station, gauge, shelter) not known yet is held until the registry catches up or the grace
 * period ends (ctx.hold); a district must be on the district code list (the `districts`
 * table), whatever the registries hold: a ticket or a resource does not wait for them.
 */
const CHECKS: { [T in Topic]?: Check<T> } = {
  [TOPICS.meterReadings]: (m, r) =>
    r.households.has(m.household_id) ? undefined : unknownId('household_id', m.household_id, 'households'),
  [TOPICS.weatherObservations]: (m, r) =>
    r.stations.has(m.station_id) ? undefined : unknownId('station_id', m.station_id, 'stations'),
  [TOPICS.waterLevels]: (m, r) =>
    r.gauges.has(m.gauge_id) ? undefined : unknownId('gauge_id', m.gauge_id, 'gauges'),
  [TOPICS.evacuations]: (m, r) => {
    const shelter = r.shelters.get(m.shelter_id);
    if (shelter === undefined) return unknownId('shelter_id', m.shelter_id, 'shelters');
    return r.hasDistrict(m.district) ? undefined : unknownDistrict(m.district);
  },
  [TOPICS.resources]: (m, r) => (r.hasDistrict(m.district) ? undefined : unknownDistrict(m.district)),
  [TOPICS.ticketEvents]: (m, r) =>
    m.event !== 'reported' || r.hasDistrict(m.district) ? undefined : unknownDistrict(m.district),
};

/** The registry check of `topic`, bound to the live registry (undefined when the topic has none). */
export function registryCheck<T extends Topic>(
  topic: T,
  registry: RegistryState,
): ((message: TopicValue<T>) => DecodeError | undefined) | undefined {
  const check = CHECKS[topic] as Check<T> | undefined;
  return check === undefined ? undefined : (message) => check(message, registry);
}

function archive<T extends Topic>(
  ctx: ProcessorContext,
  topic: T,
  options: { ready?: () => Promise<void>; also?: readonly Sink<SourceRecord<TopicValue<T>>>[] } = {},
) {
  const check = registryCheck(topic, ctx.registry);
  const def = archiveProcessor(ctx, {
    name: `archive.${topic}`,
    topic,
    schema: schemaFor(topic),
    table: TOPIC_TABLES[topic],
    // The meter topic's row takes the parsed event time (T is the meter topic there).
    toRow: (topic === TOPICS.meterReadings ? meterRowAt : rowMapperFor(topic)) as (
      m: TopicValue<T>,
      eventTime: number,
    ) => object,
    eventTime: tsOf,
    ...(topic === TOPICS.meterReadings
      ? {
          encodeRecords: meterRecordsTsv as (records: readonly SourceRecord<unknown>[]) => {
            format: string;
            body: string;
          },
        }
      : {}),
    ...(check !== undefined ? { check, hold: ctx.hold } : {}),
    ...(options.also !== undefined ? { also: options.also } : {}),
    // Outputs are onegrid's own messages: they have no dead-letter topic; a bad one is counted.
    deadLetters: topic === TOPICS.alerts || topic === TOPICS.riskScores ? 'count' : 'publish',
  });
  return check === undefined || options.ready === undefined ? def : { ...def, ready: options.ready };
}

/**
 * One archive processor per contract topic: raw tables for data teams, the dead letters of
 * every input, and the re-keyed internal topics the detectors read (a household's two meters
 * in one partition; a district's stations and gauges in one partition).
 */
export function archiveProcessors(ctx: ProcessorContext) {
  const registry = ctx.registry;
  const ready = ctx.registryCurrent;
  // Packed: a message per partition and flush, not a record per reading (see household-readings.ts).
  const byHousehold: Sink<SourcedReading> = packedTopicSink(ctx, INTERNAL_TOPICS.meterReadingsByHousehold, {
    keyOf: (r) => r.event.household_id,
    encode: encodeHouseholdReadings,
    bytesOf: packedBytesOf,
  });
  const hazard = <M>(toHazard: (record: SourceRecord<M>) => HazardObservation | undefined) =>
    routedSink(
      topicSink<HazardObservation>(
        ctx,
        INTERNAL_TOPICS.hazardByDistrict,
        (h) => ({ key: h.district, value: JSON.stringify(h) }),
        'live', // the screens' gauges and weather
      ),
      toHazard,
    );
  const weatherToHazard = hazard((r: SourceRecord<TopicValue<typeof TOPICS.weatherObservations>>) => {
    const district = registry.stations.get(r.event.station_id)?.district;
    return district === undefined
      ? undefined
      : { kind: 'weather', district, source_partition: r.partition, observation: r.event };
  });
  const levelToHazard = hazard((r: SourceRecord<TopicValue<typeof TOPICS.waterLevels>>) => {
    const district = registry.gauges.get(r.event.gauge_id)?.district;
    return district === undefined
      ? undefined
      : { kind: 'water_level', district, source_partition: r.partition, observation: r.event };
  });
  // An advisory concerns every district: one copy each, so each district's risk model sees it
  // in its own partition. The districts: the code list (known from start-up, whatever the
  // registry feeds have sent yet), and any a station or gauge names.
  const advisoryToHazard = fannedSink(
    topicSink<HazardObservation>(
      ctx,
      INTERNAL_TOPICS.hazardByDistrict,
      (h) => ({ key: h.district, value: JSON.stringify(h) }),
      // As the readings: at 1 s against their 50 ms, the first scores of a storm were computed
      // before its advisory came, and again with it after a replay (the soak, 2026-12-06).
      'live',
    ),
    (r: SourceRecord<TopicValue<typeof TOPICS.typhoonAdvisories>>): HazardObservation[] =>
      [...registryDistricts(registry)].map((district) => ({
        kind: 'advisory',
        district,
        source_partition: r.partition,
        observation: r.event,
      })),
  );
  const emergency = <M>(toEmergency: (record: SourceRecord<M>) => EmergencyEvent) =>
    routedSink(
      topicSink<EmergencyEvent>(
        ctx,
        INTERNAL_TOPICS.emergencyByDistrict,
        (e) => ({ key: e.event.district, value: JSON.stringify(e) }),
        'live', // the screens' evacuation and resources
      ),
      toEmergency,
    );
  const evacuationToFeed = emergency((r: SourceRecord<TopicValue<typeof TOPICS.evacuations>>) => ({
    kind: 'evacuation',
    event: r.event,
  }));
  const resourceToFeed = emergency((r: SourceRecord<TopicValue<typeof TOPICS.resources>>) => ({
    kind: 'resource',
    event: r.event,
  }));
  return [
    ...REGISTRY_TOPICS.map((topic) => archive(ctx, topic)),
    archive(ctx, TOPICS.meterReadings, { ready, also: [byHousehold] }),
    archive(ctx, TOPICS.weatherObservations, { ready, also: [weatherToHazard] }),
    archive(ctx, TOPICS.waterLevels, { ready, also: [levelToHazard] }),
    archive(ctx, TOPICS.ticketEvents, { ready }),
    archive(ctx, TOPICS.evacuations, { ready, also: [evacuationToFeed] }),
    archive(ctx, TOPICS.resources, { ready, also: [resourceToFeed] }),
    // The optional advisory feed names no registry id: it waits for nothing, nothing waits for it.
    archive(ctx, TOPICS.typhoonAdvisories, { also: [advisoryToHazard] }),
    archive(ctx, TOPICS.alerts),
    archive(ctx, TOPICS.riskScores),
  ];
}

/** The districts a risk model may score: the code list, and any a station or gauge names. */
function registryDistricts(registry: RegistryState): Set<string> {
  const districts = new Set<string>(registry.districtCodes());
  for (const s of registry.stations.values()) districts.add(s.district);
  for (const g of registry.gauges.values()) districts.add(g.district);
  return districts;
}
