/** Validation of admin request bodies; a bad body is a 400 naming the field and the expectation. */
import { z } from 'zod';
import { durationSchema } from '../clock/duration.ts';
import { expected, intBetween } from '../faults/rule-schema.ts';
import { MAX_INSTANT_MS } from '../clock/virtual-clock.ts';
import { demoUserSchema, lifetimesSchema } from '../config/idp-config.ts';
import { parseBody } from '../http/parse-body.ts';
import { abuseDetectionSchema } from '../tokens/abuse-detection.ts';
import { rotationConfigSchema } from '../tokens/rotation-policy.ts';
import { dpopConfigSchema } from '../oauth/dpop/dpop-config.ts';
import { attestationConfigSchema } from '../oauth/attestation/attestation-config.ts';
import { signingAlgorithmSchema } from '../tokens/signing-keys.ts';

const instantError = expected(`an ISO date-time such as "2030-01-01T00:00:00Z", or epoch ms a Date can hold (at most ${MAX_INSTANT_MS} either side of 1970)`);
const instantSchema = z.union(
  [
    z.number().refine((ms) => Math.abs(ms) <= MAX_INSTANT_MS, { error: instantError }),
    z.string().refine((value) => !Number.isNaN(Date.parse(value)), { error: instantError }).transform((value) => Date.parse(value)),
  ],
  { error: instantError },
);

/** An object where exactly one of `keys` is given, so each field keeps its own precise error. */
function exactlyOne<T extends z.ZodRawShape>(shape: T, keys: Array<keyof T & string>, allowNone = false) {
  return z.object(shape).strict().superRefine((value, ctx) => {
    const given = keys.filter((key) => (value as Record<string, unknown>)[key] !== undefined);
    if (given.length > 1 || (!allowNone && given.length === 0)) {
      ctx.addIssue({ code: 'custom', message: `expected exactly one of ${keys.map((key) => `"${key}"`).join(', ')}${given.length ? `, got ${given.join(' and ')}` : ''}` });
    }
  });
}

export const clockBody = exactlyOne({ advance: durationSchema.optional(), set: instantSchema.optional() }, ['advance', 'set']);

export const revokeBody = exactlyOne({
  token: z.string().min(1).optional(),
  familyId: z.string().min(1).optional(),
  userId: z.string().min(1).optional(),
  email: z.string().email().optional(),
  all: z.literal(true).optional(),
}, ['token', 'familyId', 'userId', 'email', 'all']);

export const expireBody = exactlyOne({ familyId: z.string().min(1).optional(), userId: z.string().min(1).optional() }, ['familyId', 'userId'], true);

/**
 * A patch of a config section: the fields it names, and nothing else. zod's `partial()` would fill every field
 * it leaves out with its default, so a patch of one lifetime put every other back to its default.
 */
function patchOf<Shape extends z.ZodRawShape>(section: z.ZodObject<Shape>) {
  const fields = Object.entries(section.shape).map(([key, field]) => [key, ((field instanceof z.ZodDefault ? field.unwrap() : field) as z.ZodType).optional()]);
  return z.object(Object.fromEntries(fields)).strict() as unknown as z.ZodType<Partial<z.output<z.ZodObject<Shape>>>>;
}

export const configPatchBody = z.object({
  lifetimes: patchOf(lifetimesSchema).optional(),
  rotation: rotationConfigSchema.optional(),
  abuseDetection: patchOf(abuseDetectionSchema).optional(),
  dpop: patchOf(dpopConfigSchema).optional(),
  attestation: patchOf(attestationConfigSchema).optional(),
}).strict();

export const userBody = demoUserSchema;

/** A signing-key rotation: the new key's algorithm (the current key's by default), and whether every earlier key is retired. */
export const keyRotationBody = z.object({
  algorithm: signingAlgorithmSchema.optional(),
  retirePrevious: z.boolean().optional(),
}).strict();

/*
 * What the in-process admin API takes, as types (the bodies above say the same at run time, for HTTP and for
 * callers without a compiler): a mistake a compiler can see is named before the test runs.
 */
/** One revocation target: a token the IdP issued, a family, a user (by id or email), or everything. */
export type RevokeTarget = { token: string } | { familyId: string } | { userId: string } | { email: string } | { all: true };
/** Whose access tokens to expire: one family's, one user's, or (none given) everyone's. */
export type ExpireScope = { familyId: string } | { userId: string } | Record<string, never>;
/** A config patch: only the fields it names change; durations may be written "15m". */
export interface ConfigPatch {
  lifetimes?: Partial<z.input<typeof lifetimesSchema>>;
  rotation?: z.input<typeof rotationConfigSchema>;
  abuseDetection?: Partial<z.input<typeof abuseDetectionSchema>>;
  dpop?: Partial<z.input<typeof dpopConfigSchema>>;
  attestation?: Partial<z.input<typeof attestationConfigSchema>>;
}
export type UserInput = z.input<typeof demoUserSchema>;
export type KeyRotation = z.input<typeof keyRotationBody>;

const SEQUENCE_NUMBER = 'a sequence number (an integer from 0)';

/** An integer given as a number (in-process) or as digits (a query string); a query parameter given twice is named as such. */
function queryInteger(min: number, max: number, what: string) {
  const error = (issue: { input?: unknown }) =>
    Array.isArray(issue.input) ? `given more than once; expected one ${what.replace(/^an? /, '')}` : expected(what)(issue);
  return z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)], { error }).pipe(intBetween(min, max, what));
}

export const eventsQuery = z.object({
  since: queryInteger(0, Number.MAX_SAFE_INTEGER, SEQUENCE_NUMBER).optional(),
  limit: queryInteger(1, 100_000, 'an integer between 1 and 100000').optional(),
  type: z.enum(['request', 'admin']).optional(),
}).strict();

export const stateQuery = z.object({
  limit: queryInteger(0, Number.MAX_SAFE_INTEGER, 'a number of the newest sessions and families to list (an integer from 0)').optional(),
}).strict();

/** EventSource's `Last-Event-ID` on reconnect: the id of the last event it received, our `seq`. */
export const lastEventIdHeader = z.string().regex(/^\d+$/, { error: expected(`the id of an event received, ${SEQUENCE_NUMBER}`) })
  .transform(Number)
  .pipe(intBetween(0, Number.MAX_SAFE_INTEGER, `the id of an event received, ${SEQUENCE_NUMBER}`));

export function parseAdminInput<S extends z.ZodType>(schema: S, input: unknown, root = 'body'): z.output<S> {
  return parseBody(schema, input, { root, code: 'INVALID_ADMIN_BODY' });
}
