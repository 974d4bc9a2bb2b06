import type { Locator, Page } from '@playwright/test';
import jsQR from 'jsqr';
import { PUBLIC_RELAY_URL } from '../../src/common/walletconnect';
import { expect, test } from '../support/fixtures';
import type { RunningDevnet } from '../support/host';
import { MinerApp, SettingsView, WalletView } from '../support/miner-app';

/** What a phone's camera would read off the QR code on the page: the SVG rasterised in the page, decoded here. */
const PROJECT_ID = '0123456789abcdef0123456789abcdef';

async function readQrCode(qr: Locator): Promise<string | undefined> {
  const image = await qr.evaluate(async (svg) => {
    const size = 400;
    const img = new Image(size, size);
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(svg))}`;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = size;
    const context = canvas.getContext('2d')!;
    context.drawImage(img, 0, 0, size, size);
    return { size, data: Array.from(context.getImageData(0, 0, size, size).data) };
  });
  return jsQR(Uint8ClampedArray.from(image.data), image.size, image.size)?.data;
}

test.describe('a miner off the devnet, before WalletConnect is set up', () => {
  test('the Wallet page says a project id is missing and leads to Settings, where entering one makes Connect appear', async ({ page, host }, testInfo) => {
    const app = new MinerApp(page);
    const wallet = new WalletView(page);
    const settings = new SettingsView(page);
    await app.open(host.url);
    await app.nav('Get started').click();
    const step = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Connect your wallet' }) });
    await expect(step).toContainText('WalletConnect is not set up yet.');
    await expect(step.getByRole('heading', { name: /\(done\)/ })).toHaveCount(0);

    await app.nav('Wallet').click();
    await expect(app.heading('Wallet')).toBeVisible();
    await expect(page.getByText('WalletConnect is not set up yet.')).toBeVisible();
    await expect(page.getByText(/get a free one at cloud\.reown\.com and enter it in Settings/)).toBeVisible();
    await expect(wallet.connect).toHaveCount(0);
    await expect(wallet.devWallet).toHaveCount(0);
    await app.screenshot(testInfo, 'wallet-not-set-up');

    await wallet.setUp.click();
    await expect(app.heading('Settings')).toBeVisible();
    await expect(settings.field('Project ID')).toBeFocused();
    await expect(settings.field('Relay URL')).toHaveAttribute('placeholder', PUBLIC_RELAY_URL);
    await settings.enter('Project ID', 'my-project');
    await expect(page.getByRole('alert').filter({ hasText: '32 characters' })).toBeVisible();
    await settings.enter('Project ID', PROJECT_ID.toUpperCase());
    await expect(settings.field('Project ID')).toHaveValue(PROJECT_ID);
    await app.screenshot(testInfo, 'settings-walletconnect');

    await app.nav('Wallet').click();
    await expect(wallet.connect).toBeVisible();
  });
});

test.describe('on the devnet', () => {
  async function openWallet(page: Page, devnet: RunningDevnet) {
    const app = new MinerApp(page);
    await app.open(devnet.url);
    await app.nav('Wallet').click();
    await expect(app.heading('Wallet')).toBeVisible();
    return { app, wallet: new WalletView(page) };
  }

  test('the local dev wallet connects at one click with its address as the payout address, and disconnects', async ({ page, devnet }, testInfo) => {
    const { app, wallet } = await openWallet(page, devnet);
    // The devnet may start paying its dev wallet already: then it shows as connected, and goes.
    await expect(wallet.devWallet.or(wallet.disconnect)).toBeVisible();
    if (await wallet.disconnect.isVisible()) {
      await expect(wallet.address).toHaveAttribute('title', devnet.devWalletAddress);
      await wallet.disconnect.click();
    }
    await expect(wallet.devWallet).toBeVisible();
    await app.screenshot(testInfo, 'wallet-disconnected-devnet');

    await wallet.devWallet.click();
    await expect(wallet.fact('Wallet')).toContainText('devnet only');
    await expect(wallet.address).toHaveAttribute('title', devnet.devWalletAddress);
    await expect(wallet.address).toHaveText(`${devnet.devWalletAddress.slice(0, 6)}…${devnet.devWalletAddress.slice(-4)}`);
    await expect(wallet.fact('Chain')).toHaveText(`PlexAi devnet (chain ${devnet.chainId})`);
    await expect(page.getByText('This is your payout address')).toBeVisible();
    await app.screenshot(testInfo, 'wallet-dev-connected');

    // The wallet step of Get started shows the same wallet, and counts as done.
    await app.nav('Get started').click();
    await expect(page.getByRole('heading', { name: 'Connect your wallet (done)' })).toBeVisible();
    await expect(wallet.address).toHaveAttribute('title', devnet.devWalletAddress);
    await app.nav('Wallet').click();

    await wallet.disconnect.click();
    await expect(wallet.connect).toBeVisible();
    await expect(wallet.address).toHaveCount(0);
  });

  test('a phone wallet scans the code, approves, and becomes the payout wallet; disconnect ends it', async ({ page, devnet, phones }, testInfo) => {
    test.setTimeout(60_000);
    const approving = await phones.start({ answer: 'approve' });
    const { app, wallet } = await openWallet(page, devnet);
    await wallet.connect.click();
    await expect(wallet.qrCode).toBeVisible();
    await expect(wallet.waiting).toBeVisible();
    const uri = await wallet.pairingLink.inputValue();
    expect(uri).toMatch(/^wc:[0-9a-f]{64}@2\?/);
    // The QR code carries exactly the link the copy field shows.
    expect(await readQrCode(wallet.qrCode)).toBe(uri);
    await app.screenshot(testInfo, 'wallet-pairing');

    await approving.pair(uri);
    await expect(wallet.fact('Wallet')).toHaveText(approving.name, { timeout: 20_000 });
    await expect(wallet.address).toHaveAttribute('title', approving.address);
    await expect(wallet.fact('Chain')).toHaveText(`PlexAi devnet (chain ${devnet.chainId})`);
    await expect(wallet.qrCode).toHaveCount(0);
    await app.screenshot(testInfo, 'wallet-phone-connected');

    // The session is the engine's: a reload shows the same wallet.
    await page.reload();
    await app.nav('Wallet').click();
    await expect(wallet.address).toHaveAttribute('title', approving.address);

    await wallet.disconnect.click();
    await expect(wallet.connect).toBeVisible();
  });

  test('a phone that refuses: the page says so plainly, and Try again offers a new code', async ({ page, devnet, phones }, testInfo) => {
    test.setTimeout(60_000);
    const refusing = await phones.start({ answer: 'reject' });
    const { app, wallet } = await openWallet(page, devnet);
    await wallet.connect.click();
    const uri = await wallet.pairingLink.inputValue();
    await refusing.pair(uri);

    await expect(wallet.problem).toContainText('You declined the connection in your wallet app.', { timeout: 20_000 });
    await expect(wallet.tryAgain).toBeVisible();
    await expect(wallet.qrCode).toHaveCount(0);
    await app.screenshot(testInfo, 'wallet-refused');

    await wallet.tryAgain.click();
    await expect(wallet.qrCode).toBeVisible();
    await expect(wallet.pairingLink).not.toHaveValue(uri);
    await expect(wallet.problem).toHaveCount(0);

    // The new code works: the owner changes their mind.
    const approving = await phones.start({ answer: 'approve' });
    await approving.pair(await wallet.pairingLink.inputValue());
    await expect(wallet.address).toHaveAttribute('title', approving.address, { timeout: 20_000 });
    await wallet.disconnect.click();
    await expect(wallet.connect).toBeVisible();
  });

  test('a phone on another chain that will not switch: the page names the chain to use, and Try again', async ({ page, devnet, phones }, testInfo) => {
    test.setTimeout(60_000);
    const elsewhere = await phones.start({ answer: 'approve', chainId: 56 });
    const { app, wallet } = await openWallet(page, devnet);
    await wallet.connect.click();
    await elsewhere.pair(await wallet.pairingLink.inputValue());

    await expect(wallet.problem).toContainText(`Your wallet is not on PlexAi devnet (chain ${devnet.chainId}), and it did not switch when asked.`, {
      timeout: 20_000,
    });
    await expect(wallet.problem).toContainText(`Add or select PlexAi devnet (chain ${devnet.chainId}) in your wallet app`);
    await expect(wallet.tryAgain).toBeVisible();
    // The engine asked the wallet to switch before giving up.
    expect(elsewhere.requests).toContain('wallet_switchEthereumChain');
    await app.screenshot(testInfo, 'wallet-wrong-chain');
  });

  test('Cancel withdraws the code: a phone approving it late does not connect, and a new code works at once', async ({ page, devnet, phones }, testInfo) => {
    test.setTimeout(60_000);
    const late = await phones.start({ answer: 'hold' });
    const { app, wallet } = await openWallet(page, devnet);
    // Whatever the tests before left: a wallet connected, or a refusal offering Try again.
    const start = wallet.connect.or(wallet.tryAgain);
    await expect(start.or(wallet.disconnect)).toBeVisible();
    if (await wallet.disconnect.isVisible()) await wallet.disconnect.click();
    await start.click();
    const uri = await wallet.pairingLink.inputValue();
    await late.pair(uri);
    await expect.poll(() => late.heldCount, { timeout: 20_000 }).toBe(1);

    await wallet.cancel.click();
    await expect(wallet.qrCode).toHaveCount(0);
    await expect(wallet.pairingLink).toHaveCount(0);
    await expect(wallet.connect).toBeVisible();
    await app.screenshot(testInfo, 'wallet-pairing-cancelled');

    // The owner approves on the phone after all: the app ends that session instead of using it.
    const [topic] = await late.approveHeld();
    await expect.poll(() => late.ended, { timeout: 20_000 }).toContain(topic);
    await expect(wallet.address).toHaveCount(0);
    await expect(wallet.problem).toHaveCount(0);

    await wallet.connect.click();
    await expect(wallet.pairingLink).not.toHaveValue(uri);
    const approving = await phones.start({ answer: 'approve' });
    await approving.pair(await wallet.pairingLink.inputValue());
    await expect(wallet.address).toHaveAttribute('title', approving.address, { timeout: 20_000 });
    await wallet.disconnect.click();
    await expect(wallet.connect).toBeVisible();
  });

  test('Settings shows the devnet relay as the default, and no project id is needed here', async ({ page, devnet }) => {
    const app = new MinerApp(page);
    const settings = new SettingsView(page);
    await app.open(devnet.url);
    await app.nav('Settings').click();
    await expect(page.getByRole('heading', { name: 'WalletConnect' })).toBeVisible();
    await expect(settings.field('Relay URL')).toHaveValue('');
    await expect(settings.field('Relay URL')).toHaveAttribute('placeholder', devnet.relayUrl);
    await expect(settings.field('Project ID')).toHaveValue('');
    await expect(page.getByText('Until then your phone wallet cannot connect.')).toHaveCount(0);
  });
});
