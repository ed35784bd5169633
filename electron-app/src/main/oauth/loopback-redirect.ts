/**
 * The loopback redirect of RFC 8252 §7.3: a one-shot HTTP listener on
 * 127.0.0.1 and an OS-assigned port (§8.3: the IP literal, not `localhost`),
 * which receives the authorization response from the system browser. A
 * request with the wrong `state` is answered 400 and ignored (it may be an
 * attacker's), so it cannot end the real flow.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ClientError } from '../../shared/client-errors.ts';

export interface LoopbackRedirect {
  redirectUri: string;
  /** Resolves with the authorization code; rejects with OAUTH_DENIED, OAUTH_FAILED, OAUTH_TIMEOUT or OAUTH_CANCELLED. */
  result: Promise<{ code: string }>;
  close(): Promise<void>;
}

export interface LoopbackOptions {
  expectedState: string;
  path?: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

export async function startLoopbackRedirect(options: LoopbackOptions): Promise<LoopbackRedirect> {
  const path = options.path ?? '/callback';
  let settle: { resolve: (value: { code: string }) => void; reject: (error: unknown) => void } | undefined;
  const result = new Promise<{ code: string }>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // It may settle before the caller awaits it (a fast redirect, a cancel): that is not an unhandled rejection.
  result.catch(() => undefined);
  let done = false;
  const finish = (outcome: { code: string } | Error) => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    if (outcome instanceof Error) settle?.reject(outcome);
    else settle?.resolve(outcome);
  };

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (request.method !== 'GET' || url.pathname !== path) return page(response, 404, 'Not found', 'This address only receives the sign-in redirect.');
    if (done) return page(response, 410, 'Already handled', 'This sign-in has already finished. You can close this tab.');
    if (url.searchParams.get('state') !== options.expectedState) {
      return page(response, 400, 'Sign-in not recognised', 'The redirect did not carry the state this app sent (RFC 6749 §10.12). It was ignored.');
    }
    const error = url.searchParams.get('error');
    if (error !== null) {
      const description = url.searchParams.get('error_description');
      page(response, 200, 'Sign-in was not completed', `The identity provider answered “${error}”${description ? `: ${description}` : ''}. You can close this tab.`);
      return finish(new ClientError(error === 'access_denied' ? 'OAUTH_DENIED' : 'OAUTH_FAILED', `authorization refused: ${error}${description ? ` (${description})` : ''}`));
    }
    const code = url.searchParams.get('code');
    if (code === null || code === '') {
      page(response, 400, 'Sign-in failed', 'The redirect carried no authorization code.');
      return finish(new ClientError('OAUTH_FAILED', 'the authorization response carried no code'));
    }
    page(response, 200, 'Signed in', 'You are signed in to tokenstorm. You can close this tab and return to the app.');
    finish({ code });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  const timer = setTimeout(() => finish(new ClientError('OAUTH_TIMEOUT', `no sign-in redirect within ${Math.round(options.timeoutMs / 1000)} s`)), options.timeoutMs);
  const onAbort = () => finish(new ClientError('OAUTH_CANCELLED', 'sign-in cancelled'));
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });

  return {
    redirectUri: `http://127.0.0.1:${port}${path}`,
    result,
    close: () =>
      new Promise<void>((resolve) => {
        finish(new ClientError('OAUTH_CANCELLED', 'sign-in listener closed'));
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function page(response: ServerResponse, status: number, title: string, text: string): void {
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:15vh auto;max-width:32rem;color:#1f2933;padding:0 1rem}h1{font-size:1.4rem}</style></head>
<body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></body></html>`;
  response.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
    Connection: 'close',
  });
  response.end(html);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
