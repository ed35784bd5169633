/** Renderer entry: get this window's config from main, build its auth client, mount the Vue app. */
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { errorMessage, unwrap } from './services/bridge.ts';
import { initClientServices } from './services/client-services.ts';
import { logEvent } from './services/client-log.ts';
import './styles.css';

async function bootstrap(): Promise<void> {
  const config = unwrap(await window.tokenstorm.app.getConfig());
  document.title = `tokenstorm — ${config.windowId}`;
  initClientServices(config);
  createApp(App).use(createPinia()).mount('#app');
  logEvent('renderer.ready', { variant: config.variant });
}

bootstrap().catch((error: unknown) => {
  const root = document.getElementById('app');
  if (root === null) return;
  const box = document.createElement('div');
  box.className = 'fatal';
  const title = document.createElement('h1');
  title.textContent = 'tokenstorm could not start';
  const detail = document.createElement('p');
  detail.textContent = errorMessage(error);
  box.append(title, detail);
  root.replaceChildren(box);
});
