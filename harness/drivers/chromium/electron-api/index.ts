/**
 * tokenstorm's implementation of the Electron main-process API subset the
 * reference client uses (see electron-app/ELECTRON_API.md), for the chromium
 * driver. `electron` resolves here in the client's main process.
 */
import { app } from './app.ts';
import { BrowserWindow } from './browser-window.ts';
import { ipcMain } from './ipc-main.ts';
import { net } from './network.ts';
import { dialog, Notification, shell } from './recorded-apis.ts';
import { safeStorage } from './safe-storage.ts';

const rendererOnly = (name: string) =>
  new Proxy({}, { get: () => { throw new Error(`electron.${name} is only available in a renderer or preload, not in the main process`); } });

export const contextBridge = rendererOnly('contextBridge');
export const ipcRenderer = rendererOnly('ipcRenderer');
export const Menu = { setApplicationMenu: (_menu: unknown) => {}, buildFromTemplate: (template: unknown) => ({ template }) };
export const nativeTheme = { shouldUseDarkColors: false, themeSource: 'system', on: () => nativeTheme };
export { app, BrowserWindow, dialog, ipcMain, net, Notification, safeStorage, shell };

const electron = { app, BrowserWindow, contextBridge, dialog, ipcMain, ipcRenderer, Menu, nativeTheme, net, Notification, safeStorage, shell };
export default electron;
