import { EventEmitter } from 'node:events';
import { serialize } from 'node:v8';
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

/** Two connected endpoints that serialise as Node's `advanced` IPC does: what cannot be cloned throws at send. */
function pair(): [EventEmitter & { send(message: unknown, callback: (error: Error | null) => void): boolean }, EventEmitter & { send(message: unknown, callback: (error: Error | null) => void): boolean }] {
  const make = () => Object.assign(new EventEmitter(), { peer: undefined as EventEmitter | undefined, send: (_message: unknown, _callback: (error: Error | null) => void) => true });
  const [a, b] = [make(), make()];
  for (const [from, to] of [[a, b], [b, a]] as const) {
    from.send = (message) => {
      serialize(message);
      setImmediate(() => to.emit('message', structuredClone(message)));
      return true;
    };
  }
  return [a, b];
}

describe('createRpcChannel', () => {
  it('answers a request whose result cannot be cloned with an error rather than leaving it pending', async () => {
    const [host, main] = pair();
    const asking = createRpcChannel<string, string>(host);
    createRpcChannel<string, string>(main).onRequest(() => () => 1);
    await expect(asking.request('evaluate')).rejects.toThrow(/^An object could not be cloned\. \(.*could not be cloned\.\)$/);
  });

  it('rejects a request whose body cannot be cloned at once, and a notice by throwing', async () => {
    const [host] = pair();
    const channel = createRpcChannel<unknown, string>(host);
    await expect(channel.request({ arg: () => 1 })).rejects.toThrow(/^An object could not be cloned\./);
    expect(() => channel.notify({ detail: Symbol('x') })).toThrow(/^An object could not be cloned\./);
  });

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
