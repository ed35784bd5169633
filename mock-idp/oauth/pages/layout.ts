/**
 * The HTML frame of the pages a person sees in the system browser (login,
 * device code, errors): plain, readable, no script, every value escaped.
 */
import type { FastifyReply } from 'fastify';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

const STYLE = `
  :root { color-scheme: light dark; font-family: system-ui, sans-serif; }
  body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: #f3f4f6; color: #111827; }
  main { width: min(24rem, 92vw); background: #fff; border-radius: 12px; padding: 2rem; box-shadow: 0 1px 3px #0002; }
  h1 { font-size: 1.25rem; margin: 0 0 1rem; }
  p { line-height: 1.5; }
  label { display: block; margin: 0.75rem 0 0.25rem; font-weight: 600; }
  input { width: 100%; box-sizing: border-box; padding: 0.55rem; font-size: 1rem; border: 1px solid #9ca3af; border-radius: 6px; }
  .consent { background: #eef2ff; border-radius: 6px; padding: 0.75rem; font-size: 0.95rem; }
  .scopes code { background: #e5e7eb; border-radius: 4px; padding: 0 0.25rem; }
  .actions { display: flex; gap: 0.75rem; margin-top: 1.25rem; }
  button { flex: 1; padding: 0.6rem; font-size: 1rem; border-radius: 6px; border: 1px solid #4338ca; cursor: pointer; }
  button.primary { background: #4338ca; color: #fff; }
  button.secondary { background: #fff; color: #4338ca; }
  .error { color: #b91c1c; font-weight: 600; }
  .user-code { font-family: ui-monospace, monospace; font-size: 1.4rem; letter-spacing: 0.15em; }
  @media (prefers-color-scheme: dark) {
    body { background: #111827; color: #f9fafb; } main { background: #1f2937; }
    .consent { background: #312e81; } .scopes code { background: #374151; } button.secondary { background: #1f2937; color: #c7d2fe; }
  }`;

export interface Page {
  title: string;
  /** Already-escaped HTML for the body of <main>. */
  body: string;
  /** When the page reports an OAuth error, its code (a data attribute tests and tools can read). */
  oauthError?: string;
}

export function renderPage(page: Page): string {
  const marker = page.oauthError ? ` data-oauth-error="${escapeHtml(page.oauthError)}"` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)} · tokenstorm</title>
<style>${STYLE}</style>
</head>
<body>
<main${marker}>
<h1>${escapeHtml(page.title)}</h1>
${page.body}
</main>
</body>
</html>`;
}

/**
 * Sends a page with headers that keep it out of caches and frames. No
 * `form-action` directive: browsers apply it to the redirect after the POST,
 * which must reach the client's loopback or private-use redirect URI.
 */
export function sendPage(reply: FastifyReply, status: number, page: Page): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'")
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'no-referrer')
    .send(renderPage(page));
}

export function errorPage(title: string, oauthError: string, description: string): Page {
  return {
    title,
    oauthError,
    body: `<p class="error">${escapeHtml(description)}</p>
<p>Error code: <code>${escapeHtml(oauthError)}</code>. Go back to the application and try again.</p>`,
  };
}

/** The email-or-username and password fields both sign-in forms (login, device) ask for. */
export function credentialFields(login: string | undefined): string {
  return `<label for="login">Email or username</label>
<input id="login" name="email" type="text" autocomplete="username" required value="${escapeHtml(login ?? '')}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>`;
}
