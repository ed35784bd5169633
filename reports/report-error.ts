/** The errors of reading and merging report directories: each names the file or directory at fault. */

export type ReportErrorCode =
  | 'RESULTS_MISSING'
  | 'RESULTS_INVALID'
  | 'MODES_DIFFER'
  | 'SHARDS_DIFFER'
  | 'DUPLICATE_SHARD'
  | 'DUPLICATE_RUNS'
  | 'DIR_REPEATED';

const CODES: readonly ReportErrorCode[] = ['RESULTS_MISSING', 'RESULTS_INVALID', 'MODES_DIFFER', 'SHARDS_DIFFER', 'DUPLICATE_SHARD', 'DUPLICATE_RUNS', 'DIR_REPEATED'];

export class ReportError extends Error {
  readonly code: ReportErrorCode;

  constructor(code: ReportErrorCode, message: string) {
    super(message);
    this.name = 'ReportError';
    this.code = code;
  }
}

export function isReportError(error: unknown): error is ReportError {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (CODES as readonly string[]).includes(code);
}
