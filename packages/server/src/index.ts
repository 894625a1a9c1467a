export { buildServer } from './build-server.ts';
export type { ComponentHealth, ServerDeps } from './deps.ts';
