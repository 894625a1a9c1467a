export { createLogger, type Logger } from './logger.ts';
export { runMain } from './run-main.ts';
