/** Field schemas shared by the scenario schema: each error says what was expected and what it got. */
import { z } from 'zod';
import { parseDuration } from '../../mock-idp/clock/duration.ts';
import { FaultRuleError, parseFaultRule } from '../../mock-idp/faults/index.ts';
import type { ParsedFaultRule } from '../../mock-idp/faults/index.ts';
import { describeValue } from '../../mock-idp/errors.ts';
import { expected, intBetween } from '../../mock-idp/faults/rule-schema.ts';

export { describeValue, expected, intBetween };

export const quoted = (values: readonly string[]) => values.map((value) => `"${value}"`).join(', ');
export const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: expected(`one of ${quoted(values)}`) });


export const nonEmptyText = (what = 'a non-empty string') => z.string({ error: expected(what) }).min(1, { error: expected(what) });

/** A strict object whose unknown keys are reported with the keys it accepts. */
export function strictObject<Shape extends z.ZodRawShape>(shape: Shape, what: string) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? known.length === 0 ? 'unknown key; this takes no options' : `unknown key; expected one of ${known.join(', ')}`
        : expected(what)(issue),
  });
}

export const DURATION_HINT = 'a duration such as 900, "900ms", "30s", "16m", "2h" or "3d" (at most 36500d)';

/** Durations are written 900, "900ms", "30s", "16m", "2h" or "3d" and come out in milliseconds. */
export function duration(what = DURATION_HINT) {
  return z
    .union([z.number(), z.string()], { error: expected(what) })
    .transform((value, ctx) => {
      const ms = parseDuration(value);
      if (ms === undefined) {
        ctx.addIssue({ code: 'custom', message: expected(what)({ input: value }) });
        return z.NEVER;
      }
      return ms;
    });
}

/** A signed duration for clock skew: "-10m" moves the clock back ten minutes. */
export const signedDuration = z
  .union([z.number(), z.string()], { error: expected('a signed duration such as "-10m" or "+2h"') })
  .transform((value, ctx) => {
    const text = String(value).trim();
    const sign = text.startsWith('-') ? -1 : 1;
    const ms = parseDuration(typeof value === 'number' ? Math.abs(value) : text.replace(/^[+-]/, ''));
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: expected('a signed duration such as "-10m" or "+2h"')({ input: value }) });
      return z.NEVER;
    }
    return sign * ms;
  });

/** One fault rule, validated by mock-idp's own parser so the rules mean exactly what the IdP runs. */
export const faultRuleSchema = z
  .unknown()
  .transform((input, ctx): ParsedFaultRule => {
    try {
      return parseFaultRule(input, '');
    } catch (error) {
      if (!(error instanceof FaultRuleError)) throw error;
      for (const issue of error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: splitPath(issue.path) });
      return z.NEVER;
    }
  })
  .meta({ description: 'A mock-idp fault rule (README "Faults"): match → action, with after, times, probability, quota.' });

/** `.action.status`, `[2].id`, `["x-y"]` → path segments. */
function splitPath(path: string): PropertyKey[] {
  const segments: PropertyKey[] = [];
  for (const match of path.matchAll(/\.([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g)) {
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else segments.push(JSON.parse(match[3]!) as string);
  }
  return segments;
}
