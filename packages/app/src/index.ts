export { type AppConfig, appConfigSchema, loadAppConfig } from './config.ts';
export { type AppParts, type RunningApp, startApp } from './start.ts';
export { waitFor } from './wait-for.ts';
