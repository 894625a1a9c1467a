export { OnegridError, type OnegridErrorOptions, retriableOf } from './onegrid-error.ts';
