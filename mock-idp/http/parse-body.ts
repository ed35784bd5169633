/** Validates a request body (or query) against a zod schema; a bad one is a 400 naming each field and what was expected. */
import type { z } from 'zod';
import { IdpError, describeIssues, issuesFromZod, type IdpErrorCode } from '../errors.ts';

export function parseBody<S extends z.ZodType>(schema: S, body: unknown, options: { root?: string; code?: IdpErrorCode } = {}): z.output<S> {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const issues = issuesFromZod(parsed.error.issues, options.root ?? 'body');
  throw new IdpError(options.code ?? 'INVALID_REQUEST', describeIssues(issues), { issues });
}
