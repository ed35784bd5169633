import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { rotationConfigSchema } from '../../mock-idp/tokens/rotation-policy.ts';
import { INVARIANT_IDS, STEP_NAMES, rotationSchema, scenarioJsonSchema, stepSchema } from './scenario-schema.ts';
import { SCENARIO_JSON_SCHEMA_FILE, renderScenarioJsonSchema } from '../../scenarios/write-json-schema.ts';

describe('scenarios/scenario.schema.json', () => {
  it('is exactly what the zod schema generates (regenerate: node --import tsx scenarios/write-json-schema.ts)', async () => {
    expect(await readFile(SCENARIO_JSON_SCHEMA_FILE, 'utf8')).toBe(renderScenarioJsonSchema());
  });

  it('lists every step name and every invariant id', () => {
    const text = JSON.stringify(scenarioJsonSchema());
    for (const name of STEP_NAMES) expect(text).toContain(`"${name}"`);
    for (const id of INVARIANT_IDS) expect(text).toContain(`"${id}"`);
  });
});

describe('rotation presets (README "Rotation policies")', () => {
  it.each([
    { preset: 'strict' },
    { preset: 'auth0', leeway: '10s' },
    { preset: 'okta', leeway: '30s' },
    { preset: 'hydra', rotationGracePeriod: '10s', rotationGraceReuseCount: 1 },
    { preset: 'keycloak', revokeRefreshToken: true, refreshTokenMaxReuse: 0 },
    { preset: 'custom', onReuse: 'reject', graceMs: '5s', graceReuseCount: 2, graceScope: 'any' },
  ])('accepts $preset exactly as the mock IdP does', (rotation) => {
    expect(rotationSchema.safeParse(rotation).success).toBe(true);
    expect(rotationConfigSchema.safeParse(rotation).success).toBe(true);
  });

  it.each([{ preset: 'google' }, { preset: 'okta', gracePeriod: '30s' }, { preset: 'custom' }])('refuses %o as the mock IdP does', (rotation) => {
    expect(rotationSchema.safeParse(rotation).success).toBe(false);
    expect(rotationConfigSchema.safeParse(rotation).success).toBe(false);
  });
});

describe('steps', () => {
  it.each([
    [{ signIn: { window: 2, method: 'device' } }, { kind: 'signIn', window: 2, method: 'device' }],
    [{ advanceClock: { by: '3d' } }, { kind: 'advanceClock', by: 259_200_000 }],
    [{ setClock: { offset: '-10m' } }, { kind: 'setClock', offset: -600_000 }],
    [{ setClock: { to: '2030-01-01T00:00:00Z' } }, { kind: 'setClock', to: '2030-01-01T00:00:00Z' }],
    [{ offline: null }, { kind: 'offline', where: 'all' }],
    [{ online: { where: 'main' } }, { kind: 'online', where: 'main' }],
    [{ revoke: { target: 'token-family' } }, { kind: 'revoke', target: 'token-family' }],
    [{ waitFor: { state: 'expired', timeoutMs: 5000 } }, { kind: 'waitFor', state: 'expired', timeoutMs: 5000 }],
    [{ addFault: { rule: { id: 'x', match: { group: 'refresh' }, action: { type: 'delay', ms: '2s' } } } }, { kind: 'addFault', rule: { id: 'x', match: { group: 'refresh' }, action: { type: 'delay', ms: 2000 } } }],
    [{ sleep: { ms: 5000 } }, { kind: 'sleep', ms: 5000 }],
    [{ rotateSigningKey: null }, { kind: 'rotateSigningKey', retirePrevious: false }],
    [{ rotateSigningKey: { algorithm: 'RS256', retirePrevious: true } }, { kind: 'rotateSigningKey', algorithm: 'RS256', retirePrevious: true }],
  ])('parses %o', (input, output) => {
    expect(stepSchema.parse(input)).toEqual(output);
  });

  it.each([
    [{ sleep: { ms: 5001 } }, /between 1 and 5000/],
    [{ burst: { requests: 0 } }, /between 1 and 100/],
    [{ burst: { requests: 1, path: '/api/admin' } }, /expected one of "\/api\/notes", "\/api\/me"/],
    [{ revoke: { target: 'everyone' } }, /expected one of "token-family", "user", "all"/],
    [{ waitFor: { state: 'authenticated' } }, /expected one of "signed-in", "signed-out", "expired", "offline", "refreshing"/],
    [{ restart: { now: true } }, /unknown key; this takes no options/],
    [{ signIn: { method: 'magic-link' } }, /expected one of "password", "browser", "device"/],
    [{ rotateSigningKey: { algorithm: 'HS256' } }, /expected one of "ES256", "ES384", "RS256", "PS256", "EdDSA"/],
    [{ rotateSigningKey: { retirePrevious: 'yes' } }, /expected true or false/],
  ])('refuses %o', (input, message) => {
    const result = stepSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => issue.message).join('\n')).toMatch(message);
  });
});
