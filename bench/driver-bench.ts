/**
 * The chromium driver's start-up cost, in one run: launch-to-first-window and
 * restart of the reference client (median of 10), next to a bare
 * `chromium.launch()` + `newPage()` with the same Chromium and flags.
 */
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, createChromiumDriver } from '../harness/drivers/chromium/chromium-driver.ts';
import { createMockIdp } from '../mock-idp/index.ts';

export interface DriverBenchResult {
  launchToFirstWindowMs: number;
  restartMs: number;
  bareLaunchAndPageMs: number;
  samples: number;
}

const MAIN = fileURLToPath(new URL('../electron-app/out/main/index.js', import.meta.url));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)]!);
}

export async function benchDriver(samples = 10): Promise<DriverBenchResult> {
  const idp = await createMockIdp();
  const driver = createChromiumDriver();
  const launch: number[] = [];
  const restart: number[] = [];
  const bare: number[] = [];
  try {
    for (let i = 0; i < samples; i += 1) {
      // Interleaved, so background load on a shared machine hits all three alike.
      let started = performance.now();
      const browser = await chromium.launch({ executablePath: process.env.TOKENSTORM_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
      const page = await browser.newPage();
      await page.goto('about:blank');
      bare.push(performance.now() - started);
      await browser.close();

      started = performance.now();
      const client = await driver.launch({ main: MAIN, idpUrl: idp.url });
      await client.window();
      launch.push(performance.now() - started);
      started = performance.now();
      await client.restart();
      await client.window();
      restart.push(performance.now() - started);
      await client.close();
    }
  } finally {
    await idp.close();
  }
  return { launchToFirstWindowMs: median(launch), restartMs: median(restart), bareLaunchAndPageMs: median(bare), samples };
}
