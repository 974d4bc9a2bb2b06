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

  get summary(): Locator {
    return this.page.getByRole('region', { name: 'Summary' });
  }

  gpu(model: string): Locator {
    return this.page.getByRole('article', { name: model, exact: true });
  }

  get alert(): Locator {
    return this.page.getByRole('alert');
  }

  async screenshot(testInfo: TestInfo, name: string) {
    await testInfo.attach(name, { body: await this.page.screenshot({ fullPage: true }), contentType: 'image/png' });
  }
}
