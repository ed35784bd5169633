/** The `telemetry:` section of the IdP config: per-install telemetry tokens and what counts as PII. */
import { z } from 'zod';
import { durationSchema } from '../clock/duration.ts';

export const DEFAULT_PII_FIELDS = ['email', 'name', 'username', 'phone', 'address', 'ip', 'ipAddress', 'userId', 'password'];

export const telemetryConfigSchema = z.object({
  /** Lifetime of a telemetry token (short: the article says rotate them frequently). */
  tokenTtl: durationSchema.default(60 * 60_000),
  pii: z.object({
    /** `reject` answers 400 naming the field; `redact` replaces the value with "[redacted]" and accepts the event. */
    mode: z.enum(['reject', 'redact']).default('reject'),
    /** Property names (case-insensitive, at any depth) that are PII. */
    fields: z.array(z.string().min(1)).default(DEFAULT_PII_FIELDS),
    /** Also treat any string value that looks like an email address as PII. */
    detectEmails: z.boolean().default(true),
  }).strict().default(() => ({ mode: 'reject' as const, fields: DEFAULT_PII_FIELDS, detectEmails: true })),
  /** At most this many events per request. */
  maxEventsPerRequest: z.number().int().min(1).max(10_000).default(100),
}).strict();

export type TelemetryConfig = z.output<typeof telemetryConfigSchema>;
