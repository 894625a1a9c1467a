import { type LiveLaneEvent, TOPICS, type TopicValue } from '@onegrid/contracts';
import { registryCheck } from '../archive/archives.ts';
import type { RegistryState } from '../registry/registry-state.ts';

export type LiveInput =
  | typeof TOPICS.waterLevels
  | typeof TOPICS.weatherObservations
  | typeof TOPICS.evacuations
  | typeof TOPICS.resources;

/**
 * The live lane's copy of a valid message of `input`, keyed as its archive keys its own copy
 * (by district), or undefined when the archive would not pass it on now: an id or a district its
 * registry check refuses (the archive holds or dead-letters it; the screen waits for that copy).
 */
export function toLiveEvent<T extends LiveInput>(
  input: T,
  message: TopicValue<T>,
  registry: RegistryState,
): { key: string; value: string } | undefined {
  if (registryCheck(input, registry)?.(message) !== undefined) return undefined;
  const event = liveEvent(input, message as TopicValue<LiveInput>, registry);
  if (event === undefined) return undefined;
  const key =
    event.kind === 'weather' || event.kind === 'water_level' ? event.district : event.event.district;
  return { key, value: JSON.stringify(event) };
}

function liveEvent(
  input: LiveInput,
  m: TopicValue<LiveInput>,
  registry: RegistryState,
): LiveLaneEvent | undefined {
  if (input === TOPICS.waterLevels) {
    const observation = m as TopicValue<typeof TOPICS.waterLevels>;
    const district = registry.gauges.get(observation.gauge_id)?.district;
    return district === undefined ? undefined : { kind: 'water_level', district, observation };
  }
  if (input === TOPICS.weatherObservations) {
    const observation = m as TopicValue<typeof TOPICS.weatherObservations>;
    const district = registry.stations.get(observation.station_id)?.district;
    return district === undefined ? undefined : { kind: 'weather', district, observation };
  }
  if (input === TOPICS.evacuations)
    return { kind: 'evacuation', event: m as TopicValue<typeof TOPICS.evacuations> };
  return { kind: 'resource', event: m as TopicValue<typeof TOPICS.resources> };
}
