import { JsonRpcProvider } from 'ethers';
import { expect, test } from 'vitest';
import { DisposableStore } from '../common/lifecycle';
import { errorDetail, serviceProvider } from './chain-rpc';

test('a service keeps the provider it was given past its own end', () => {
  const given = new JsonRpcProvider('http://127.0.0.1:1', 31337, { staticNetwork: true });
  const disposables = new DisposableStore();
  expect(serviceProvider(given, { rpcUrl: 'http://127.0.0.1:2', chainId: 31337 }, disposables)).toBe(given);
  disposables.dispose();
  expect(given.destroyed).toBe(false);
  given.destroy();
});

test('without one it reads its chain through its own provider, with the polling asked for, destroyed with the service', async () => {
  const disposables = new DisposableStore();
  const own = serviceProvider<JsonRpcProvider>(undefined, { rpcUrl: 'http://127.0.0.1:2', chainId: 97, pollingInterval: 250 }, disposables);
  expect(own).toBeInstanceOf(JsonRpcProvider);
  expect(own.pollingInterval).toBe(250);
  // A static network: no eth_chainId round trip (which would fail here) before each read.
  expect((await own.getNetwork()).chainId).toBe(97n);
  disposables.dispose();
  expect(own.destroyed).toBe(true);
});

test('an error’s detail is ethers’ short message where there is one, else its message, cut to 300 characters', () => {
  expect(errorDetail({ shortMessage: 'could not coalesce error', message: 'could not coalesce error (error={ … the whole request … })' })).toBe('could not coalesce error');
  expect(errorDetail(new Error('y'.repeat(400)))).toBe('y'.repeat(300));
  expect(errorDetail('plain words')).toBe('plain words');
});
