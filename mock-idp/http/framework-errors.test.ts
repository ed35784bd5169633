import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { useIdp } from '../test-support.ts';

/** Sends raw bytes and answers what came back before the IdP hung up. */
function rawExchange(url: string, request: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(request));
    let text = '';
    socket.on('data', (chunk) => (text += String(chunk)));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
    });
  });
}

describe('requests refused before any route runs', () => {
  const ctx = useIdp();

  it('answers a path whose percent-encoding does not decode in the IdP error shape with no-store (not FST_ERR_BAD_URL)', async () => {
    const response = await fetch(`${ctx.idp.url}/oauth/%E0`, { method: 'POST' });
    expect(response.status).toBe(400);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({
      error: 'invalid_request',
      error_description: 'the request path is malformed: a percent-encoding in it does not decode',
      code: 'INVALID_REQUEST',
    });
  });

  it('answers headers over the limit (a 70 KB URL) 431 in the IdP error shape with no-store', async () => {
    const response = await rawExchange(ctx.idp.url, `GET /oauth/authorize?state=${'a'.repeat(70_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(response.status).toBe(431);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(response.body)).toMatchObject({ error: 'invalid_request', code: 'INVALID_REQUEST' });
  });

  it('answers a request Node cannot parse 400 in the IdP error shape with no-store', async () => {
    const response = await rawExchange(ctx.idp.url, 'POST /oauth/token HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nabc\r\n0\r\n\r\n');
    expect(response.status).toBe(400);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(response.body)).toMatchObject({ error: 'invalid_request', error_description: 'the request is not valid HTTP/1.1' });
  });
});
