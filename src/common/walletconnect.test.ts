import { describe, expect, test } from 'vitest';
import { SettingsPatchSchema } from './api';
import { ProjectIdSettingSchema, RelayUrlSettingSchema, isLoopbackHost } from './walletconnect';

const relayError = (text: string) => RelayUrlSettingSchema.safeParse(text).error?.issues[0]?.message ?? null;

describe('the WalletConnect relay URL setting', () => {
  test('wss:// anywhere, and empty for the network default, are accepted', () => {
    for (const ok of ['', 'wss://relay.walletconnect.org', 'wss://relay.example.com:8443/path', 'wss://10.0.0.5']) expect(relayError(ok)).toBeNull();
  });

  test('ws:// only on this machine', () => {
    for (const ok of ['ws://127.0.0.1:4000', 'ws://localhost:4000', 'ws://[::1]:4000', 'ws://127.5.0.1']) expect(relayError(ok)).toBeNull();
    expect(relayError('ws://relay.example.com')).toMatch(/wss:\/\/.*only on this computer/);
    expect(relayError('ws://192.168.1.10:4000')).toMatch(/only on this computer/);
    // A host that merely starts like a loopback address is another machine.
    expect(relayError('ws://127.0.0.1.example.com')).toMatch(/only on this computer/);
  });

  test('other schemes and non-URLs say what a relay address looks like', () => {
    expect(relayError('https://relay.walletconnect.org')).toMatch(/starts with wss:\/\//);
    expect(relayError('relay.walletconnect.org')).toMatch(/full address/);
  });

  test('loopback hosts', () => {
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('LOCALHOST')).toBe(true);
    expect(isLoopbackHost('128.0.0.1')).toBe(false);
    expect(isLoopbackHost('localhost.example.com')).toBe(false);
  });
});

describe('the WalletConnect project id setting', () => {
  test('32 hex characters, or empty for not set', () => {
    expect(ProjectIdSettingSchema.safeParse('').success).toBe(true);
    expect(ProjectIdSettingSchema.safeParse('0123456789abcdef0123456789ABCDEF').success).toBe(true);
  });

  test('anything else is refused with where to get one', () => {
    for (const bad of ['0123456789abcdef0123456789abcde', '0123456789abcdef0123456789abcdef0', '0123456789abcdef0123456789abcdeg', ' 0123456789abcdef0123456789abcdef']) {
      expect(ProjectIdSettingSchema.safeParse(bad).error?.issues[0]?.message).toMatch(/cloud\.reown\.com/);
    }
  });

  test('a settings patch carrying a bad value is refused whole', () => {
    expect(SettingsPatchSchema.safeParse({ walletConnectRelayUrl: 'ws://relay.example.com', cpuMode: true }).success).toBe(false);
    expect(SettingsPatchSchema.parse({ walletConnectProjectId: '0123456789abcdef0123456789abcdef' })).toEqual({ walletConnectProjectId: '0123456789abcdef0123456789abcdef' });
  });
});
