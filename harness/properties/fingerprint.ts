/** Short, stable token fingerprints for reports and labels: raw tokens are never printed. */
export function fingerprint(token: string | null | undefined): string {
  if (token === null || token === undefined) return '∅';
  // FNV-1a, 32 bit: enough to tell tokens of one run apart, useless to recover them.
  let hash = 0x811c9dc5;
  for (let i = 0; i < token.length; i++) {
    hash ^= token.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return `#${(hash >>> 0).toString(16).padStart(8, '0')}`;
}
