/** `npm run build:app`: builds electron-app/out/{main,preload,renderer} with electron-vite's API (no CLI binary needed). */
import { build } from 'electron-vite';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
await build({ root, configFile: fileURLToPath(new URL('../electron.vite.config.ts', import.meta.url)), logLevel: 'warn' });
console.log('electron-app built: electron-app/out/{main,preload,renderer}');
