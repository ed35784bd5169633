// ESM resolve hook for the client's main process: `electron` is tokenstorm's implementation.
let shimUrl;

export function initialize(data) {
  shimUrl = data.shimUrl;
}

export async function resolve(specifier, context, next) {
  if (specifier === 'electron' || specifier === 'electron/main' || specifier === 'electron/common') {
    return { url: shimUrl, shortCircuit: true };
  }
  return next(specifier, context);
}
