/**
 * node:util's parseArgs, read as a person types a command line: a negative
 * number is an option's value (`--seed -5`; parseArgs refuses it as an
 * "ambiguous" option), and a mistake is one line that names it and points at
 * --help, rather than Node's tips followed by the whole help text.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseCommandLine<T extends ParseArgsConfig & { args: string[]; options: Options }>(config: T): ReturnType<typeof parseArgs<T>> {
  return parseArgs({ ...config, args: joinNegativeValues(config.args, config.options) });
}

/** `--name -5` as `--name=-5` for an option that takes a value; nothing after `--` is touched. */
export function joinNegativeValues(args: readonly string[], options: Options): string[] {
  const joined: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index]!;
    if (arg === '--') return [...joined, ...args.slice(index)];
    const next = args[index + 1];
    const takesValue = arg.startsWith('--') && !arg.includes('=') && options[arg.slice(2)]?.type === 'string';
    if (takesValue && next !== undefined && /^-\d/.test(next)) {
      joined.push(`${arg}=${next}`);
      index += 1;
    } else {
      joined.push(arg);
    }
  }
  return joined;
}

/** The one line a command prints for a command line parseArgs refused. */
export function commandLineError(command: string, error: unknown): string {
  // Node appends how to pass a positional that starts with a dash, with quotes that do not pair up.
  const message = (error as Error).message.replace(/\. To specify a positional argument starting with a '-'[\s\S]*$/, '');
  return `tokenstorm ${command}: ${message} (tokenstorm ${command} --help lists the options)`;
}
