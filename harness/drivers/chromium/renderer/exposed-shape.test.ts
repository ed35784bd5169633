import { describe, expect, it } from 'vitest';
import { discoverExposedShape } from './exposed-shape.ts';

const discover = (source: string) => discoverExposedShape(source, '/app/preload.js');
const API = "contextBridge.exposeInMainWorld('api', { ping: (x) => ipcRenderer.invoke('ping', x), version: 2 });";
const HEADER = "const { contextBridge, ipcRenderer } = require('electron');";
const EXPOSED = { api: { t: 'o', p: { ping: { t: 'f' }, version: { t: 'v', v: 2 } } } };

describe('discoverExposedShape', () => {
  it("learns an Electron quick-start preload that listens for DOMContentLoaded at top level, before and after exposing", () => {
    const listen = "window.addEventListener('DOMContentLoaded', () => { document.getElementById('versions').textContent = 'ready'; });";
    expect(discover([HEADER, listen, API, listen].join('\n'))).toEqual({ shape: EXPOSED });
  });

  it('keeps what a preload exposed before it threw, and says what it threw', () => {
    const result = discover([HEADER, API, "throw new Error('preload exploded');", "contextBridge.exposeInMainWorld('later', {});"].join('\n'));
    expect(result).toEqual({ shape: EXPOSED, error: 'Error: preload exploded' });
  });

  it("gives the modules Electron's sandbox allows (events, timers, url) and refuses others as Electron does", () => {
    const source = [
      HEADER,
      "const { EventEmitter } = require('events');",
      "const bus = new (require('node:events'))();",
      "bus.once('x', () => {}); new EventEmitter().on('y', () => {});",
      "require('timers').setTimeout(() => { throw new Error('a timer must not fire while learning the shape'); }, 0);",
      "new (require('url').URL)('file:///app/index.html');",
      API,
      "require('fs');",
    ].join('\n');
    expect(discover(source)).toEqual({ shape: EXPOSED, error: 'Error: module not found: fs' });
  });

  it('learns APIs exposed once process emits loaded, as older preloads do', () => {
    expect(discover([HEADER, `process.once('loaded', () => { ${API} });`].join('\n'))).toEqual({ shape: EXPOSED });
  });

  it('reports a preload that does not compile, exposing nothing', () => {
    expect(discover('const = ;')).toEqual({ shape: {}, error: expect.stringMatching(/^SyntaxError: /) as unknown });
  });
});
