export * from './by-topic.ts';
export * from './inputs.ts';
export * from './late-events.ts';
export * from './outputs.ts';
export * from './registries.ts';
export * from './tables.ts';
export * from './typhoon-advisories.ts';
