export { type AppConfig, appConfigSchema, loadAppConfig } from './config.ts';
export { type AppParts, type RunningApp, sqlMaxRunning, startApp } from './start.ts';
export { waitFor } from './wait-for.ts';
