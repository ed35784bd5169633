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
  return (await command.load())(rest);
}
