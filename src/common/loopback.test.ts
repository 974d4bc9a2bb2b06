import { describe, expect, test } from 'vitest';
import { isLoopbackHost } from './loopback';

describe('isLoopbackHost', () => {
  test.for([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['localhost', true],
    ['LOCALHOST', true],
    ['::1', true],
    ['[::1]', true],
    ['::ffff:127.0.0.1', true],
    ['0.0.0.0', false],
    ['::', false],
    ['10.0.0.7', false],
    ['coordinator.plexai.network', false],
    ['127.0.0.1.example.com', false],
    ['localhost.example.com', false],
  ] as const)('%s → %s', ([host, loopback]) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });
});
