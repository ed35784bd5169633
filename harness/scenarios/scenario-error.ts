/** The one error a scenario file can produce: it names the file, the path inside it and what was expected. */

export interface ScenarioIssue {
  /** Path inside the file, e.g. `steps[3].advanceClock.by` (empty for the whole document). */
  path: string;
  message: string;
  /** 1-based position of the offending node, when the YAML parser can point at it. */
  line?: number;
  column?: number;
}

export type ScenarioErrorCode = 'INVALID_SCENARIO' | 'DUPLICATE_SCENARIO';

export class ScenarioError extends Error {
  readonly code: ScenarioErrorCode;
  readonly file: string;
  readonly issues: ScenarioIssue[];

  constructor(file: string, issues: ScenarioIssue[], code: ScenarioErrorCode = 'INVALID_SCENARIO') {
    super(issues.map((issue) => formatIssue(file, issue)).join('\n'));
    this.name = 'ScenarioError';
    this.code = code;
    this.file = file;
    this.issues = issues;
  }
}

/** `file:line:column: path: message`, the shape editors and CI logs link to. */
export function formatIssue(file: string, issue: ScenarioIssue): string {
  const position = issue.line === undefined ? '' : `:${issue.line}:${issue.column ?? 1}`;
  const where = issue.path === '' ? '' : `${issue.path}: `;
  return `${file}${position}: ${where}${issue.message}`;
}

export function isScenarioError(error: unknown): error is ScenarioError {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'INVALID_SCENARIO' || code === 'DUPLICATE_SCENARIO';
}
