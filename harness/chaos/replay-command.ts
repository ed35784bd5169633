/**
 * The command lines chaos mode prints and writes into the scenario it found —
 * the run that found it and the `tokenstorm run` that replays it — each one
 * ready to paste into a POSIX shell, whatever the paths and values in it.
 */
import type { DriverChoice } from '../drivers/select-driver.ts';

/** A chaos run as its command line gave it; what is absent is left out of the commands (the CLI's defaults apply). */
export interface ChaosInvocation {
  runs: number;
  variant: string;
  seed: number;
  maxShrinkRuns?: number;
  timeScale?: number;
  /** `auto` is the default: named only when another driver was asked for. */
  driver?: DriverChoice;
}

/** Characters a POSIX shell takes literally in a word. */
const PLAIN_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** `arg` as one word of a POSIX shell command line: as it is when the shell would read it back unchanged, else in single quotes. */
export function shellQuote(arg: string): string {
  // Inside single quotes nothing is special but the quote itself, which is closed, escaped and reopened.
  return PLAIN_WORD.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}

/** `tokenstorm run --chaos N …`: the search that found a failing schedule. */
export function chaosCommandLine(invocation: ChaosInvocation): string {
  const shrinkRuns = invocation.maxShrinkRuns === undefined ? [] : option('--shrink-runs', invocation.maxShrinkRuns);
  return commandLine(['tokenstorm', 'run', ...option('--chaos', invocation.runs), ...runOptions(invocation), ...shrinkRuns]);
}

/** `tokenstorm run FILE …`: plays a written chaos scenario against the same variant, seed, time scale and driver. */
export function replayCommandLine(file: string, invocation: ChaosInvocation): string {
  return commandLine(['tokenstorm', 'run', file, ...runOptions(invocation)]);
}

function runOptions({ variant, seed, timeScale, driver }: ChaosInvocation): string[] {
  return [...option('--variant', variant), ...option('--seed', seed), ...(timeScale === undefined ? [] : option('--time-scale', timeScale)), ...(driver === undefined || driver === 'auto' ? [] : option('--driver', driver))];
}

/** A value that starts with a dash (a negative seed) is joined to its option: the CLI would take it for another option. */
function option(name: string, value: string | number): string[] {
  const text = String(value);
  return text.startsWith('-') ? [`${name}=${text}`] : [name, text];
}

function commandLine(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}
