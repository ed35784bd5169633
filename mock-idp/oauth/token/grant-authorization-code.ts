/** `grant_type=authorization_code` (RFC 6749 §4.1.3) with PKCE (RFC 7636 §4.5-4.6). */
import { IdpError } from '../../errors.ts';
import type { Step } from '../../http/pipeline.ts';
import { fingerprint } from '../../tokens/fingerprint.ts';
import { requireParam } from '../params.ts';
import { CODE_VERIFIER_FORMAT, verifierMatches } from './pkce.ts';
import { rotateAndRespond } from './issue-tokens.ts';
import type { TokenContext } from './token-context.ts';

const UNKNOWN_CODE = 'the authorization code is not known to this IdP, or was not issued to this client';

export function loadAuthorizationCode(context: TokenContext): void {
  const { rt, request } = context;
  const code = requireParam(context.params, 'code');
  const record = rt.oauth.codes.find(code);
  request.ts.presentedFp = record?.fp ?? fingerprint(code);
  if (!record) throw new IdpError('AUTHORIZATION_CODE_INVALID', UNKNOWN_CODE);
  request.ts.familyId = record.familyId;
  request.ts.userId = record.userId;
  // Another client's code is not this client's reuse, and is answered as unknown: the answer must not confirm it.
  if (record.clientId !== context.client!.id) throw new IdpError('AUTHORIZATION_CODE_INVALID', UNKNOWN_CODE, { outcome: 'grant-client-mismatch' });
  if (record.redeemedAt !== undefined) {
    // RFC 6749 §4.1.2: deny a second use and revoke what the first one issued.
    rt.store.revokeFamily(record.familyId, 'reuse-detected');
    throw new IdpError('AUTHORIZATION_CODE_REUSED', 'the authorization code was already used: the tokens issued for it are revoked');
  }
  if (rt.clock.now() > record.expiresAt) throw new IdpError('AUTHORIZATION_CODE_INVALID', 'the authorization code expired');
  context.code = record;
}

export function checkRedirectUri(context: TokenContext): void {
  const code = context.code!;
  const presented = context.params.get('redirect_uri');
  // RFC 6749 §4.1.3: required and identical when the authorization request had one.
  if (code.redirectUriGiven ? presented !== code.redirectUri : presented !== undefined && presented !== code.redirectUri) {
    throw new IdpError('REDIRECT_URI_MISMATCH', 'redirect_uri differs from the one in the authorization request');
  }
}

export function verifyPkce(context: TokenContext): void {
  const code = context.code!;
  const verifier = context.params.get('code_verifier');
  if (verifier !== undefined && !CODE_VERIFIER_FORMAT.test(verifier)) {
    throw new IdpError('INVALID_REQUEST', 'code_verifier must be 43-128 characters of [A-Za-z0-9._~-] (RFC 7636 §4.1)');
  }
  if (code.codeChallenge === undefined) {
    // RFC 9700 §4.8.2: a verifier for a code issued without a challenge is a downgrade attempt.
    if (verifier !== undefined) throw new IdpError('PKCE_FAILED', 'code_verifier sent, but the authorization request had no code_challenge');
    return;
  }
  if (verifier === undefined) throw new IdpError('PKCE_FAILED', 'code_verifier is required: the authorization request had a code_challenge');
  if (!verifierMatches(verifier, code.codeChallenge, code.codeChallengeMethod!)) {
    throw new IdpError('PKCE_FAILED', 'code_verifier does not match the code_challenge (RFC 7636 §4.6)');
  }
}

/** RFC 9449 §10: a code bound to a DPoP key by `dpop_jkt` is redeemed only with a proof of that key. */
export function checkDpopJkt(context: TokenContext): void {
  const bound = context.code!.dpopJkt;
  if (bound === undefined || context.dpop?.jkt === bound) return;
  throw new IdpError('DPOP_KEY_MISMATCH', context.dpop === undefined
    ? 'the authorization request bound this code to a DPoP key (dpop_jkt): the token request needs a DPoP proof signed by it'
    : 'the authorization request bound this code to another DPoP key (dpop_jkt) than the one that signed the proof');
}

export function redeemCode(context: TokenContext): void {
  // Synchronously, before any await: two concurrent redemptions cannot both pass.
  context.code!.redeemedAt = context.rt.clock.now();
}

export async function issueCodeTokens(context: TokenContext): Promise<void> {
  const { rt, code } = context;
  const family = rt.store.get(code!.familyId);
  if (!family || !rt.store.isLive(family)) throw new IdpError('AUTHORIZATION_CODE_INVALID', 'the session behind this authorization code ended');
  await rotateAndRespond(context, family.sessionToken, { idToken: { nonce: code!.nonce, authTime: code!.authTime } });
  context.request.ts.outcome = 'code-redeemed';
}

/** What is checked before the code is spent: a step that must be able to refuse without spending it goes after these. */
export const CHECK_CODE_STEPS: Step<TokenContext>[] = [loadAuthorizationCode, checkRedirectUri, verifyPkce, checkDpopJkt];
export const REDEEM_CODE_STEPS: Step<TokenContext>[] = [redeemCode, issueCodeTokens];
export const AUTHORIZATION_CODE_STEPS: Step<TokenContext>[] = [...CHECK_CODE_STEPS, ...REDEEM_CODE_STEPS];
