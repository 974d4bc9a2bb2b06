import { expect, test } from 'vitest';
import { mayOpenExternally } from './external-links';

test.each([
  ['https://bscscan.com/tx/0x' + 'ab'.repeat(32), true],
  ['https://testnet.bscscan.com/address/0x' + '12'.repeat(20), true],
  ['https://cloud.reown.com', true],
  ['http://bscscan.com/tx/0x00', false],
  ['https://bscscan.com.evil.example/tx/0x00', false],
  ['https://user:pass@bscscan.com/', false],
  ['https://example.com', false],
  ['file:///etc/passwd', false],
  ['javascript:alert(1)', false],
  ['not a url', false],
])('%s opens in the browser: %s', (url, allowed) => {
  expect(mayOpenExternally(url)).toBe(allowed);
});
