/** The mock IdP's configuration: a zod schema shared by the config file, `createMockIdp` and `/__admin/config`. */
import { z } from 'zod';
import { durationSchema } from '../clock/duration.ts';
import { abuseDetectionSchema } from '../tokens/abuse-detection.ts';
import { rotationConfigSchema } from '../tokens/rotation-policy.ts';
import { FAMILY_CAPACITY } from '../tokens/family-store.ts';
import { signingConfigSchema } from '../tokens/signing-keys.ts';
import { DEFAULT_CLIENTS, clientsSchema } from '../oauth/clients/client-schema.ts';
import { oauthSettingsSchema } from '../oauth/oauth-settings.ts';
import { dpopConfigSchema } from '../oauth/dpop/dpop-config.ts';
import { attestationConfigSchema } from '../oauth/attestation/attestation-config.ts';
import { brokerConfigSchema } from '../broker/broker-config.ts';
import { telemetryConfigSchema } from '../telemetry/telemetry-config.ts';
import type { FaultRuleInput } from '../faults/types.ts';

export const demoUserSchema = z.object({
  email: z.string().email(),
  password: z.string().min(8, 'expected a password of at least 8 characters (better-auth minimum)').max(128, 'expected a password of at most 128 characters (better-auth maximum)'),
  name: z.string().min(1),
  username: z.string().regex(/^[a-zA-Z0-9_.]{3,30}$/, 'expected 3-30 letters, digits, _ or .').optional(),
}).strict();

/**
 * Users the IdP cannot both hold: better-auth keeps emails and usernames unique, ignoring case. Each repeat is
 * named by its index and field, with the index it repeats.
 */
export function repeatedUsers(users: ReadonlyArray<{ email: string; username?: string | undefined }>): Array<{ index: number; field: 'email' | 'username'; message: string }> {
  const repeats: Array<{ index: number; field: 'email' | 'username'; message: string }> = [];
  for (const field of ['email', 'username'] as const) {
    const firstAt = new Map<string, number>();
    users.forEach((user, index) => {
      const value = user[field]?.toLowerCase();
      if (value === undefined) return;
      const first = firstAt.get(value);
      if (first === undefined) firstAt.set(value, index);
      else repeats.push({ index, field, message: `expected a unique ${field} (case does not count), "${user[field]}" is already users[${first}]'s` });
    });
  }
  return repeats;
}

export const lifetimesSchema = z.object({
  accessTokenTtl: durationSchema.default(15 * 60_000),
  refreshTokenTtl: durationSchema.default(30 * 86_400_000),
  /** A family unused this long is dead (0 = no idle limit). */
  sessionIdleTimeout: durationSchema.default(0),
  /** A family older than this is dead, however often it was refreshed (0 = no limit). */
  sessionAbsoluteLifetime: durationSchema.default(90 * 86_400_000),
}).strict();

/** pino's levels, and `silent`. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const idpConfigSchema = z.object({
  seed: z.number().int().default(1),
  /**
   * Real-time faults (delay, hang) last 1/timeScale of their configured time, to
   * match a client whose clock runs that many times faster (the harness's
   * `--time-scale`). Expiries are on the virtual clock and do not change.
   */
  timeScale: z.number().positive().max(1_000).default(1),
  lifetimes: lifetimesSchema.default(() => lifetimesSchema.parse({})),
  rotation: rotationConfigSchema.default({ preset: 'strict' }),
  /** What tokens are signed with (tokens/signing-keys.ts); keys are rotated and retired through the admin API. */
  signing: signingConfigSchema.default(() => signingConfigSchema.parse({})),
  /** Refresh-abuse detection (tokens/abuse-detection.ts); off by default. */
  abuseDetection: abuseDetectionSchema.default(() => abuseDetectionSchema.parse({})),
  users: z
    .array(demoUserSchema)
    .default([])
    .superRefine((users, ctx) => {
      for (const repeat of repeatedUsers(users)) ctx.addIssue({ code: 'custom', path: [repeat.index, repeat.field], message: repeat.message });
    }),
  /** Origins better-auth trusts besides the IdP's own (Electron `file://`, `app://` are always added). */
  trustedOrigins: z.array(z.string()).default([]),
  /** Fault rules loaded at start; validated by the fault engine (config.faults[i] named in its errors). */
  faults: z.array(z.custom<FaultRuleInput>()).default([]),
  /** Events kept in memory for checkers; older ones are dropped (counted in `dropped`). */
  eventCapacity: z.number().int().min(100).max(1_000_000).default(10_000),
  /** Sign-ins (token families) remembered; past it the oldest is forgotten with its tokens and session (tokens/family-store.ts). */
  familyCapacity: z.number().int().min(1).max(10_000_000).default(FAMILY_CAPACITY),
  logLevel: z.enum(LOG_LEVELS).default('silent'),
  /** OAuth clients; the default is a public desktop client and a confidential backend client. */
  clients: clientsSchema.default(() => clientsSchema.parse(DEFAULT_CLIENTS)),
  oauth: oauthSettingsSchema.default(() => oauthSettingsSchema.parse({})),
  /** DPoP (RFC 9449): proof algorithms, iat tolerance and server nonces. */
  dpop: dpopConfigSchema.default(() => dpopConfigSchema.parse({})),
  /** Client attestation: how long an attestation lasts, the PoP's iat tolerance, the attester's verdict. */
  attestation: attestationConfigSchema.default(() => attestationConfigSchema.parse({})),
  broker: brokerConfigSchema.default(() => brokerConfigSchema.parse({})),
  telemetry: telemetryConfigSchema.default(() => telemetryConfigSchema.parse({})),
}).strict();

export type IdpConfigInput = z.input<typeof idpConfigSchema>;
export type IdpConfig = z.output<typeof idpConfigSchema>;
export type Lifetimes = z.output<typeof lifetimesSchema>;

/** The user the demo config (demo.yaml) seeds, and a scenario that names no users signs in as. */
export const DEMO_USER = { email: 'demo@tokenstorm.dev', password: 'demo-password', name: 'Demo User', username: 'demo' } as const;
