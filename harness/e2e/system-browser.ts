/**
 * The "system browser" for specs: a separate Chromium that receives the URLs
 * the client hands to `shell.openExternal`, where the spec plays the person.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../drivers/chromium/chromium-driver.ts';

export interface SystemBrowser {
  /** Resolves with the page that opened the next external URL. */
  nextPage(): Promise<Page>;
  /** What `shell.openExternal` does: open the URL, for the next `nextPage()`. */
  open(url: string): Promise<void>;
  /** A person opening a URL themselves (another device, a typed address). */
  visit(url: string): Promise<Page>;
  close(): Promise<void>;
}

export async function startSystemBrowser(): Promise<SystemBrowser> {
  const browser: Browser = await chromium.launch({ executablePath: process.env.TOKENSTORM_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const opened: Page[] = [];
  const waiters: Array<(page: Page) => void> = [];
  return {
    async open(url) {
      const page = await browser.newPage();
      await page.goto(url);
      const waiter = waiters.shift();
      if (waiter) waiter(page);
      else opened.push(page);
    },
    async visit(url) {
      const page = await browser.newPage();
      await page.goto(url);
      return page;
    },
    nextPage: () => {
      const page = opened.shift();
      return page ? Promise.resolve(page) : new Promise((resolve) => waiters.push(resolve));
    },
    close: () => browser.close(),
  };
}
