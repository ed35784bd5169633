/**
 * Refresh-token rotation policies. A policy says what happens when a refresh
 * token that was already rotated away is presented again (reuse).
 * Presets reproduce real providers' documented semantics.
 */
import { z } from 'zod';
import { durationSchema } from '../clock/duration.ts';

export interface RotationPolicy {
  /** Preset or policy name, for reports. */
  name: string;
  /** Reuse outside the grace rules: refuse it, or refuse it and revoke the whole family (RFC 9700 §4.14.2). */
  onReuse: 'reject' | 'revoke-family';
  /** A superseded token may be reused this long after it was rotated (virtual ms; Infinity = forever). */
  graceMs: number;
  /** …at most this many times (Infinity = no limit). */
  graceReuseCount: number;
  /** Which superseded tokens the grace applies to: only the head's parent, or any. */
  graceScope: 'previous' | 'any';
}

const countSchema = z.number().int().min(0);

export const rotationConfigSchema = z.discriminatedUnion('preset', [
  z.object({ preset: z.literal('strict') }).strict(),
  z.object({ preset: z.literal('auth0'), leeway: durationSchema.default(0) }).strict(),
  z.object({ preset: z.literal('okta'), leeway: durationSchema.default(30_000) }).strict(),
  z.object({
    preset: z.literal('hydra'),
    rotationGracePeriod: durationSchema.default(0),
    /** Hydra: 0 means no limit within the grace period. */
    rotationGraceReuseCount: countSchema.default(0),
  }).strict(),
  z.object({
    preset: z.literal('keycloak'),
    revokeRefreshToken: z.boolean().default(true),
    refreshTokenMaxReuse: countSchema.default(0),
  }).strict(),
  z.object({
    preset: z.literal('custom'),
    onReuse: z.enum(['reject', 'revoke-family']),
    graceMs: durationSchema.default(0),
    graceReuseCount: countSchema.optional(),
    graceScope: z.enum(['previous', 'any']).default('previous'),
  }).strict(),
]);

export type RotationConfig = z.input<typeof rotationConfigSchema>;

/** Resolves a preset (or custom policy) to the rules the family store applies. Throws on an invalid config. */
export function resolveRotationPolicy(config: RotationConfig): RotationPolicy {
  const input = rotationConfigSchema.parse(config);
  switch (input.preset) {
    case 'strict':
      return { name: 'strict', onReuse: 'revoke-family', graceMs: 0, graceReuseCount: 0, graceScope: 'previous' };
    case 'auth0':
      // Auth0: within the reuse interval (leeway) only the previous token may be reused; other reuse revokes the family.
      return { name: 'auth0', onReuse: 'revoke-family', graceMs: input.leeway, graceReuseCount: Infinity, graceScope: 'previous' };
    case 'okta':
      // Okta: grace period (default 30 s) for the previous token; reuse beyond it revokes the token family.
      return { name: 'okta', onReuse: 'revoke-family', graceMs: input.leeway, graceReuseCount: Infinity, graceScope: 'previous' };
    case 'hydra':
      // Ory Hydra: rotation_grace_period + rotation_grace_reuse_count (0 = unlimited); reuse after it revokes the chain.
      return {
        name: 'hydra',
        onReuse: 'revoke-family',
        graceMs: input.rotationGracePeriod,
        graceReuseCount: input.rotationGraceReuseCount === 0 ? Infinity : input.rotationGraceReuseCount,
        graceScope: 'previous',
      };
    case 'keycloak':
      // Keycloak: without revokeRefreshToken old tokens stay valid; with it, the latest token may be reused
      // refreshTokenMaxReuse times and any stale token is refused ("Stale token"), the session kept.
      return input.revokeRefreshToken
        ? { name: 'keycloak', onReuse: 'reject', graceMs: Infinity, graceReuseCount: input.refreshTokenMaxReuse, graceScope: 'previous' }
        : { name: 'keycloak', onReuse: 'reject', graceMs: Infinity, graceReuseCount: Infinity, graceScope: 'any' };
    case 'custom':
      return {
        name: `custom:${input.onReuse}`,
        onReuse: input.onReuse,
        graceMs: input.graceMs,
        graceReuseCount: input.graceReuseCount ?? (input.graceMs > 0 ? Infinity : 0),
        graceScope: input.graceScope,
      };
  }
}
