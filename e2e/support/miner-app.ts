import type { Locator, Page, TestInfo } from '@playwright/test';

/** The app as a user sees it, through roles and labels. */
export class MinerApp {
  constructor(readonly page: Page) {}

  async open(url: string) {
    await this.page.goto(url);
  }

  nav(label: string): Locator {
    return this.page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: label });
  }

  heading(name: string): Locator {
    return this.page.getByRole('heading', { level: 1, name });
  }

  /** A step of Get started, by the start of its title ('Check your hardware'). */
  step(title: string): Locator {
    return this.page.getByRole('listitem').filter({ has: this.page.getByRole('heading', { name: new RegExp(`^${title}`) }) });
  }

  get summary(): Locator {
    return this.page.getByRole('region', { name: 'Summary' });
  }

  gpu(model: string): Locator {
    return this.page.getByRole('article', { name: model, exact: true });
  }

  get alert(): Locator {
    return this.page.getByRole('alert');
  }

  /** Attached to the report and kept as a file in the test's output folder, for reviewers without the report. */
  async screenshot(testInfo: TestInfo, name: string) {
    const path = testInfo.outputPath(`${name.replace(/[^\w-]+/g, '-')}.png`);
    await this.page.screenshot({ fullPage: true, path });
    await testInfo.attach(name, { path, contentType: 'image/png' });
  }
}

/** The Mining page: the status and its way on, the controls, devices and the benchmark. */
export class MiningView {
  constructor(readonly page: Page) {}

  get status(): Locator {
    return this.page.getByRole('status', { name: 'Mining status' });
  }

  get statusCard(): Locator {
    return this.page.getByRole('region', { name: 'Status' });
  }

  get start(): Locator {
    return this.page.getByRole('button', { name: 'Start mining' });
  }

  get stop(): Locator {
    return this.page.getByRole('button', { name: 'Stop mining' });
  }

  /** A duration button of the Snooze group, named by its words alone as a speech user says them. */
  snooze(duration: '30 minutes' | '1 hour' | '2 hours'): Locator {
    return this.page.getByRole('group', { name: 'Snooze' }).getByRole('button', { name: duration, exact: true });
  }

  get cancelSnooze(): Locator {
    return this.page.getByRole('button', { name: 'Cancel snooze' });
  }

  get workers(): Locator {
    return this.page.getByRole('table', { name: 'Workers' });
  }

  get benchmark(): Locator {
    return this.page.getByRole('region', { name: 'Benchmark' });
  }

  get benchmarkProgress(): Locator {
    return this.benchmark.getByRole('progressbar', { name: 'Benchmark progress' });
  }

  get benchmarkResults(): Locator {
    return this.benchmark.getByRole('table', { name: 'Benchmark results' });
  }

  get recentTasks(): Locator {
    return this.page.getByRole('region', { name: 'Recent tasks' });
  }
}

/** The Settings page: fields by their labels, schedule windows by their legends. */
export class SettingsView {
  constructor(readonly page: Page) {}

  field(label: string): Locator {
    return this.page.getByRole('textbox', { name: label, exact: true });
  }

  /** Types a value and commits it the way a user does, with Enter. */
  async enter(label: string, value: string) {
    await this.field(label).fill(value);
    await this.field(label).press('Enter');
  }

  toggle(label: string): Locator {
    return this.page.getByRole('checkbox', { name: label, exact: true });
  }

  radio(label: string): Locator {
    return this.page.getByRole('radio', { name: label });
  }

  window(n: number): Locator {
    return this.page.getByRole('group', { name: `Window ${n}` });
  }

  get schedule(): Locator {
    return this.page.getByRole('region', { name: 'Weekly schedule' });
  }

  get programs(): Locator {
    return this.page.getByRole('region', { name: 'Programs that pause mining' });
  }
}

/** The wallet card (the Wallet page, or the wallet step of Get started): pairing code, link, the connected wallet. */
export class WalletView {
  constructor(readonly page: Page) {}

  get connect(): Locator {
    return this.page.getByRole('button', { name: 'Connect wallet', exact: true });
  }

  get tryAgain(): Locator {
    return this.page.getByRole('button', { name: 'Try again' });
  }

  get devWallet(): Locator {
    return this.page.getByRole('button', { name: 'Use the local dev wallet (devnet only)' });
  }

  get disconnect(): Locator {
    return this.page.getByRole('button', { name: 'Disconnect' });
  }

  /** Withdraws the pairing code that is showing. */
  get cancel(): Locator {
    return this.page.getByRole('button', { name: 'Cancel', exact: true });
  }

  /** Where WalletConnect lacks a project id: opens its section of Settings. */
  get setUp(): Locator {
    return this.page.getByRole('button', { name: 'Set up WalletConnect' });
  }

  get qrCode(): Locator {
    return this.page.getByRole('img', { name: 'WalletConnect pairing code' });
  }

  /** The copyable wc: URI, which a wallet on this computer pastes instead of scanning. */
  get pairingLink(): Locator {
    return this.page.getByRole('textbox', { name: 'Pairing link' });
  }

  get waiting(): Locator {
    return this.page.getByRole('status').filter({ hasText: 'Waiting for your wallet to approve' });
  }

  /** A value of the connected wallet's facts: 'Wallet', 'Payout address', 'Chain'. */
  fact(term: 'Wallet' | 'Payout address' | 'Chain'): Locator {
    return this.page.locator('.wallet-facts div').filter({ has: this.page.locator('dt', { hasText: term }) }).locator('dd');
  }

  /** The full payout address, which the short form shows as its tooltip. */
  get address(): Locator {
    return this.fact('Payout address').locator('code');
  }

  get problem(): Locator {
    return this.page.getByRole('alert');
  }
}
