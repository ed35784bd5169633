import { describe, expect, it } from 'vitest';
import { chromiumExecutable, DEBIAN_CHROMIUM, DEBIAN_HEADLESS_SHELL } from './shared-browser.ts';

describe('chromiumExecutable', () => {
  const installed = (...paths: string[]) => (path: string) => paths.includes(path);

  it('runs headless in the headless shell where it is installed', () => {
    expect(chromiumExecutable(true, {}, installed(DEBIAN_CHROMIUM, DEBIAN_HEADLESS_SHELL))).toBe(DEBIAN_HEADLESS_SHELL);
  });

  it("falls back to Debian's chromium without the headless shell, and for a headed browser", () => {
    expect(chromiumExecutable(true, {}, installed(DEBIAN_CHROMIUM))).toBe(DEBIAN_CHROMIUM);
    expect(chromiumExecutable(false, {}, installed(DEBIAN_CHROMIUM, DEBIAN_HEADLESS_SHELL))).toBe(DEBIAN_CHROMIUM);
  });

  it('takes TOKENSTORM_CHROMIUM over either', () => {
    const env = { TOKENSTORM_CHROMIUM: '/opt/chromium/chrome' };
    expect(chromiumExecutable(true, env, installed(DEBIAN_HEADLESS_SHELL))).toBe('/opt/chromium/chrome');
    expect(chromiumExecutable(false, env, installed())).toBe('/opt/chromium/chrome');
  });
});
