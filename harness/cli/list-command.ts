/** `tokenstorm list`: the built-in scenarios as a table (name, title, steps, invariants checked). */
import { BUILTIN_SCENARIOS_DIR, loadScenarios, type LoadedScenario } from '../scenarios/load-scenario.ts';
import { isScenarioError } from '../scenarios/scenario-error.ts';
import { INVARIANT_IDS } from '../scenarios/scenario-schema.ts';
import { commandLineError, parseCommandLine } from './parse-command-line.ts';

const HELP = `usage: tokenstorm list [--dir DIR]

Lists the scenarios in DIR (default: the built-in scenarios/): name, title, steps, invariants checked.`;

export const listCommand = {
  async run(argv: string[]): Promise<number> {
    let values;
    try {
      ({ values } = parseCommandLine({ args: argv, options: { dir: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
    } catch (error) {
      console.error(commandLineError('list', error));
      return 2;
    }
    if (values.help) {
      console.log(HELP);
      return 0;
    }
    try {
      console.log(formatScenarioTable(await loadScenarios(values.dir ?? BUILTIN_SCENARIOS_DIR)));
      return 0;
    } catch (error) {
      if (!isScenarioError(error)) throw error;
      console.error(error.message);
      return 1;
    }
  },
};

export function formatScenarioTable(loaded: readonly LoadedScenario[]): string {
  const rows = loaded.map(({ scenario }) => [
    scenario.name,
    scenario.title,
    String(scenario.steps.length),
    scenario.expect.invariants.length === INVARIANT_IDS.length ? 'all' : scenario.expect.invariants.join(', '),
  ]);
  const table = [['NAME', 'TITLE', 'STEPS', 'INVARIANTS'], ...rows];
  const widths = [0, 1, 2].map((column) => Math.max(...table.map((row) => row[column]!.length)));
  const lines = table.map((row) => row.map((cell, column) => (column < 3 ? cell.padEnd(widths[column]!) : cell)).join('  ').trimEnd());
  return `${lines.join('\n')}\n\n${loaded.length} scenarios`;
}
