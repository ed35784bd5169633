/**
 * The preload (sandboxed, CommonJS when built): the only bridge between the page
 * and main. It exposes `window.secureStorage` (the recipe's surface) and
 * `window.tokenstorm` (the app's narrow auth/API calls), nothing else.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { RendererIpc } from '../shared/ipc-contract.ts';
import { createSecureStorageApi, createTokenstormApi } from './api.ts';

const ipc: RendererIpc = {
  invoke: (channel, ...args) => ipcRenderer.invoke(channel, ...args),
  send: (channel, ...args) => ipcRenderer.send(channel, ...args),
  on: (channel, listener) => {
    // The page gets the payload only, never the IpcRendererEvent (it carries `sender`).
    const wrapped = (_event: Electron.IpcRendererEvent, payload: Parameters<typeof listener>[0]) => listener(payload);
    ipcRenderer.on(channel, wrapped);
    return () => {
      ipcRenderer.removeListener(channel, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('secureStorage', createSecureStorageApi(ipc));
contextBridge.exposeInMainWorld('tokenstorm', createTokenstormApi(ipc));
