/**
 * tokenstorm's implementation of the Electron main-process API subset the
 * reference client uses (see electron-app/ELECTRON_API.md), for the chromium
 * driver. `electron` resolves here in the client's main process. What it does
 * not implement is still exported (so `import { session } from 'electron'`
 * links) and fails when used, naming the API (./not-implemented.ts).
 */
import { app as appImpl } from './app.ts';
import { BrowserWindow as BrowserWindowImpl } from './browser-window.ts';
import { ipcMain as ipcMainImpl } from './ipc-main.ts';
import { net as netImpl } from './network.ts';
import { notImplementedError, unimplementedApi, withUnimplementedMembers } from './not-implemented.ts';
import { dialog as dialogImpl, Notification as NotificationImpl, shell as shellImpl } from './recorded-apis.ts';
import { safeStorage as safeStorageImpl } from './safe-storage.ts';

const rendererOnly = (name: string) =>
  new Proxy({}, { get: () => { throw new Error(`electron.${name} is only available in a renderer or preload, not in the main process`); } });

export const contextBridge = rendererOnly('contextBridge');
export const ipcRenderer = rendererOnly('ipcRenderer');
export const webFrame = rendererOnly('webFrame');
export const webUtils = rendererOnly('webUtils');

export const app = withUnimplementedMembers(appImpl, 'app');
export const BrowserWindow = withUnimplementedMembers(BrowserWindowImpl, 'BrowserWindow');
export const dialog = withUnimplementedMembers(dialogImpl, 'dialog');
export const ipcMain = withUnimplementedMembers(ipcMainImpl, 'ipcMain');
export const net = withUnimplementedMembers(netImpl, 'net');
export const Notification = withUnimplementedMembers(NotificationImpl, 'Notification');
export const safeStorage = withUnimplementedMembers(safeStorageImpl, 'safeStorage');
export const shell = withUnimplementedMembers(shellImpl, 'shell');
export const Menu = withUnimplementedMembers({ setApplicationMenu: (_menu: unknown) => {}, buildFromTemplate: (template: unknown) => ({ template }) }, 'Menu');
const nativeThemeImpl = { shouldUseDarkColors: false, themeSource: 'system', on: () => nativeTheme };
export const nativeTheme = withUnimplementedMembers(nativeThemeImpl, 'nativeTheme');

/** Electron's main-process modules (electron.d.ts, namespaces Main and Common) the driver does not implement. */
const missing = Object.fromEntries(
  ['autoUpdater', 'BaseWindow', 'BrowserView', 'clipboard', 'contentTracing', 'crashReporter', 'desktopCapturer', 'globalShortcut', 'ImageView', 'inAppPurchase', 'MenuItem', 'MessageChannelMain', 'nativeImage', 'netLog', 'powerMonitor', 'powerSaveBlocker', 'protocol', 'pushNotifications', 'screen', 'session', 'ShareMenu', 'sharedTexture', 'systemPreferences', 'TouchBar', 'Tray', 'utilityProcess', 'View', 'webContents', 'WebContentsView', 'webFrameMain'].map((name) => [name, unimplementedApi(name)]),
);
export const { autoUpdater, BaseWindow, BrowserView, clipboard, contentTracing, crashReporter, desktopCapturer, globalShortcut, ImageView, inAppPurchase, MenuItem, MessageChannelMain, nativeImage, netLog, powerMonitor, powerSaveBlocker, protocol, pushNotifications, screen, session, ShareMenu, sharedTexture, systemPreferences, TouchBar, Tray, utilityProcess, View, webContents, WebContentsView, webFrameMain } = missing;

const electron = withUnimplementedMembers(
  { ...missing, app, BrowserWindow, contextBridge, dialog, ipcMain, ipcRenderer, Menu, nativeTheme, net, Notification, safeStorage, shell, webFrame, webUtils },
  'electron',
);
export default electron;
export { notImplementedError };
