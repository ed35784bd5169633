/** The `oauth:` section of the IdP config: lifetimes of the OAuth surface's own artefacts, in virtual time. */
import { z } from 'zod';
import { durationSchema } from '../clock/duration.ts';

const wholeSeconds = durationSchema.refine((ms) => ms >= 1000 && ms % 1000 === 0, 'expected whole seconds, at least "1s"');

export const oauthSettingsSchema = z.object({
  /** An authorization code is single-use and short-lived (RFC 6749 §4.1.2 recommends at most 10 minutes). */
  authorizationCodeTtl: durationSchema.default(60_000),
  /** How long the login page stays usable after `/oauth/authorize` showed it. */
  loginTtl: durationSchema.default(10 * 60_000),
  /** `expires_in` of a device code (RFC 8628 §3.2). */
  deviceCodeTtl: durationSchema.default(10 * 60_000),
  /** `interval` of device polling (RFC 8628 §3.2); each `slow_down` adds 5 s. */
  devicePollInterval: wholeSeconds.default(5_000),
}).strict();

export type OAuthSettings = z.output<typeof oauthSettingsSchema>;
