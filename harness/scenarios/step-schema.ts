/**
 * Scenario steps. In YAML a step is an object with exactly one key, the step's name:
 * `- advanceClock: { by: 16m }`. Parsed, steps are a union discriminated on `kind`:
 * `{ kind: 'advanceClock', by: 960000 }`.
 */
import { z } from 'zod';
import { BURST_PATHS } from '../../electron-app/src/shared/burst-paths.ts';
import { SIGNING_ALGORITHMS } from '../../mock-idp/tokens/signing-keys.ts';
import { duration, expected, faultRuleSchema, intBetween, nonEmptyText, oneOf, signedDuration, strictObject } from './field-schemas.ts';

/** The IdP fault rule an `offline: { where: idp | all }` step adds (and `online` removes): not an id a scenario's own rule may take. */
export const OFFLINE_FAULT_ID = 'tokenstorm-offline';
export const UI_STATES = ['signed-in', 'signed-out', 'expired', 'offline', 'refreshing'] as const;
export type UiState = (typeof UI_STATES)[number];

export const MAX_WINDOWS = 4;
export const MAX_SLEEP_MS = 5000;
export const MAX_WAIT_MS = 60_000;

const window = intBetween(1, MAX_WINDOWS, `a window number between 1 and ${MAX_WINDOWS}`).optional();
const where = oneOf(['renderer', 'main', 'idp', 'all']).default('all');

/** Every step's options. Steps whose options are all optional may be written `- restart:` or `- restart: {}`. */
const STEP_OPTIONS = {
  signIn: { window, method: oneOf(['password', 'browser', 'device']).default('password') },
  /** Moves the shared virtual clock (IdP and client) forward. */
  advanceClock: { by: duration() },
  /** Sets the IdP's clock only, to a date or by a signed offset: clock skew between client and IdP. */
  setClock: {
    to: z.iso.datetime({ offset: true, error: expected('an ISO date-time such as "2030-01-01T00:00:00Z"') }).optional(),
    offset: signedDuration.optional(),
  },
  /** Parallel API calls; `window: all` fires from every window at once; `wait: false` runs on while they are in flight. */
  burst: {
    window: z.union([intBetween(1, MAX_WINDOWS), z.literal('all')], { error: expected(`a window number between 1 and ${MAX_WINDOWS}, or "all"`) }).optional(),
    requests: intBetween(1, 100),
    path: oneOf(BURST_PATHS).default('/api/notes'),
    wait: z.boolean({ error: expected('true or false') }).default(true),
  },
  saveNote: { window, text: nonEmptyText() },
  addFault: { rule: faultRuleSchema },
  removeFault: { id: nonEmptyText('a fault rule id') },
  clearFaults: {},
  offline: { where },
  online: { where },
  restart: {},
  revoke: { target: oneOf(['token-family', 'user', 'all']) },
  expireAccessTokens: {},
  /**
   * A new signing key at the IdP (of `algorithm`, else the current one's); `retirePrevious`: an emergency rotation,
   * so every access token already out is refused before it expires.
   */
  rotateSigningKey: { algorithm: oneOf(SIGNING_ALGORITHMS).optional(), retirePrevious: z.boolean({ error: expected('true or false') }).default(false) },
  signOut: { window },
  waitFor: { window, state: oneOf(UI_STATES), timeoutMs: intBetween(1, MAX_WAIT_MS).optional() },
  typeDraft: { window, text: nonEmptyText() },
  /** Real time, for real-time faults (delay) to play out; prefer waitFor. */
  sleep: { ms: intBetween(1, MAX_SLEEP_MS, `a number of milliseconds between 1 and ${MAX_SLEEP_MS}, on the client's clock (played --time-scale times faster, 5 by default)`) },
} as const satisfies Record<string, z.ZodRawShape>;

export type StepName = keyof typeof STEP_OPTIONS;
export const STEP_NAMES = Object.keys(STEP_OPTIONS) as StepName[];

function optionsSchema<Shape extends z.ZodRawShape>(name: string, shape: Shape) {
  const object = strictObject(shape, `the options of ${name}, an object`);
  const allOptional = Object.values(shape).every((field) => (field as z.ZodType).safeParse(undefined).success);
  return allOptional
    ? object.nullable().transform((value) => value ?? object.parse({}))
    : object;
}

type StepOptions = { [K in StepName]: z.output<z.ZodObject<(typeof STEP_OPTIONS)[K]>> };
export type Step = { [K in StepName]: { kind: K } & StepOptions[K] }[StepName];

const stepShape = Object.fromEntries(
  STEP_NAMES.map((name) => [name, optionsSchema(name, STEP_OPTIONS[name]).optional()]),
) as unknown as { [K in StepName]: z.ZodOptional<z.ZodType<StepOptions[K], unknown>> };

/** In YAML a step is `{ <name>: options }`: exactly one key, the step's name. */
export const stepSchema = z
  .strictObject(stepShape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown step; expected one of ${STEP_NAMES.join(', ')}`
        : expected(`a step such as { advanceClock: { by: 16m } }`)(issue),
  })
  .superRefine((step, ctx) => {
    const names = Object.keys(step);
    if (names.length > 1) ctx.addIssue({ code: 'custom', message: `expected exactly one step per list item, got ${names.join(', ')}` });
  })
  .transform((step, ctx) => {
    const entry = Object.entries(step)[0] as [StepName, object] | undefined;
    if (entry === undefined) {
      // Also reached after an unknown step name was stripped; the loader drops this issue then.
      ctx.addIssue({ code: 'custom', message: `empty step; expected one of ${STEP_NAMES.join(', ')}`, params: { emptyStep: true } });
      return z.NEVER;
    }
    return { kind: entry[0], ...entry[1] } as Step;
  })
  .meta({ description: 'One step: an object with exactly one key, the step name.', minProperties: 1, maxProperties: 1 });
