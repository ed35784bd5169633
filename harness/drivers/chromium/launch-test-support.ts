/** What the chromium driver's test files share: clients of one fixture app, each disposed after its test. */
import { afterEach } from 'vitest';
import type { ClientHandle, LaunchOptions } from '../types.ts';
import { createChromiumDriver } from './chromium-driver.ts';

export function fixtureClients(main: string) {
  const driver = createChromiumDriver();
  const launched: ClientHandle[] = [];
  afterEach(async () => {
    await Promise.all(launched.splice(0).map((client) => client.dispose()));
  });
  const launch = async (options: Partial<LaunchOptions> = {}): Promise<ClientHandle> => {
    const client = await driver.launch({ main, ...options });
    launched.push(client);
    return client;
  };
  return { driver, launched, launch };
}
