/**
 * `error_description` may use only %x20-21 / %x23-5B / %x5D-7E (RFC 6749 §5.2,
 * §4.1.2.1; RFC 6750 §3): no `"`, no `\`, nothing outside printable ASCII.
 * Every description the IdP sends — JSON body, WWW-Authenticate, redirect —
 * goes through `toErrorDescription`, which keeps it readable and still names an
 * offending value: a double quote becomes `'`, `§` the word "section", and any
 * other character outside the set its code point (`ü` → `U+00FC`).
 */

const ALLOWED = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** Characters with a plain-ASCII spelling that reads the same. */
const READABLE: Readonly<Record<string, string>> = {
  '"': "'",
  '‘': "'",
  '’': "'",
  '“': "'",
  '”': "'",
  '…': '...',
  '–': '-',
  '—': '-',
  '→': '->',
};

function codePoint(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * A value someone sent, in double quotes, for a message: a quote or backslash inside it is written as its
 * code point, so that after toErrorDescription the value can still be read back exactly.
 */
export function quoted(value: string): string {
  return `"${value.replace(/["\\]/g, codePoint)}"`;
}

export function toErrorDescription(text: string): string {
  if (ALLOWED.test(text)) return text;
  let out = '';
  for (const char of text.replace(/§\s*/g, 'section ')) {
    out += ALLOWED.test(char) ? char : (READABLE[char] ?? codePoint(char));
  }
  return out;
}
