/**
 * The "system browser": where the client's `shell.openExternal` URLs open and
 * where a person signs in (RFC 8252's external user-agent) or approves a device
 * code on "another device". A browser context of its own in the shared
 * Chromium, so it shares no cookies or storage with the client's windows.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { chromiumExecutable, leaseBrowser } from '../drivers/chromium/shared-browser.ts';

export interface SystemBrowser {
  /** Resolves with the page that opened the next external URL. */
  nextPage(timeoutMs?: number): Promise<Page>;
  /** What `shell.openExternal` does: open the URL, for the next `nextPage()`. */
  open(url: string): Promise<void>;
  /** A person opening a URL themselves (another device, a typed address). */
  visit(url: string): Promise<Page>;
  close(): Promise<void>;
}

export async function startSystemBrowser(): Promise<SystemBrowser> {
  const lease = await leaseBrowser({ executablePath: chromiumExecutable(), headless: true });
  let context: BrowserContext;
  try {
    context = await lease.browser.newContext();
  } catch (error) {
    lease.release();
    throw error;
  }
  const opened: Page[] = [];
  const waiters: Array<(page: Page) => void> = [];
  const visit = async (url: string) => {
    const page = await context.newPage();
    await page.goto(url);
    return page;
  };
  return {
    async open(url) {
      const page = await visit(url);
      const waiter = waiters.shift();
      if (waiter) waiter(page);
      else opened.push(page);
    },
    visit,
    nextPage(timeoutMs = 20_000) {
      const page = opened.shift();
      if (page) return Promise.resolve(page);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`the client opened no page in the system browser within ${timeoutMs} ms`));
        }, timeoutMs);
        const waiter = (next: Page) => {
          clearTimeout(timer);
          resolve(next);
        };
        waiters.push(waiter);
      });
    },
    async close() {
      await context.close().catch(() => undefined);
      lease.release();
    },
  };
}

interface Credentials {
  email: string;
  password: string;
}

/** The credential fields the IdP's login and device pages share. */
async function fillCredentials(page: Page, user: Credentials): Promise<void> {
  await page.getByLabel('Email or username').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
}

/** A person signing in on the IdP's login page (the authorization endpoint's form). */
export async function signInOnLoginPage(page: Page, user: Credentials): Promise<void> {
  await fillCredentials(page, user);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** A person approving a device code on the IdP's device page, from another device. */
export async function approveDeviceCode(browser: SystemBrowser, idpUrl: string, userCode: string, user: Credentials): Promise<void> {
  const phone = await browser.visit(`${idpUrl}/oauth/device`);
  await phone.getByLabel('Device code').fill(userCode);
  await fillCredentials(phone, user);
  await phone.getByRole('button', { name: 'Approve' }).click();
}
