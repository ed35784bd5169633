/**
 * The chromium driver's start-up cost, in one run (median of 10, interleaved):
 * launching the reference client to its first loaded window and restarting
 * it, next to bare Playwright with the same Chromium and flags. Cold: the
 * first client of a process, which launches the browser. Warm: the browser is
 * already up (the driver shares one per process), so a client costs a browser
 * context, its main process and its window.
 */
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS, createChromiumDriver } from '../harness/drivers/chromium/chromium-driver.ts';
import { chromiumExecutable, closeIdleBrowsers } from '../harness/drivers/chromium/shared-browser.ts';
import type { ClientHandle } from '../harness/drivers/types.ts';
import { median } from './median.ts';
import { createMockIdp } from '../mock-idp/index.ts';

export interface DriverBenchResult {
  /** Bare `chromium.launch()` + `newPage()` + `goto('about:blank')`. */
  bareColdMs: number;
  /** Bare `browser.newContext()` + `newPage()` + `goto('about:blank')` on a running browser. */
  bareWarmMs: number;
  coldLaunchToFirstWindowMs: number;
  warmLaunchToFirstWindowMs: number;
  restartMs: number;
  samples: number;
}

const MAIN = fileURLToPath(new URL('../electron-app/out/main/index.js', import.meta.url));
const CHROMIUM = chromiumExecutable();

async function timed(action: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await action();
  return performance.now() - started;
}

export async function benchDriver(samples = 10): Promise<DriverBenchResult> {
  const idp = await createMockIdp();
  const driver = createChromiumDriver();
  const samplesOf = { bareCold: [] as number[], bareWarm: [] as number[], cold: [] as number[], warm: [] as number[], restart: [] as number[] };
  try {
    for (let i = 0; i < samples; i += 1) {
      // Interleaved, so background load on a shared machine hits every measure alike.
      let bare: Browser | undefined;
      samplesOf.bareCold.push(await timed(async () => {
        bare = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
        await (await bare.newPage()).goto('about:blank');
      }));
      samplesOf.bareWarm.push(await timed(async () => (await bare!.newPage()).goto('about:blank')));
      await bare!.close();

      await closeIdleBrowsers();
      let client: ClientHandle | undefined;
      const launch = async () => {
        client = await driver.launch({ main: MAIN, idpUrl: idp.url });
        await client.window();
      };
      samplesOf.cold.push(await timed(launch));
      await client!.dispose();
      samplesOf.warm.push(await timed(launch));
      samplesOf.restart.push(await timed(async () => {
        await client!.restart();
        await client!.window();
      }));
      await client!.dispose();
    }
  } finally {
    await idp.close();
    await closeIdleBrowsers();
  }
  return {
    bareColdMs: Math.round(median(samplesOf.bareCold)),
    bareWarmMs: Math.round(median(samplesOf.bareWarm)),
    coldLaunchToFirstWindowMs: Math.round(median(samplesOf.cold)),
    warmLaunchToFirstWindowMs: Math.round(median(samplesOf.warm)),
    restartMs: Math.round(median(samplesOf.restart)),
    samples,
  };
}
