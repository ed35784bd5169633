/**
 * Endpoints are tables of small named steps (node-oidc-provider style): a step
 * reads and extends the context, or throws an IdpError that the error handler
 * turns into the protocol's error response.
 */
export type Step<C> = ((context: C) => void | Promise<void>) & { name: string };

export async function runSteps<C>(steps: ReadonlyArray<Step<C>>, context: C): Promise<C> {
  for (const step of steps) {
    const pending = step(context);
    // Only asynchronous steps cost a microtask turn.
    if (pending) await pending;
  }
  return context;
}
