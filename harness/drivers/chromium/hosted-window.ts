/**
 * One BrowserWindow of the chromium driver: a Chromium page whose preload runs
 * in an isolated world, and the IPC between that world and main — a CDP
 * binding one way, calls on the preload world's bridge object the other.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { CDPSession, Page } from 'playwright-core';
import type { HostCommand } from './host-protocol.ts';
import { isolatedWorldScript, mainWorldScript, preloadScript, type BridgeNames } from './renderer/bridge-scripts.ts';
import type { SandboxOptions } from './renderer/preload-sandbox.ts';

const DELIVER_CALL = 'function (messages) { this.deliver(messages); }';

/** What a window needs of the client hosting it. */
export interface WindowLink {
  /** A request to the client's main process (over the current main, after a restart too). */
  request(command: HostCommand): Promise<unknown>;
  /** A line in the client's output. */
  note(text: string): void;
  /** Main and a window messaged each other now. */
  touched(): void;
  closed(window: HostedWindow): void;
}

/** One call on the preload world's bridge (`settle` an invoke, `emit` a message from main), waiting for its delivery. */
interface QueuedMessage {
  contextId: number;
  call: [method: 'emit' | 'settle', ...args: unknown[]];
  delivered(error?: unknown): void;
}

export class HostedWindow {
  readonly names: BridgeNames;
  /** Settles with the window's first load (or a failure to set the window up): `window(index)` fails with it rather than waiting for good. */
  readonly loaded: Promise<void>;
  expectedUrl: string | undefined;
  private markLoaded: (error?: Error) => void = () => {};
  private isolatedContextId: number | undefined;
  /** The preload world's bridge object, by context: messages are calls on it. */
  private hook: { contextId: number; objectId: string } | undefined;
  /** Messages for the preload world not yet sent: they queue while a delivery is on its way. */
  private readonly outbox: QueuedMessage[] = [];
  private sending = false;
  private readonly contextWaiters: Array<() => void> = [];

  constructor(readonly windowId: number, readonly page: Page, private readonly cdp: CDPSession, private readonly link: WindowLink) {
    const token = randomBytes(9).toString('base64url');
    this.names = { world: `tokenstorm-preload-${token}`, binding: `__tsIpc_${token}`, event: `tokenstorm-bridge-${token}`, hook: `__tsHost_${token}`, preload: `__tsPreload_${token}` };
    this.loaded = new Promise<void>((resolve, reject) => (this.markLoaded = (error) => (error ? reject(error) : resolve())));
    this.loaded.catch(() => undefined);
  }

  /** Wires the page to main: its preload world and IPC binding, navigation checks, close. A failure here fails the window's first load. */
  async host(preloadPath: string | null, sandbox: SandboxOptions): Promise<void> {
    try {
      await this.wire(preloadPath, sandbox);
    } catch (error) {
      this.markLoaded(new Error(`the driver could not set the window up: ${firstLine(error)}`));
      throw error;
    }
  }

  private async wire(preloadPath: string | null, sandbox: SandboxOptions): Promise<void> {
    const { windowId, page, cdp, names, link } = this;
    cdp.on('Runtime.executionContextCreated', ({ context }) => {
      if (context.name !== names.world) return;
      this.isolatedContextId = context.id;
      for (const wake of this.contextWaiters.splice(0)) wake();
    });
    // A context that is gone must not be written to: deliveries wait for the preload world of the next document.
    cdp.on('Runtime.executionContextDestroyed', ({ executionContextId }) => {
      if (executionContextId === this.isolatedContextId) this.isolatedContextId = undefined;
    });
    cdp.on('Runtime.executionContextsCleared', () => {
      this.isolatedContextId = undefined;
    });
    cdp.on('Runtime.bindingCalled', (event) => {
      if (event.name === names.binding) void this.onIpc(event.executionContextId, event.payload);
    });
    // What the preload's world throws outside the preload's own run (a preload that does not compile, a listener it added).
    cdp.on('Runtime.exceptionThrown', ({ exceptionDetails }) => {
      if (exceptionDetails.executionContextId !== undefined && exceptionDetails.executionContextId === this.isolatedContextId) {
        link.note(`[window ${windowId}] uncaught in the preload's world: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
      }
    });
    await cdp.send('Runtime.enable');
    await cdp.send('Page.enable');
    await cdp.send('Runtime.addBinding', { name: names.binding, executionContextName: names.world });
    if (preloadPath) {
      const preload = readPreload(preloadPath);
      // In this order on every document: the main world's end of the bridge first, so the preload can expose into it as it runs.
      await cdp.send('Page.addScriptToEvaluateOnNewDocument', { source: mainWorldScript(names), runImmediately: true });
      await cdp.send('Page.addScriptToEvaluateOnNewDocument', { source: isolatedWorldScript(names, sandbox), worldName: names.world, runImmediately: true });
      // Not in the blank page the window starts as: the preload runs (and reports an error) once per document main loads.
      await cdp.send('Page.addScriptToEvaluateOnNewDocument', { source: preloadScript(names, preload), worldName: names.world });
    }
    await page.route('**/*', async (route) => {
      const navigation = route.request().isNavigationRequest() && route.request().frame() === page.mainFrame();
      if (!navigation || route.request().url() === this.expectedUrl) return route.continue();
      const verdict = (await link.request({ kind: 'window:navigate', windowId, url: route.request().url() }).catch(() => ({ prevented: true }))) as { prevented: boolean };
      return verdict.prevented ? route.abort('aborted') : route.continue();
    });
    page.on('close', () => {
      link.closed(this);
      void link.request({ kind: 'window:closed', windowId }).catch(() => undefined);
    });
  }

  /** Loads what main asked for; the first load settles `loaded`. */
  async load(url: string): Promise<void> {
    this.expectedUrl = url;
    try {
      await this.page.goto(url, { waitUntil: 'load' });
    } catch (error) {
      this.markLoaded(new Error(`the load of ${url} failed: ${firstLine(error)}`));
      throw error;
    }
    this.markLoaded();
    await this.link.request({ kind: 'window:did-finish-load', windowId: this.windowId });
  }

  private async onIpc(contextId: number, payload: string): Promise<void> {
    const { link, windowId } = this;
    link.touched();
    const message = JSON.parse(payload) as { kind: 'invoke' | 'send'; id?: number; channel: string; args: unknown[] } | { kind: 'preload-error'; line: string; stack: string };
    if (message.kind === 'preload-error') {
      link.note(`[window ${windowId}] ${message.line}\n${message.stack}`);
      return;
    }
    const frameUrl = this.page.url();
    if (message.kind === 'send') {
      await link.request({ kind: 'ipc:send', windowId, frameUrl, channel: message.channel, args: message.args }).catch(() => undefined);
      return;
    }
    let ok = true;
    let value: unknown;
    try {
      value = await link.request({ kind: 'ipc:invoke', windowId, frameUrl, channel: message.channel, args: message.args });
    } catch (error) {
      ok = false;
      value = { name: 'Error', message: (error as Error).message };
    }
    await this.callHook(contextId, 'settle', [message.id, ok, JSON.stringify(value ?? null)]).catch((error: unknown) => this.bridgeFailed(`the answer to ${message.channel} for window ${windowId}`, error));
  }

  /** A message from main (`webContents.send`). */
  async deliver(channel: string, args: unknown[]): Promise<void> {
    this.link.touched();
    const json = JSON.stringify(args);
    // A message sent while the window is between documents goes to the next one, as Electron queues it.
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const contextId = this.isolatedContextId ?? (await this.nextContext());
      if (contextId === undefined) break;
      try {
        await this.callHook(contextId, 'emit', [channel, json]);
        return;
      } catch (error) {
        if (this.isolatedContextId === contextId) this.isolatedContextId = undefined;
        if (attempt === 1) this.bridgeFailed(`${channel} for window ${this.windowId}`, error);
      }
    }
  }

  /**
   * Calls `method` on the preload world's bridge object. The bridge takes
   * messages in order and runs each in a task of its own, as Electron
   * delivers IPC (renderer/bridge-scripts.ts); what queues here while one
   * delivery is on its way goes in the next, as one call — in a burst most
   * messages do, and each protocol call costs Playwright, Chromium and the
   * window far more than the message itself.
   */
  private callHook(contextId: number, method: 'emit' | 'settle', args: unknown[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.outbox.push({ contextId, call: [method, ...args], delivered: (error) => (error === undefined ? resolve() : reject(error)) });
      if (!this.sending) void this.sendOutbox();
    });
  }

  private async sendOutbox(): Promise<void> {
    this.sending = true;
    while (this.outbox.length > 0) {
      // One call per preload context: a message for a document that is gone fails alone, as it did on its own.
      const { contextId } = this.outbox[0]!;
      const end = this.outbox.findIndex((queued) => queued.contextId !== contextId);
      const batch = this.outbox.splice(0, end === -1 ? this.outbox.length : end);
      let failure: unknown;
      try {
        await this.deliverTo(contextId, batch.map((queued) => queued.call));
      } catch (error) {
        failure = error ?? new Error('delivery failed');
      }
      for (const queued of batch) queued.delivered(failure);
    }
    this.sending = false;
  }

  /** One source for every delivery, the messages as its argument: V8 compiles it once. */
  private async deliverTo(contextId: number, calls: QueuedMessage['call'][]): Promise<void> {
    if (this.hook?.contextId !== contextId) {
      const { result } = await this.cdp.send('Runtime.evaluate', { contextId, expression: `globalThis[${JSON.stringify(this.names.hook)}]` });
      if (!result.objectId) throw new Error(`the bridge of window ${this.windowId} is not in its preload world`);
      this.hook = { contextId, objectId: result.objectId };
    }
    await this.cdp.send('Runtime.callFunctionOn', { objectId: this.hook.objectId, functionDeclaration: DELIVER_CALL, arguments: [{ value: calls }] });
  }

  private nextContext(timeoutMs = 5_000): Promise<number | undefined> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(undefined), timeoutMs);
      this.contextWaiters.push(() => {
        clearTimeout(timer);
        resolve(this.isolatedContextId);
      });
    });
  }

  /** A message the bridge could not deliver is written to the client's output, not swallowed. */
  private bridgeFailed(what: string, error: unknown): void {
    this.link.note(`[tokenstorm chromium driver] could not deliver ${what}: ${firstLine(error)}`);
  }
}

/**
 * The preload's source. As in Electron, a preload that cannot be read never
 * fails the window: the page loads, and the error goes to the window's console
 * and the client's output as "Unable to load preload script: <path>" and the error.
 */
function readPreload(path: string): { source: string; path: string } {
  try {
    return { source: readFileSync(path, 'utf8'), path };
  } catch (error) {
    return { source: `throw new Error(${JSON.stringify((error as Error).message)});`, path };
  }
}

export function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}
