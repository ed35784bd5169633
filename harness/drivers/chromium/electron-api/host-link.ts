/** The main process's link to the chromium driver that spawned it (Node IPC channel). */
import type { HostCommand, MainNotice, MainRequest } from '../host-protocol.ts';
import { createRpcChannel, type RpcChannel } from '../rpc-channel.ts';

type HostLink = RpcChannel<MainRequest | MainNotice, HostCommand>;

// One per process, even if a loader evaluates this module twice (ESM and CJS paths to `electron`).
const LINK = Symbol.for('tokenstorm.chromium.hostLink');
const registry = globalThis as unknown as Record<symbol, HostLink | undefined>;

export function hostLink(): HostLink {
  let link = registry[LINK];
  if (!link) {
    if (!process.send) throw new Error('tokenstorm electron API: this process was not started by the chromium driver (no IPC channel)');
    // The channel stays referenced: like Electron, the app lives until app.quit()/exit().
    link = createRpcChannel(process as unknown as Parameters<typeof createRpcChannel>[0]);
    registry[LINK] = link;
  }
  return link;
}
