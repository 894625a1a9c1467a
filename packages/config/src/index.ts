export { ConfigError, parseEnv } from './parse-env.ts';
