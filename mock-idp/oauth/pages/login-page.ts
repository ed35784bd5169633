/** The login and consent page `/oauth/authorize` shows in the system browser. */
import { credentialFields, escapeHtml, type Page } from './layout.ts';

export interface LoginPageInput {
  transaction: string;
  clientName: string;
  scopes: string[];
  login?: string;
  error?: string;
}

export function loginPage(input: LoginPageInput): Page {
  const scopes = input.scopes.length > 0 ? input.scopes.map((scope) => `<code>${escapeHtml(scope)}</code>`).join(' ') : '<em>no scopes</em>';
  return {
    title: 'Sign in',
    body: `${input.error ? `<p class="error" role="alert">${escapeHtml(input.error)}</p>` : ''}
<p class="consent"><strong>${escapeHtml(input.clientName)}</strong> asks to access your account with the scopes: <span class="scopes">${scopes}</span></p>
<form method="post" action="/oauth/authorize">
<input type="hidden" name="txn" value="${escapeHtml(input.transaction)}">
${credentialFields(input.login)}
<div class="actions">
<button class="secondary" type="submit" name="action" value="deny" formnovalidate>Cancel</button>
<button class="primary" type="submit" name="action" value="approve">Sign in</button>
</div>
</form>`,
  };
}
