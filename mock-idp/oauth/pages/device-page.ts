/** The device verification page (RFC 8628 §3.3): enter the code shown on the device, sign in, approve or deny. */
import { credentialFields, escapeHtml, type Page } from './layout.ts';

export function devicePage(input: { userCode?: string; login?: string; error?: string }): Page {
  return {
    title: 'Connect a device',
    body: `${input.error ? `<p class="error" role="alert">${escapeHtml(input.error)}</p>` : ''}
<p>Enter the code your device shows, then sign in to let it access your account.</p>
<form method="post" action="/oauth/device">
<label for="user_code">Device code</label>
<input id="user_code" name="user_code" class="user-code" autocomplete="off" placeholder="XXXX-XXXX" required value="${escapeHtml(input.userCode ?? '')}">
${credentialFields(input.login)}
<div class="actions">
<button class="secondary" type="submit" name="action" value="deny" formnovalidate>Deny</button>
<button class="primary" type="submit" name="action" value="approve">Approve</button>
</div>
</form>`,
  };
}

export function deviceDonePage(input: { approved: boolean; clientName: string; scopes: string[] }): Page {
  const scopes = input.scopes.map((scope) => `<code>${escapeHtml(scope)}</code>`).join(' ');
  return input.approved
    ? { title: 'Device connected', body: `<p><strong>${escapeHtml(input.clientName)}</strong> can now access your account (<span class="scopes">${scopes}</span>). You can close this window and return to your device.</p>` }
    : { title: 'Request denied', body: `<p>The device request from <strong>${escapeHtml(input.clientName)}</strong> was denied. You can close this window.</p>` };
}
