import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quoted, toErrorDescription } from './error-description.ts';

const ALLOWED_ONLY = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

describe('toErrorDescription (RFC 6749 §5.2, RFC 6750 §3)', () => {
  it('leaves a description already in %x20-21 / %x23-5B / %x5D-7E as it is', () => {
    expect(toErrorDescription("the scope 'openid' is not allowed")).toBe("the scope 'openid' is not allowed");
  });

  it('keeps it readable: double quotes become single quotes, § the word section', () => {
    expect(toErrorDescription('the parameter "scope" is repeated (RFC 6749 §3.1)')).toBe("the parameter 'scope' is repeated (RFC 6749 section 3.1)");
  });

  it('names an offending non-ASCII, control or backslash character by its code point', () => {
    expect(toErrorDescription('the scope "ü" is not a valid scope token')).toBe("the scope 'U+00FC' is not a valid scope token");
    expect(toErrorDescription('a\tb\\c')).toBe('aU+0009bU+005Cc');
    expect(toErrorDescription('🔑')).toBe('U+1F511');
  });

  it('reads a quoted value back exactly: quotes and backslashes inside it are named by code point', () => {
    expect(toErrorDescription(`the scope ${quoted('"bad\\')} is not valid`)).toBe("the scope 'U+0022badU+005C' is not valid");
  });

  it('answers only allowed characters, whatever it is given', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => {
      expect(toErrorDescription(text)).toMatch(ALLOWED_ONLY);
    }));
  });
});
