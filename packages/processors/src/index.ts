export { archiveProcessor } from './archive/archive-processor.ts';
export { archiveProcessors, registryCheck } from './archive/archives.ts';
export { onegridProcessors, processorCatalogue } from './catalogue.ts';
export type { ProcessorContext } from './context.ts';
export { whenGroupsAssigned } from './live/groups-assigned.ts';
export { startLiveLane } from './live/live-lane.ts';
export { startScreenLane } from './live/screen-lane.ts';
export {
  coverPartitions,
  lanePartitions,
  provisionScreenLane,
  watchCover,
} from './live/screen-lane-topic.ts';
export { startTicketLane } from './live/ticket-lane.ts';
export { DetectorOperator, type StreamModel } from './operators/detector-operator.ts';
export { OffsetFloor } from './operators/offset-floor.ts';
export { PassThroughOperator } from './operators/pass-through-operator.ts';
export { REDRIVE_HEADERS, type RedriveDeps, redriveDeadLetters } from './redrive/redrive.ts';
export {
  type RedriveReport,
  type RedriveRequestInput,
  redriveRequestSchema,
} from './redrive/request.ts';
export { followRegistries, type RegistryFeed } from './registry/registry-consumer.ts';
export { type HouseholdInfo, RegistryState } from './registry/registry-state.ts';
export { routedSink } from './sinks/routed-sink.ts';
export {
  type ProcessorCatalogue,
  type ProcessorStatus,
  type ProcessorsOptions,
  type RunningProcessors,
  startProcessors,
} from './start-processors.ts';
export { loadUtilityRestartState, type UtilityRestartState } from './utility/restart-state.ts';
