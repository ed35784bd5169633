/** A Playwright trace of one launch of a client (LaunchOptions.traceDir), the same for both drivers. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { launchTraceName } from './types.ts';

/**
 * Starts tracing the launch's windows — actions, DOM snapshots, screenshots — before its first window opens.
 * False when there is nothing to trace into, or when the context is traced already: inside a Playwright Test
 * with `use: { trace }` on, Playwright traces every context its library opens, this one included.
 */
export async function startLaunchTrace(context: BrowserContext, traceDir: string | undefined, title: string): Promise<boolean> {
  if (!traceDir) return false;
  mkdirSync(traceDir, { recursive: true });
  try {
    await context.tracing.start({ screenshots: true, snapshots: true, title });
    return true;
  } catch (error) {
    if (/already started/i.test((error as Error).message)) return false;
    throw error;
  }
}

/** Writes the launch's trace, as the launch quits; a context already gone (its browser died) has none to write. */
export async function stopLaunchTrace(context: BrowserContext | undefined, traceDir: string | undefined, launch: number): Promise<void> {
  if (!traceDir || !context) return;
  await context.tracing.stop({ path: join(traceDir, launchTraceName(launch)) }).catch(() => undefined);
}
