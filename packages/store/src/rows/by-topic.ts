import { TOPICS, type Topic, type TopicValue } from '@onegrid/contracts';
import {
  evacuationRow,
  meterReadingRow,
  resourceEventRow,
  ticketEventRow,
  waterLevelRow,
  weatherObservationRow,
} from './inputs.ts';
import { alertRow, riskScoreRow } from './outputs.ts';
import { gaugeRow, householdRow, shelterRow, stationRow } from './registries.ts';
import { typhoonAdvisoryRow } from './typhoon-advisories.ts';

/** The row mapper of every contract topic, for a generic archive processor. */
export const ROW_MAPPERS = {
  [TOPICS.meterReadings]: meterReadingRow,
  [TOPICS.weatherObservations]: weatherObservationRow,
  [TOPICS.waterLevels]: waterLevelRow,
  [TOPICS.ticketEvents]: ticketEventRow,
  [TOPICS.evacuations]: evacuationRow,
  [TOPICS.resources]: resourceEventRow,
  [TOPICS.typhoonAdvisories]: typhoonAdvisoryRow,
  [TOPICS.households]: householdRow,
  [TOPICS.gauges]: gaugeRow,
  [TOPICS.stations]: stationRow,
  [TOPICS.shelters]: shelterRow,
  [TOPICS.alerts]: alertRow,
  [TOPICS.riskScores]: riskScoreRow,
} as const satisfies { [T in Topic]: (message: TopicValue<T>) => object };

export type RowOf<T extends Topic> = ReturnType<(typeof ROW_MAPPERS)[T]>;

/** The row mapper of `topic`: `rowMapperFor(TOPICS.waterLevels)(message)`. */
export function rowMapperFor<T extends Topic>(topic: T): (message: TopicValue<T>) => RowOf<T> {
  return ROW_MAPPERS[topic] as unknown as (message: TopicValue<T>) => RowOf<T>;
}
