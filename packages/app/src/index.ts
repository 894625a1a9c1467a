export { type AppConfig, appConfigSchema, loadAppConfig } from './config.ts';
export { type RunningApp, startApp } from './start.ts';
export { waitFor } from './wait-for.ts';
