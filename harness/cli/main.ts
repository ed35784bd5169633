/**
 * `tokenstorm <command>`: dispatches to one module per command, loaded only
 * when its command runs (the IdP, the drivers and the chaos runner are
 * seconds of imports that `list` or `run` itself never needs).
 */
type Run = (argv: string[]) => Promise<number>;

const COMMANDS: Record<string, { summary: string; load(): Promise<Run> }> = {
  idp: { summary: 'run the mock identity provider', load: async () => (await import('./idp-command.ts')).idpCommand.run },
  run: { summary: 'run scenarios against a client variant and report', load: async () => (await import('./run-command.ts')).runCommand.run },
  matrix: { summary: 'every variant x every scenario: the catch matrix', load: async () => (await import('./run-command.ts')).matrixCommand.run },
  'merge-reports': { summary: 'merge the reports of sharded runs into one', load: async () => (await import('./merge-command.ts')).mergeCommand.run },
  list: { summary: 'list the built-in scenarios', load: async () => (await import('./list-command.ts')).listCommand.run },
  validate: { summary: 'check scenario files against the schema', load: async () => (await import('./validate-command.ts')).validateCommand.run },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(13)} ${command.summary}`);
  return `usage: tokenstorm <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nRun "tokenstorm <command> --help" for a command's options.`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`tokenstorm: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    return await (await command.load())(rest);
  } catch (error) {
    // Whatever a command did not turn into its own message is still one line, not a stack trace; the stack on request.
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    console.error(`tokenstorm ${name}: ${message}`);
    if (process.env[DEBUG_ENV]) console.error(error);
    else console.error(`(set ${DEBUG_ENV}=1 for the stack trace)`);
    return 1;
  }
}

/** Set (to anything) to see the stack trace of an error a command did not expect. */
export const DEBUG_ENV = 'TOKENSTORM_DEBUG';
