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
 * "offline" is what a person sees: the session pill saying so, or the window's
 * offline indicator (a window can be offline while its session is still good).
 */
export async function currentState(page: Page): Promise<UiState | 'unknown'> {
  const text = (await page.getByTestId('session-status').textContent())?.trim() ?? '';
  const found = (Object.entries(STATUS_TEXT) as Array<[UiState, RegExp]>).find(([, pattern]) => pattern.test(text));
  if (found?.[0] !== 'offline' && (await page.getByTestId('offline-indicator').isVisible())) return 'offline';
  return found?.[0] ?? 'unknown';
}

export async function waitForState(page: Page, state: UiState, timeoutMs = 15_000): Promise<void> {
  const pill = page.getByTestId('session-status').filter({ hasText: STATUS_TEXT[state] });
  await (state === 'offline' ? pill.or(page.getByTestId('offline-indicator')) : pill).first().waitFor({ timeout: timeoutMs });
}

export async function openNotes(page: Page): Promise<void> {
  await page.getByTestId('tab-notes').click();
  await page.getByTestId('note-draft').waitFor();
}
