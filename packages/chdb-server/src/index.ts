export { type ChdbServerConfig, chdbServerConfigSchema, loadChdbServerConfig } from './config.ts';
export { type Engine, type EngineConnection, type EngineResult, openEngine } from './engine.ts';
export { ClickHouseFailure, type EngineFailure } from './errors.ts';
export { buildChdbServer, type ChdbServerOptions, DEFAULT_BODY_LIMIT_BYTES } from './server.ts';
export { type SpawnedChdbServer, type SpawnOptions, spawnChdbServer } from './spawn.ts';
export { type RunningChdbServer, startChdbServer } from './start.ts';
