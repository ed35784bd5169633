/** The signals that stop a `tokenstorm run` or chaos run gracefully, and the exit code each leaves. */
import { constants as osConstants } from 'node:os';

/** Ctrl-C, a CI system cancelling a job (or `kill`), a closed terminal. */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];

/** The shell's code for a command a signal ended, 128 + its number: 130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP. */
export function stoppedExitCode(signal: NodeJS.Signals): number {
  return 128 + osConstants.signals[signal];
}
