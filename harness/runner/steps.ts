/** One executor per scenario step (harness/scenarios/scenario-schema.ts), driving the IdP and the client. */
import type { MockIdp } from '../../mock-idp/index.ts';
import type { ClientHandle } from '../drivers/types.ts';
import { DEMO_USER } from '../fixtures/index.ts';
import { OFFLINE_FAULT_ID, type Scenario, type Step, type StepName, type UiState } from '../scenarios/scenario-schema.ts';
import { approveDeviceCode, signInOnLoginPage, type SystemBrowser } from './system-browser.ts';
import type { Page } from 'playwright-core';
import { byTestId, openNotes, waitForBurst, waitForShown, waitForShownUnless, waitForState, type GiveUp } from './ui.ts';

export interface RunContext {
  idp: MockIdp;
  client: ClientHandle;
  scenario: Scenario;
  /** The run's time scale: a scenario's `sleep` is on the client's clock. */
  timeScale: number;
  record(type: string, detail?: Record<string, unknown>): void;
  /** Unsaved text typed per window, to check it survives. */
  drafts: Map<number, string>;
  /** The browser where the client's external URLs open, started on first use. */
  systemBrowser(): Promise<SystemBrowser>;
  /** For a wait in `page` (for `awaited`, if a state): gives up once the window is stuck at a dead end (see STUCK_MS). */
  stuckAt(page: Page, awaited?: UiState): GiveUp;
}

type Executor<K extends StepName> = (context: RunContext, step: Extract<Step, { kind: K }>) => Promise<void>;

const page = (context: RunContext, window = 1) => context.client.window(window - 1);
/** The person the run signs in as: the first of the scenario's `idp.users`, else the demo user the IdP is seeded with. */
export const signedInUser = (scenario: Scenario) => scenario.idp.users?.[0] ?? DEMO_USER;
const SIGN_IN_BUTTON = { password: 'sign-in-submit', browser: 'sign-in-browser', device: 'sign-in-device' } as const;

async function setOffline(context: RunContext, where: 'renderer' | 'main' | 'idp' | 'all', offline: boolean): Promise<void> {
  if (where === 'renderer') {
    for (const window of context.client.windows()) await window.context().setOffline(offline);
  }
  if (where === 'main' || where === 'all') await context.client.setOffline(offline);
  if (where === 'idp' || where === 'all') {
    // The IdP end of "offline": every request is cut before a byte is answered.
    // Going offline twice is offline, as for a window or main; going online when online changes nothing.
    const inForce = context.idp.admin.faults.list().some((rule) => rule.id === OFFLINE_FAULT_ID);
    if (offline && !inForce) context.idp.admin.faults.add({ id: OFFLINE_FAULT_ID, action: { type: 'blackhole' } });
    if (!offline) context.idp.admin.faults.remove(OFFLINE_FAULT_ID);
  }
}

export const STEP_EXECUTORS: { [K in StepName]: Executor<K> } = {
  async signIn(context, step) {
    const window = await page(context, step.window);
    // The form appears once the app has checked its stored session; fill() would find it only on its 500 ms backoff.
    const form = await waitForShownUnless(window, byTestId('sign-in-email'), ['signed-in']);
    if (form !== 'shown') throw new Error(`the window is already "${form}": there is no sign-in form to fill`);
    const submit = window.getByTestId(SIGN_IN_BUTTON[step.method]);
    // The button is disabled while the app is busy (a sign-out still finishing) and for good when the client refuses
    // to sign in without secure storage: the latter is its answer, not a stuck step. Wait to learn which.
    await waitForShown(window, `${byTestId(SIGN_IN_BUTTON[step.method])}:enabled, ${byTestId('secure-storage-unavailable')}`);
    if (await window.getByTestId('secure-storage-unavailable').isVisible()) return context.record('sign-in-refused', { window: step.window ?? 1 });
    if (step.method === 'password') {
      const user = signedInUser(context.scenario);
      await window.getByTestId('sign-in-email').fill(user.email);
      await window.getByTestId('sign-in-password').fill(user.password);
      await submit.click();
    } else if (step.method === 'browser') {
      // PKCE through the system browser: the app opens the IdP's login page there and waits on its loopback redirect.
      const browser = await context.systemBrowser();
      await submit.click();
      await signInOnLoginPage(await browser.nextPage(), signedInUser(context.scenario));
    } else {
      // The device flow: the app shows a code, which the person approves on another device.
      await submit.click();
      await waitForShown(window, byTestId('device-user-code'));
      const userCode = ((await window.getByTestId('device-user-code').textContent()) ?? '').trim();
      await approveDeviceCode(await context.systemBrowser(), context.idp.url, userCode, signedInUser(context.scenario));
    }
  },
  async advanceClock(context, step) {
    await context.idp.admin.clock.advance(step.by);
  },
  async setClock(context, step) {
    await context.idp.admin.clock.set(step.to ?? context.idp.admin.clock.now() + step.offset!);
  },
  async burst(context, step) {
    const numbers = step.window === 'all' ? context.client.windows().map((_, index) => index + 1) : [step.window ?? 1];
    // Every window is made ready first and then all fire together: a window still being set up would fire
    // after another window's refresh had landed, and whether its calls meet a 401 would be a coin toss.
    const ready = await Promise.all(
      numbers.map(async (number) => {
        const window = await page(context, number);
        await openNotes(window, context.stuckAt(window));
        await window.getByTestId('burst-path').selectOption(step.path);
        await window.getByTestId('burst-size').fill(String(step.requests));
        const button = window.getByTestId('burst');
        // Bursts may overlap: the step waits for the one its click starts, by the id the button will give it.
        return { window, button, id: await button.getAttribute('data-next-burst') };
      }),
    );
    await Promise.all(ready.map(({ button }) => button.click()));
    if (step.wait) await Promise.all(ready.map(({ window, id }) => waitForBurst(window, id, step.requests)));
  },
  async saveNote(context, step) {
    const window = await page(context, step.window);
    await openNotes(window, context.stuckAt(window));
    await window.getByTestId('note-draft').fill(step.text);
    await window.getByTestId('note-save').click();
  },
  async typeDraft(context, step) {
    const window = await page(context, step.window);
    await openNotes(window, context.stuckAt(window));
    await window.getByTestId('note-draft').fill(step.text);
    context.drafts.set(step.window ?? 1, step.text);
  },
  async addFault(context, step) {
    context.idp.admin.faults.add(step.rule);
  },
  async removeFault(context, step) {
    context.idp.admin.faults.remove(step.id);
  },
  async clearFaults(context) {
    context.idp.admin.faults.clear();
  },
  async offline(context, step) {
    await setOffline(context, step.where, true);
  },
  async online(context, step) {
    await setOffline(context, step.where, false);
  },
  async restart(context) {
    await context.client.restart();
    await context.client.window();
  },
  async revoke(context, step) {
    const families = context.idp.admin.state().families.filter((family) => family.status === 'active');
    if (step.target === 'all') await context.idp.admin.revoke({ all: true });
    else if (step.target === 'user') await context.idp.admin.revoke({ email: signedInUser(context.scenario).email });
    else for (const family of families) await context.idp.admin.revoke({ familyId: family.id });
  },
  async expireAccessTokens(context) {
    context.idp.admin.expire();
  },
  async rotateSigningKey(context, step) {
    await context.idp.admin.keys.rotate({ ...(step.algorithm ? { algorithm: step.algorithm } : {}), retirePrevious: step.retirePrevious });
  },
  async signOut(context, step) {
    const window = await page(context, step.window);
    const tabs = await waitForShownUnless(window, byTestId('tab-account'), ['signed-out']);
    if (tabs !== 'shown') throw new Error(`the window is "${tabs}": there is nothing to sign out of`);
    await window.getByTestId('tab-account').click();
    await window.getByTestId('sign-out').click();
  },
  async waitFor(context, step) {
    const window = await page(context, step.window);
    await waitForState(window, step.state, step.timeoutMs, context.stuckAt(window, step.state));
  },
  async sleep(context, step) {
    await new Promise((resolve) => setTimeout(resolve, step.ms / context.timeScale));
  },
};
