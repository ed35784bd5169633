// ESM hooks for the client's main process: `electron` is tokenstorm's implementation, and an ES module main
// tells the bootstrap when its top-level code starts (a CommonJS main does through Module._load), so that
// `ready` follows that code as in Electron, not the first tick of a module graph still loading.
let shimUrl;
let mainUrl;
const MAIN_STARTED = 'globalThis[Symbol.for("tokenstorm.chromium.mainStarted")]?.();';

export function initialize(data) {
  shimUrl = data.shimUrl;
}

export async function resolve(specifier, context, next) {
  if (specifier === 'electron' || specifier === 'electron/main' || specifier === 'electron/common') {
    return { url: shimUrl, shortCircuit: true };
  }
  const resolved = await next(specifier, context);
  // Only the entry point is resolved without a parent.
  if (context.parentURL === undefined) mainUrl = resolved.url;
  return resolved;
}

export async function load(url, context, next) {
  const loaded = await next(url, context);
  if (url !== mainUrl || loaded.format !== 'module' || loaded.source == null) return loaded;
  const source = typeof loaded.source === 'string' ? loaded.source : new TextDecoder().decode(loaded.source);
  // On the first line of code (after a hashbang), with no newline of its own: the main's line numbers stay its own.
  const at = source.startsWith('#!') ? source.indexOf('\n') + 1 : 0;
  // A main that is a hashbang line and nothing else still starts (and gets ready).
  if (source.startsWith('#!') && at === 0) return { ...loaded, source: `${source}\n${MAIN_STARTED}` };
  return { ...loaded, source: source.slice(0, at) + MAIN_STARTED + source.slice(at) };
}
