/** `tokenstorm <command>`: dispatches to one module per command. */
import { idpCommand } from './idp-command.ts';
import { listCommand } from './list-command.ts';
import { mergeCommand } from './merge-command.ts';
import { matrixCommand, runCommand } from './run-command.ts';
import { validateCommand } from './validate-command.ts';

const COMMANDS: Record<string, { summary: string; run(argv: string[]): Promise<number> }> = {
  idp: idpCommand,
  run: runCommand,
  matrix: matrixCommand,
  'merge-reports': mergeCommand,
  list: listCommand,
  validate: validateCommand,
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
  return command.run(rest);
}
