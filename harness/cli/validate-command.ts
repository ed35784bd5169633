/** `tokenstorm validate [FILE...]`: checks scenario files against the schema without running anything. */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { BUILTIN_SCENARIOS_DIR, loadScenario, resolveScenarioArgument } from '../scenarios/load-scenario.ts';
import { isScenarioError } from '../scenarios/scenario-error.ts';

const HELP = `usage: tokenstorm validate [FILE...]

Validates scenario files (YAML) against the scenario schema; nothing runs.
A FILE may also name a built-in scenario, as in "tokenstorm run".
Without FILE, validates every built-in scenario in scenarios/.
Prints "ok: FILE (N steps)" per valid file, and FILE:LINE:COLUMN: PATH: what was expected per error.
Exits 1 when any file is invalid.`;

export const validateCommand = {
  async run(argv: string[]): Promise<number> {
    if (argv.includes('--help') || argv.includes('-h')) {
      console.log(HELP);
      return 0;
    }
    const unknownOption = argv.find((arg) => arg.startsWith('-'));
    if (unknownOption !== undefined) {
      console.error(`tokenstorm validate: unknown option "${unknownOption}"\n\n${HELP}`);
      return 2;
    }
    const files = argv.length > 0 ? argv : await builtinFiles();
    let failed = 0;
    for (const file of files) {
      try {
        // A bare name that is no file is the built-in scenario of that name, as `run` takes it.
        const scenario = await loadScenario(resolveScenarioArgument(file) ?? file);
        console.log(`ok: ${file} (${scenario.steps.length} steps)`);
      } catch (error) {
        if (!isScenarioError(error)) throw error;
        failed += 1;
        console.error(error.message);
      }
    }
    if (failed > 0) console.error(`${failed} of ${files.length} scenario file${files.length === 1 ? '' : 's'} invalid`);
    return failed > 0 ? 1 : 0;
  },
};

async function builtinFiles(): Promise<string[]> {
  const entries = (await readdir(BUILTIN_SCENARIOS_DIR)).filter((entry) => /\.ya?ml$/.test(entry)).sort();
  return entries.map((entry) => join(BUILTIN_SCENARIOS_DIR, entry));
}
