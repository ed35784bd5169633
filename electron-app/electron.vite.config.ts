/**
 * The client's build (electron-vite on Vite): main as ESM, the preload as
 * CommonJS (a sandboxed preload cannot be an ES module), the renderer as one
 * classic script plus one stylesheet, so the page loads the same from
 * `file://` in Electron and in a plain Chromium page host. Output:
 * electron-app/out/{main,preload,renderer}.
 */
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'electron-vite';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** Vite always emits `<script type="module" crossorigin>`; an IIFE bundle wants a classic, deferred script. */
function classicScript(): Plugin {
  return {
    name: 'tokenstorm:classic-script',
    enforce: 'post',
    transformIndexHtml: (html) =>
      html.replace(/<script type="module" crossorigin src="([^"]+)"><\/script>/g, '<script defer src="$1"></script>').replace(/ crossorigin(?=[ >])/g, ''),
  };
}

export default defineConfig({
  main: {
    build: {
      outDir: here('./out/main'),
      emptyOutDir: true,
      // Bundle the app's own code and the libraries it needs; leave Electron and Node built-ins to the runtime.
      externalizeDeps: { exclude: ['electron-store'] },
      rollupOptions: {
        input: { index: here('./src/main/index.ts') },
        output: { format: 'es', entryFileNames: '[name].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: here('./out/preload'),
      emptyOutDir: true,
      externalizeDeps: false,
      rollupOptions: {
        input: { index: here('./src/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: here('./src/renderer'),
    base: './',
    plugins: [vue(), classicScript()],
    build: {
      outDir: here('./out/renderer'),
      emptyOutDir: true,
      modulePreload: false,
      cssCodeSplit: false,
      rollupOptions: {
        input: { index: here('./src/renderer/index.html') },
        output: { format: 'iife', entryFileNames: 'assets/[name].js', assetFileNames: 'assets/[name][extname]' },
      },
    },
  },
});
