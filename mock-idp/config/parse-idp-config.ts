import { IdpError, describeIssues, issuesFromZod, type ErrorIssue } from '../errors.ts';
import { parseFaultRules } from '../faults/index.ts';
import { idpConfigSchema, type IdpConfig } from './idp-config.ts';

/**
 * Validates a config object. The error names the source (a file, or "config"),
 * each wrong field's path and what was expected.
 */
export function parseIdpConfig(input: unknown, source = 'config'): IdpConfig {
  const parsed = idpConfigSchema.safeParse(input ?? {});
  if (!parsed.success) throw invalidConfig(source, issuesFromZod(parsed.error.issues));
  try {
    parseFaultRules(parsed.data.faults, 'faults');
  } catch (error) {
    const issues = (error as { issues?: ErrorIssue[] }).issues ?? [{ path: 'faults', message: (error as Error).message }];
    throw invalidConfig(source, issues);
  }
  return parsed.data;
}

function invalidConfig(source: string, issues: ErrorIssue[]): IdpError {
  return new IdpError('INVALID_CONFIG', `${source}: ${describeIssues(issues)}`, { issues });
}
