/** How the runner reads and drives the reference client's screens (by test id). */
import type { Page } from 'playwright-core';
import type { UiState } from '../scenarios/scenario-schema.ts';

export const STATUS_TEXT: Record<UiState, RegExp> = {
  'signed-in': /^Signed in$/,
  'signed-out': /^Signed out$/,
  expired: /^Session expired$/,
  offline: /^Offline/,
  refreshing: /^Refreshing/,
};

/**
 * How often a wait looks again. Playwright's own `locator.waitFor` backs off
 * to a look every 500 ms after the first 270 ms, so a state that arrives at
 * 300 ms is seen at 770 ms: a scenario step ran up to half a second late, and
 * a step timed against a real-time fault (`sign-out-during-refresh`) could
 * miss its moment. These waits look in the page on a timer instead (not per
 * animation frame, which would keep the window drawing frames while it waits).
 */
const POLL_MS = 25;

/**
 * "offline" is what a person sees: the session pill saying so, or the window's
 * offline indicator (a window can be offline while its session is still good).
 */
export async function currentState(page: Page): Promise<UiState | 'unknown'> {
  const text = (await page.getByTestId('session-status').textContent())?.trim() ?? '';
  const found = (Object.entries(STATUS_TEXT) as Array<[UiState, RegExp]>).find(([, pattern]) => pattern.test(text));
  if (found?.[0] !== 'offline' && (await page.getByTestId('offline-indicator').isVisible())) return 'offline';
  return found?.[0] ?? 'unknown';
}

/**
 * Asked while a wait goes on: why what it waits for cannot come any more, or undefined. A wait that is given a
 * reason fails at once with it rather than at its timeout.
 */
export type GiveUp = () => Promise<string | undefined>;

/** How often a wait asks its GiveUp. */
const GIVE_UP_POLL_MS = 250;

/**
 * Awaits a wait in the page; its timeout becomes the error `onTimeout` gives, a reason `giveUp` gives becomes
 * `onGiveUp(reason)` at once, anything else (a closed page) passes through.
 */
async function orOnTimeout(page: Page, wait: Promise<unknown>, onTimeout: () => Promise<Error>, giveUp?: GiveUp, onGiveUp?: (reason: string) => Error): Promise<void> {
  let waiting = true;
  let gaveUp: Error | undefined;
  const watch = async (): Promise<void> => {
    while (waiting) {
      await new Promise((resolve) => setTimeout(resolve, GIVE_UP_POLL_MS));
      // A page closed under the wait is the wait's own outcome to report.
      const reason = waiting && !page.isClosed() ? await giveUp!().catch(() => undefined) : undefined;
      if (reason !== undefined && waiting) throw (gaveUp = onGiveUp!(reason));
    }
  };
  try {
    // The watch ends quietly with the wait; only a reason it finds rejects the race.
    await (giveUp ? Promise.race([wait, watch().then(() => wait)]) : wait);
  } catch (error) {
    if (error === gaveUp || page.isClosed() || !/Timeout/.test((error as Error).message)) throw error;
    throw await onTimeout();
  } finally {
    waiting = false;
    // A wait given up goes on in the page until its timeout or the page closes; nobody awaits it any more.
    wait.catch(() => undefined);
  }
}

/** UI states the reference client leaves only when someone signs in: nothing it does on its own leads out of them. */
const DEAD_ENDS: ReadonlySet<UiState | 'unknown'> = new Set(['signed-out', 'expired']);

/**
 * The state a window is stuck in, or undefined: it shows signed out or session expired (not offline), and no
 * sign-in, sign-out or session check is under way in it (`data-busy` on the session pill). From there only a
 * sign-in — a scenario step — leads anywhere else. Whether the client or the IdP is still doing something (a
 * late answer can bring a session back) is the caller's to know.
 */
export async function deadEnd(page: Page): Promise<UiState | undefined> {
  if ((await page.getByTestId('session-status').getAttribute('data-busy')) !== 'false') return undefined;
  const state = await currentState(page);
  return DEAD_ENDS.has(state) ? (state as UiState) : undefined;
}

export async function waitForState(page: Page, state: UiState, timeoutMs = 15_000, giveUp?: GiveUp): Promise<void> {
  const pattern = STATUS_TEXT[state];
  await orOnTimeout(
    page,
    // No named inner functions here: tsx would wrap them in a helper the page does not have.
    page.waitForFunction(
      ({ source, flags, orOfflineIndicator }) => {
        const pill = document.querySelector('[data-testid="session-status"]');
        if (pill && pill.getClientRects().length > 0 && new RegExp(source, flags).test((pill.textContent ?? '').trim())) return true;
        const indicator = orOfflineIndicator ? document.querySelector('[data-testid="offline-indicator"]') : null;
        return indicator !== null && indicator.getClientRects().length > 0;
      },
      { source: pattern.source, flags: pattern.flags, orOfflineIndicator: state === 'offline' },
      { polling: POLL_MS, timeout: timeoutMs },
    ),
    async () => new Error(`the window did not reach "${state}" within ${timeoutMs} ms; it shows "${await currentState(page).catch(() => 'unknown')}"`),
    giveUp,
    (reason) => new Error(`the window cannot reach "${state}": ${reason}`),
  );
}

/** Thrown when a wait for an element times out or is given up (`stuck`: why); other errors (a closed page) pass through. */
class NotShownError extends Error {
  constructor(
    message: string,
    readonly stuck?: string,
  ) {
    super(message);
  }
}

/** Waits until an element matching `css` is on screen (laid out, not `display: none`). */
export async function waitForShown(page: Page, css: string, timeoutMs = 20_000, giveUp?: GiveUp): Promise<void> {
  await waitForShownUnless(page, css, [], timeoutMs, giveUp);
}

/**
 * Waits until an element matching `css` is on screen, or the session pill shows one of `instead` — a state in which
 * it never will be (no sign-in form once signed in, no tabs once signed out). Resolves with which came first.
 */
export async function waitForShownUnless(page: Page, css: string, instead: readonly UiState[], timeoutMs = 20_000, giveUp?: GiveUp): Promise<'shown' | UiState> {
  const patterns = instead.map((state) => ({ state, source: STATUS_TEXT[state].source, flags: STATUS_TEXT[state].flags }));
  let outcome: 'shown' | UiState = 'shown';
  await orOnTimeout(
    page,
    page
      .waitForFunction(
        ({ selector, states }) => {
          if ((document.querySelector(selector)?.getClientRects().length ?? 0) > 0) return 'shown';
          const pill = document.querySelector('[data-testid="session-status"]');
          const text = (pill?.textContent ?? '').trim();
          return states.find((candidate) => new RegExp(candidate.source, candidate.flags).test(text))?.state ?? false;
        },
        { selector: css, states: patterns },
        { polling: POLL_MS, timeout: timeoutMs },
      )
      .then(async (handle) => {
        // With no other state to wait for, the answer can only be 'shown': no round trip to read it.
        if (instead.length > 0) outcome = (await handle.jsonValue()) as 'shown' | UiState;
        await handle.dispose();
      }),
    async () => new NotShownError(`${css} was not shown within ${timeoutMs} ms`),
    giveUp,
    (reason) => new NotShownError(`${css} cannot be shown: ${reason}`, reason),
  );
  return outcome;
}

export const byTestId = (testId: string) => `[data-testid="${testId}"]`;

/** Waits for burst `id` (the button's `data-next-burst` when it was clicked) to end: every call answered or failed. */
export async function waitForBurst(page: Page, id: string | null, requests: number, timeoutMs = 20_000): Promise<void> {
  try {
    await waitForShown(page, `${byTestId('burst-result')}[data-burst-id="${id}"][data-done="true"]`, timeoutMs);
  } catch (error) {
    if (!(error instanceof NotShownError)) throw error;
    // Calls that never end are a client waiting on something (a hang, a Retry-After): say what the window shows.
    throw new Error(`burst ${id}'s ${requests} call(s) did not all end within ${timeoutMs} ms; the window shows "${await currentState(page).catch(() => 'unknown')}"`);
  }
}

/** Opens the notes screen; `giveUp` may end the wait for its tab early (a window stuck signed out has none). */
export async function openNotes(page: Page, giveUp?: GiveUp): Promise<void> {
  try {
    await waitForShown(page, byTestId('tab-notes'), undefined, giveUp);
  } catch (error) {
    if (!(error instanceof NotShownError)) throw error;
    // A window that is not signed in has no tabs: say so, rather than that a click timed out.
    throw new Error(`the window cannot open its notes screen: ${error.stuck ?? `it shows "${await currentState(page).catch(() => 'unknown')}"`}`);
  }
  await page.getByTestId('tab-notes').click();
  await waitForShown(page, byTestId('note-draft'));
}
