/** Renderer events for main's event log (main adds the window id and refuses unknown types). */
import type { RendererEventType } from '../../../shared/ipc-contract.ts';
import { api } from './bridge.ts';

export function logEvent(type: RendererEventType, fields: Record<string, string | number | boolean | null> = {}): void {
  api().app.log({ type, fields });
}
