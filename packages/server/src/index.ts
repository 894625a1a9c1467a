export { PERMISSIONS, type Permission, ROLES, type Role } from './auth/roles.ts';
export { buildServer, createLiveState } from './build-server.ts';
export {
  loadOpsConfig,
  loadServerConfig,
  type OpsConfig,
  type ServerConfig,
  serverConfigSchema,
} from './config.ts';
export type { ComponentHealth, ProcessorStatus, ServerDeps, SqlRunner } from './deps.ts';
export { CHANNEL_VALUES, type ChannelValue, FEED_CHANNELS, type FeedChannel } from './feed/channels.ts';
export { CLOSE_TOO_SLOW } from './feed/feed-server.ts';
export type { ChannelChange, ChannelValueMap, Delta, LiveState, Snapshot } from './feed/live-state.ts';
export { type Scheduler, systemScheduler } from './feed/scheduler.ts';
export {
  CLICKHOUSE_POLLERS,
  type Polling,
  type PollingDeps,
  STORE_POLLED,
  startPolling,
} from './live/pollers.ts';
export { PUSH_TOPICS, REGISTRY_PUSH_TOPICS } from './live/push/decode.ts';
export { PUSHED_CHANNELS, PushChannels, type PushChannelsDeps } from './live/push/push-channels.ts';
export { buildOpsServer, type OpsServerDeps } from './ops-server.ts';
