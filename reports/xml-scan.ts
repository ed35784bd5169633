/**
 * A minimal XML reader, enough for JUnit files: elements with their attributes
 * and their exact place in the text, so a caller can copy an element verbatim.
 * Skips the declaration, processing instructions, comments, CDATA and text;
 * refuses what it does not understand (a DOCTYPE with an internal subset,
 * mismatched tags) with the line and column, rather than guessing.
 */

export interface XmlElement {
  name: string;
  /** Attribute values with entities decoded. */
  attributes: Record<string, string>;
  /** Offsets of the element in the text: `text.slice(start, end)` is the whole element. */
  start: number;
  end: number;
  children: XmlElement[];
}

const NAME = /[A-Za-z_:][\w.:-]*/y;
const SPACE = /\s*/y;

export function scanXml(text: string): XmlElement {
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let at = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const fail = (message: string, offset = at): never => {
    const before = text.slice(0, offset).split('\n');
    throw new SyntaxError(`${before.length}:${before.at(-1)!.length + 1}: ${message}`);
  };
  const skipPast = (terminator: string, what: string) => {
    const found = text.indexOf(terminator, at);
    if (found < 0) fail(`unterminated ${what}`);
    at = found + terminator.length;
  };
  while (at < text.length) {
    const open = text.indexOf('<', at);
    const between = text.slice(at, open < 0 ? text.length : open);
    if (stack.length === 0 && between.trim() !== '') fail('text outside the root element');
    if (open < 0) break;
    at = open;
    if (text.startsWith('<?', at)) skipPast('?>', 'processing instruction');
    else if (text.startsWith('<!--', at)) skipPast('-->', 'comment');
    else if (text.startsWith('<![CDATA[', at)) {
      if (stack.length === 0) fail('CDATA outside the root element');
      skipPast(']]>', 'CDATA section');
    } else if (text.startsWith('<!', at)) {
      const close = text.indexOf('>', at);
      if (close < 0 || text.slice(at, close).includes('[')) fail('unsupported DOCTYPE');
      at = close + 1;
    } else if (text.startsWith('</', at)) {
      at += 2;
      const name = readName(text, at) ?? fail('expected an element name');
      const element = stack.pop() ?? fail(`unexpected </${name}>`);
      if (element.name !== name) fail(`expected </${element.name}>, found </${name}>`);
      at += name.length;
      at = skipSpace(text, at);
      if (text[at] !== '>') fail(`expected ">" to close </${name}>`);
      element.end = ++at;
    } else {
      const start = at++;
      const name = readName(text, at) ?? fail('expected an element name');
      at += name.length;
      const element: XmlElement = { name, attributes: {}, start, end: -1, children: [] };
      for (;;) {
        at = skipSpace(text, at);
        if (text.startsWith('/>', at) || text[at] === '>') break;
        const attribute = readName(text, at) ?? fail(`expected an attribute or the end of <${name}>`);
        at = skipSpace(text, at + attribute.length);
        if (text[at] !== '=') fail(`expected "=" after ${attribute}`);
        at = skipSpace(text, at + 1);
        const quote = text[at];
        if (quote !== '"' && quote !== "'") fail(`expected a quoted value for ${attribute}`);
        const close = text.indexOf(quote!, at + 1);
        if (close < 0 || text.slice(at + 1, close).includes('<')) fail(`unterminated value of ${attribute}`);
        element.attributes[attribute] = decodeEntities(text.slice(at + 1, close));
        at = close + 1;
      }
      if (stack.length === 0 && root) fail('a second root element', start);
      (stack.at(-1)?.children ?? []).push(element);
      root ??= element;
      if (text[at] === '>') {
        stack.push(element);
        at += 1;
      } else {
        element.end = at += 2;
      }
    }
  }
  if (stack.length > 0) fail(`<${stack.at(-1)!.name}> is never closed`, stack.at(-1)!.start);
  return root ?? fail('no root element');
}

/** Escapes text for an attribute value in double quotes. */
export function escapeXmlAttribute(value: string): string {
  return value.replace(/[&"'<>]/g, (char) => ({ '&': '&amp;', '"': '&quot;', "'": '&apos;', '<': '&lt;', '>': '&gt;' })[char]!);
}

function readName(text: string, at: number): string | undefined {
  NAME.lastIndex = at;
  return NAME.exec(text)?.[0];
}

function skipSpace(text: string, at: number): number {
  SPACE.lastIndex = at;
  SPACE.exec(text);
  return SPACE.lastIndex;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(value: string): string {
  return value.replace(/&(#x[\da-f]+|#\d+|\w+);/gi, (whole, entity: string) => {
    if (entity.startsWith('#x') || entity.startsWith('#X')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    return ENTITIES[entity] ?? whole;
  });
}
