/**
 * The schema of a scenario file (scenarios/*.yaml). `scenarios/scenario.schema.json` is generated
 * from it (`scenarioJsonSchema()`, checked by a test) so editors can validate as you type.
 *
 * Steps are in step-schema.ts, shared field schemas (durations, "expected …, got …" errors) in field-schemas.ts.
 */
import { z } from 'zod';
import { duration, expected, faultRuleSchema, intBetween, nonEmptyText, oneOf, quoted, strictObject } from './field-schemas.ts';
import { MAX_WINDOWS, OFFLINE_FAULT_ID, UI_STATES, stepSchema } from './step-schema.ts';
import { PRESETS } from '../../electron-app/src/core/variants.ts';
import { repeatedUsers } from '../../mock-idp/config/idp-config.ts';
import { SIGNING_ALGORITHMS } from '../../mock-idp/tokens/signing-keys.ts';

/** The reference client's variants (electron-app/src/core/variants.ts): what `client.variant` and `--variant` take. */
const VARIANT_NAMES = PRESETS.map((preset) => preset.name) as unknown as readonly [string, ...string[]];

export { faultRuleSchema } from './field-schemas.ts';
export { MAX_SLEEP_MS, MAX_WAIT_MS, MAX_WINDOWS, OFFLINE_FAULT_ID, STEP_NAMES, UI_STATES, stepSchema, type Step, type StepName, type UiState } from './step-schema.ts';

/** Invariant ids of harness/invariants/ (one checker each). */
export const INVARIANT_IDS = [
  'single-flight',
  'no-refresh-replay',
  'tokens-kept-on-transient',
  'retry-after-honoured',
  'no-refresh-storm',
  'refresh-first-startup',
  'expiry-without-force-logout',
  'revocation-honoured',
  'sign-out-complete',
  'no-token-leak',
] as const;
export type InvariantId = (typeof INVARIANT_IDS)[number];

// ── IdP ────────────────────────────────────────────────────────────────────────

const lifetimesSchema = strictObject(
  {
    accessTokenTtl: duration().optional(),
    refreshTokenTtl: duration().optional(),
    sessionIdleTimeout: duration().optional(),
    sessionAbsoluteLifetime: duration().optional(),
  },
  'lifetimes such as { accessTokenTtl: 15m, refreshTokenTtl: 30d }',
);

const count = intBetween(0, Number.MAX_SAFE_INTEGER, 'a non-negative integer');
const ROTATION_PRESETS = ['strict', 'auth0', 'okta', 'hydra', 'keycloak', 'custom'] as const;

/** README "Rotation policies": the same presets and options as mock-idp's `rotation:` config. */
export const rotationSchema = z.discriminatedUnion(
  'preset',
  [
    strictObject({ preset: z.literal('strict') }, 'a rotation policy'),
    strictObject({ preset: z.literal('auth0'), leeway: duration().optional() }, 'a rotation policy'),
    strictObject({ preset: z.literal('okta'), leeway: duration().optional() }, 'a rotation policy'),
    strictObject(
      { preset: z.literal('hydra'), rotationGracePeriod: duration().optional(), rotationGraceReuseCount: count.optional() },
      'a rotation policy',
    ),
    strictObject(
      {
        preset: z.literal('keycloak'),
        revokeRefreshToken: z.boolean({ error: expected('true or false') }).optional(),
        refreshTokenMaxReuse: count.optional(),
      },
      'a rotation policy',
    ),
    strictObject(
      {
        preset: z.literal('custom'),
        onReuse: oneOf(['reject', 'revoke-family']),
        graceMs: duration().optional(),
        graceReuseCount: count.optional(),
        graceScope: oneOf(['previous', 'any']).optional(),
      },
      'a rotation policy',
    ),
  ],
  {
    error: (issue) => {
      const what = `a rotation policy { preset: ${ROTATION_PRESETS.join(' | ')} }`;
      const input = issue.input as { preset?: unknown } | undefined;
      // An unknown preset is reported at `rotation.preset` with the preset itself, not "got an object".
      return typeof input === 'object' && input !== null && 'preset' in input ? expected(`a preset: ${ROTATION_PRESETS.join(' | ')}`)({ input: input.preset }) : expected(what)(issue);
    },
  },
);

/** README "Refresh-abuse detection": the same options as mock-idp's `abuseDetection:` config. */
const abuseDetectionSchema = strictObject(
  {
    maxRefreshes: count.optional(),
    window: duration().optional(),
    newLocation: z.boolean({ error: expected('true or false') }).optional(),
  },
  'refresh-abuse detection such as { maxRefreshes: 5, window: 1m, newLocation: true }',
);

const userSchema = strictObject(
  {
    email: z.email({ error: expected('an email address') }),
    password: z
      .string({ error: expected('a password of 8 to 128 characters') })
      .min(8, { error: expected('a password of 8 to 128 characters') })
      .max(128, { error: expected('a password of 8 to 128 characters') }),
    name: nonEmptyText(),
  },
  'a user such as { email: ada@example.test, password: correct-horse, name: Ada }',
);

const idpSchema = strictObject(
  {
    lifetimes: lifetimesSchema.optional(),
    rotation: rotationSchema.optional(),
    abuseDetection: abuseDetectionSchema.optional(),
    /** What the IdP signs tokens with (README "Signing keys"). */
    signing: strictObject({ algorithm: oneOf(SIGNING_ALGORITHMS) }, 'the signing config { algorithm }').optional(),
    faults: z.array(faultRuleSchema, { error: expected('a list of fault rules') }).optional(),
    users: z.array(userSchema, { error: expected('a list of users') }).optional(),
  },
  'the mock IdP config { lifetimes, rotation, abuseDetection, signing, faults, users }',
);
// ── Client ─────────────────────────────────────────────────────────────────────

const clientSchema = strictObject(
  {
    variant: oneOf(VARIANT_NAMES).default('reference'),
    windows: intBetween(1, MAX_WINDOWS).default(1),
    safeStorage: oneOf(['available', 'unavailable']).default('available'),
  },
  'the client config { variant, windows, safeStorage }',
);
// ── Expectations ───────────────────────────────────────────────────────────────

const finalSchema = strictObject(
  {
    /** One state for every window, or a list with one state per window. */
    state: z.union([oneOf(UI_STATES), z.array(oneOf(UI_STATES)).min(1).max(MAX_WINDOWS)], {
      error: expected(`one of ${quoted(UI_STATES)}, or a list with one per window`),
    }),
    tokensStored: z.boolean({ error: expected('true or false') }),
    draftKept: z.boolean({ error: expected('true or false') }).optional(),
    idpFamilies: oneOf(['active', 'revoked']).optional(),
  },
  'the final state { state, tokensStored, draftKept?, idpFamilies? }',
);

const expectSchema = strictObject(
  {
    invariants: z.array(oneOf(INVARIANT_IDS), { error: expected('a list of invariant ids') }).min(1, { error: expected('a non-empty list of invariant ids') }).default([...INVARIANT_IDS]),
    final: finalSchema,
  },
  'expectations { invariants?, final }',
);

// ── The file ───────────────────────────────────────────────────────────────────

export const scenarioSchema = strictObject(
  {
    $schema: z.string().optional(),
    name: z.string({ error: expected('a kebab-case id such as "burst-on-expiry"') }).regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, {
      error: expected('a kebab-case id such as "burst-on-expiry"'),
    }),
    title: nonEmptyText('a one-line title'),
    teaches: z.string({ error: expected('a paragraph for educators') }).min(80, { error: expected('a paragraph for educators (at least 80 characters)') }),
    idp: idpSchema.default({}),
    client: clientSchema.default({ variant: 'reference', windows: 1, safeStorage: 'available' }),
    steps: z.array(stepSchema, { error: expected('a list of steps') }).min(1, { error: expected('at least one step') }),
    expect: expectSchema,
  },
  'a scenario { name, title, teaches, idp, client, steps, expect }',
)
  .superRefine(checkCrossReferences)
  .transform(nameFaultRules);

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Scenario = z.output<typeof scenarioSchema>;

/** Rules that span fields: window numbers exist, fault ids are added once and removed after, users are unique, a kept draft was typed. */
function checkCrossReferences(scenario: z.output<z.ZodObject<Record<string, z.ZodType>>>, ctx: z.RefinementCtx): void {
  const { client, steps, idp, expect } = scenario as unknown as Pick<Scenario, 'client' | 'steps' | 'idp' | 'expect'>;
  // Every fault id ever added may be removed later; two rules in force at once may not share an id (the IdP refuses it).
  const faultIds = new Set<string>();
  const activeFaults = new Map<string, string>();
  const addFaultId = (id: string | undefined, path: (string | number)[], where: string) => {
    if (id === undefined) return;
    if (id === OFFLINE_FAULT_ID) {
      ctx.addIssue({ code: 'custom', path, message: `expected a fault id other than "${OFFLINE_FAULT_ID}", the rule an \`offline: { where: idp }\` step adds` });
      return;
    }
    const previous = activeFaults.get(id);
    if (previous !== undefined) ctx.addIssue({ code: 'custom', path, message: `expected a fault id not in force, "${id}" is still in force from ${previous}` });
    activeFaults.set(id, where);
    faultIds.add(id);
  };
  (idp.faults ?? []).forEach((rule, index) => addFaultId(rule.id, ['idp', 'faults', index, 'id'], `idp.faults[${index}]`));
  for (const repeat of repeatedUsers(idp.users ?? [])) ctx.addIssue({ code: 'custom', path: ['idp', 'users', repeat.index, repeat.field], message: repeat.message });
  steps.forEach((step, index) => {
    if ('window' in step && typeof step.window === 'number' && step.window > client.windows) {
      ctx.addIssue({ code: 'custom', path: ['steps', index, step.kind, 'window'], message: `expected a window between 1 and ${client.windows} (client.windows), got ${step.window}` });
    }
    if (step.kind === 'setClock' && (step.to === undefined) === (step.offset === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['steps', index, 'setClock'], message: 'expected exactly one of "to" (an ISO date-time) or "offset" (a signed duration such as "-10m")' });
    }
    if (step.kind === 'addFault') addFaultId(step.rule.id, ['steps', index, 'addFault', 'rule', 'id'], `steps[${index}]`);
    if (step.kind === 'removeFault') {
      if (!faultIds.has(step.id)) ctx.addIssue({ code: 'custom', path: ['steps', index, 'removeFault', 'id'], message: `expected the id of a fault added earlier (${[...faultIds].join(', ') || 'none has an id'}), got "${step.id}"` });
      activeFaults.delete(step.id);
    }
    if (step.kind === 'clearFaults') activeFaults.clear();
  });
  if (Array.isArray(expect.final.state) && expect.final.state.length !== client.windows) {
    ctx.addIssue({ code: 'custom', path: ['expect', 'final', 'state'], message: `expected one state per window (${client.windows}), got ${expect.final.state.length}` });
  }
  if (expect.final.draftKept !== undefined && !steps.some((step) => step.kind === 'typeDraft')) {
    ctx.addIssue({ code: 'custom', path: ['expect', 'final', 'draftKept'], message: 'expected a typeDraft step before it: there is no draft to keep' });
  }
}

/**
 * Gives every fault rule without an id one (`f1`, `f2`, …) that no rule of the scenario names. Left to the IdP,
 * an id-less rule would be named `f1` when added, and a later `addFault` of a rule the author named `f1` would be
 * refused at run time in a file that had validated.
 */
function nameFaultRules<T extends { idp: { faults?: Array<{ id?: string }> }; steps: ReadonlyArray<{ kind: string; rule?: { id?: string } }> }>(scenario: T): T {
  const rules = [...(scenario.idp.faults ?? []), ...scenario.steps.flatMap((step) => (step.kind === 'addFault' && step.rule ? [step.rule] : []))];
  const named = new Set(rules.flatMap((rule) => (rule.id === undefined ? [] : [rule.id])));
  let next = 1;
  for (const rule of rules) {
    if (rule.id !== undefined) continue;
    while (named.has(`f${next}`)) next += 1;
    rule.id = `f${next}`;
    named.add(rule.id);
  }
  return scenario;
}

/** The JSON Schema shipped as scenarios/scenario.schema.json (what a person writes: the input side). */
export function scenarioJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' }),
    $id: 'https://tokenstorm.dev/scenario.schema.json',
    title: 'tokenstorm scenario',
  };
}
