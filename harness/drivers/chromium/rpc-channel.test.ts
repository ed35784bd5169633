import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createRpcChannel } from './rpc-channel.ts';

/** An IPC endpoint whose other side is exiting: every send fails the way Node reports EPIPE to a callback. */
class ExitingEndpoint extends EventEmitter {
  sends = 0;
  send(_message: unknown, callback: (error: Error | null) => void): boolean {
    this.sends += 1;
    setImmediate(() => callback(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })));
    return false;
  }
}

describe('createRpcChannel', () => {
  it('takes a failed send to an exiting process quietly; close() rejects what was pending', async () => {
    const endpoint = new ExitingEndpoint();
    const channel = createRpcChannel<string, string>(endpoint);
    const pending = channel.request('window:load');
    channel.notify('hello');
    await new Promise((resolve) => setImmediate(resolve));
    expect(endpoint.sends).toBe(2);
    expect(endpoint.listenerCount('error')).toBe(0);
    channel.close('main exited');
    await expect(pending).rejects.toThrow('channel closed: main exited');
  });
});
