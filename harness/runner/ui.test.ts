/**
 * The runner's waits against a page shaped like the reference client's status pill: when a window is at a dead
 * end, and a wait told so fails with that reason instead of waiting out its timeout.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, chromiumExecutable } from '../drivers/chromium/shared-browser.ts';
import { byTestId, deadEnd, openNotes, waitForBurst, waitForState, type GiveUp } from './ui.ts';

interface Screen {
  pill: string;
  busy: boolean;
  offline?: boolean;
  tabs?: boolean;
}

const screen = ({ pill, busy, offline = false, tabs = false }: Screen) =>
  `<span data-testid="session-status" data-busy="${busy}">${pill}</span>` +
  `<div data-testid="offline-indicator" style="display: ${offline ? 'block' : 'none'}">Offline</div>` +
  (tabs ? `<button data-testid="tab-notes">Notes</button>` : '');

/** A GiveUp that counts its calls and answers `reason` from the `after`-th call on. */
function givingUp(reason: string | undefined, after = 1): GiveUp & { calls: number } {
  const check = Object.assign(async () => (++check.calls >= after ? reason : undefined), { calls: 0 });
  return check;
}

describe('runner waits (ui.ts)', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS });
    page = await browser.newPage();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it.each([
    [{ pill: 'Signed out', busy: false }, 'signed-out'],
    [{ pill: 'Session expired', busy: false }, 'expired'],
    // A sign-in (or the device flow's polling, or a sign-out) under way, or the app still starting: it may move on.
    [{ pill: 'Signed out', busy: true }, undefined],
    [{ pill: 'Session expired', busy: true }, undefined],
    // Offline is waiting for the network, and a session that is good goes on by itself.
    [{ pill: 'Session expired', busy: false, offline: true }, undefined],
    [{ pill: 'Signed in', busy: false }, undefined],
    [{ pill: 'Refreshing…', busy: false }, undefined],
    [{ pill: 'Offline — session kept', busy: false }, undefined],
  ] as const)('deadEnd of %o is %s', async (shown, expected) => {
    await page.setContent(screen(shown));
    expect(await deadEnd(page)).toBe(expected);
  });

  it('a wait that is given a reason fails at once with it, not at its timeout', async () => {
    await page.setContent(screen({ pill: 'Session expired', busy: false }));
    const giveUp = givingUp('it is stuck', 2);
    await expect(waitForState(page, 'signed-in', 60_000, giveUp)).rejects.toThrow('the window cannot reach "signed-in": it is stuck');
    expect(giveUp.calls).toBe(2);
  });

  it('a wait whose GiveUp finds nothing ends as before: reached, or timed out naming what the window shows', async () => {
    await page.setContent(screen({ pill: 'Signed out', busy: false }));
    const never = givingUp(undefined);
    await expect(waitForState(page, 'signed-in', 600, never)).rejects.toThrow('the window did not reach "signed-in" within 600 ms; it shows "signed-out"');
    expect(never.calls).toBeGreaterThan(0);
    const later = waitForState(page, 'signed-in', 10_000, givingUp(undefined));
    await page.evaluate(() => setTimeout(() => (document.querySelector('[data-testid="session-status"]')!.textContent = 'Signed in'), 400));
    await expect(later).resolves.toBeUndefined();
  });

  it('a window that reaches the state does not ask its GiveUp again', async () => {
    await page.setContent(screen({ pill: 'Signed in', busy: false }));
    const giveUp = givingUp('it is stuck');
    await waitForState(page, 'signed-in', 10_000, giveUp);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(giveUp.calls).toBe(0);
  });

  it('opening the notes screen of a stuck window says why it cannot', async () => {
    await page.setContent(screen({ pill: 'Signed out', busy: false }));
    await expect(openNotes(page, givingUp('it shows "signed-out" and nothing happens'))).rejects.toThrow('the window cannot open its notes screen: it shows "signed-out" and nothing happens');
    await page.setContent(screen({ pill: 'Signed in', busy: false, tabs: true }) + `<textarea data-testid="note-draft" hidden></textarea>`);
    await page.evaluate(() => document.querySelector(`[data-testid="tab-notes"]`)!.addEventListener('click', () => document.querySelector<HTMLElement>('[data-testid="note-draft"]')!.removeAttribute('hidden')));
    await openNotes(page, givingUp('never asked'));
    expect(await page.locator(byTestId('note-draft')).isVisible()).toBe(true);
  });

  it('a burst whose calls do not end says what the window shows', async () => {
    await page.setContent(screen({ pill: 'Offline — session kept', busy: false }) + `<div data-testid="burst-result" data-burst-id="3" data-done="false"></div>`);
    await expect(waitForBurst(page, '3', 20, 300)).rejects.toThrow(`burst 3's 20 call(s) did not all end within 300 ms; the window shows "offline"`);
    await page.evaluate(() => document.querySelector('[data-testid="burst-result"]')!.setAttribute('data-done', 'true'));
    await expect(waitForBurst(page, '3', 20, 300)).resolves.toBeUndefined();
  });
});
