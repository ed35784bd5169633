/**
 * Text made safe for the reports' markup — HTML (index.html) and XML
 * (junit.xml) alike, as element content or a double- or single-quoted attribute.
 */
import { redactText } from './redact.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** XML 1.0 §2.2 allows no C0 control but tab, LF and CR, no U+FFFE/U+FFFF and no lone surrogate, not even as a reference. */
const NOT_XML_CHAR = /[\0-\x08\v\f\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Escapes after redacting anything token-shaped, and drops characters no XML document may hold. */
export function escapeMarkup(value: string): string {
  return redactText(value).replace(NOT_XML_CHAR, '').replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}
