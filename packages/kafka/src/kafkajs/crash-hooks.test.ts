import { logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { CrashHooks } from './crash-hooks.ts';

const entry = (message: string, groupId?: string) => ({
  namespace: 'Consumer',
  level: 'ERROR',
  label: 'ERROR',
  timestamp: '',
  logger: 'kafkajs',
  message,
  ...(groupId === undefined ? {} : { groupId }),
});

describe('kafka > CrashHooks', () => {
  it("runs a group's hook once, at kafkajs's crash line for that group only", () => {
    const hooks = new CrashHooks();
    const called: string[] = [];
    hooks.on('g1', () => called.push('g1'));
    hooks.on('g2', () => called.push('g2'));
    hooks.logged(logLevel.ERROR, entry('Connection error: connect ECONNREFUSED', 'g1'));
    hooks.logged(logLevel.WARN, entry('Crash: KafkaJSNumberOfRetriesExceeded: x', 'g1'));
    hooks.logged(logLevel.ERROR, entry('Crash: KafkaJSNumberOfRetriesExceeded: x'));
    expect(called).toEqual([]);
    hooks.logged(logLevel.ERROR, entry('Crash: KafkaJSNumberOfRetriesExceeded: x', 'g1'));
    hooks.logged(logLevel.ERROR, entry('Crash: KafkaJSNumberOfRetriesExceeded: x', 'g1'));
    expect(called).toEqual(['g1']);
    hooks.remove('g2');
    hooks.logged(logLevel.ERROR, entry('Crash: KafkaJSProtocolError: y', 'g2'));
    expect(called).toEqual(['g1']);
  });
});
