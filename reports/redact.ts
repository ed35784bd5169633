/**
 * Last line of defence against printing a credential in a report. Histories
 * carry fingerprints (`fp:…`), never tokens; this catches a token that slipped
 * into a free-form field anyway.
 */

import { OPAQUE_TOKEN_PREFIXES } from '../mock-idp/tokens/fingerprint.ts';
import { tokenForms } from '../harness/invariants/leak-scan.ts';

const JWT = /eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g;
/** The IdP's opaque tokens: `rt_…`, `ac_…`, `tt_…` and the rest, each 43 characters after the prefix. */
const OPAQUE_TOKEN = new RegExp(`\\b(?:${OPAQUE_TOKEN_PREFIXES.join('|')})_[\\w-]{16,}`, 'g');
const LONG_OPAQUE = /[^\s]{121,}/g;

/** True for a string that is, or contains, something shaped like a JWT, one of the IdP's opaque tokens or a long opaque blob. */
export function looksLikeToken(text: string): boolean {
  return [JWT, OPAQUE_TOKEN, LONG_OPAQUE].some((pattern) => {
    pattern.lastIndex = 0;
    return pattern.test(text);
  });
}

/** The text with every token-shaped part replaced by `[redacted]`. */
export function redactText(text: string): string {
  return text.replace(JWT, '[redacted]').replace(OPAQUE_TOKEN, '[redacted]').replace(LONG_OPAQUE, '[redacted]');
}

/** A deep copy of a JSON-like value with token-shaped strings redacted. */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redactText(value) as T;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactDeep(item)])) as T;
  }
  return value;
}

/**
 * Replaces every one of `tokens` (the strings the IdP issued in a run), as is or encoded the ways the leak scan looks
 * for, by its fingerprint: this catches what no shape can, such as better-auth's session tokens, which look like its
 * user ids, or a base64 copy of a refresh token. `deep` does so in a copy of a JSON-like value (keys included), and
 * returns the value itself when nothing in it needs hiding.
 */
export function issuedTokenRedactor(tokens: readonly string[]): { text(text: string): string; deep<T>(value: T): T } {
  const forms = tokenForms(tokens);
  const text = (input: string): string => {
    let redacted = input;
    for (const { fingerprint, encoding, text: form } of forms) {
      if (!redacted.includes(form)) continue;
      const label = `[token ${fingerprint}${encoding === 'plain' ? '' : ` ${encoding}`}]`;
      // The base64 form is searched without its padding; the padding goes with it.
      redacted = encoding === 'base64' ? redacted.replace(new RegExp(`${form.replace(/[+/]/g, '\\$&')}=*`, 'g'), label) : redacted.replaceAll(form, label);
    }
    return redacted;
  };
  const copy = (item: unknown): unknown => {
    if (typeof item === 'string') return text(item);
    if (Array.isArray(item)) return item.map(copy);
    if (item && typeof item === 'object') return Object.fromEntries(Object.entries(item).map(([key, inner]) => [text(key), copy(inner)]));
    return item;
  };
  return {
    text,
    deep<T>(value: T): T {
      const whole = forms.length === 0 ? undefined : JSON.stringify(value);
      return whole !== undefined && forms.some((form) => whole.includes(form.text)) ? (copy(value) as T) : value;
    },
  };
}
