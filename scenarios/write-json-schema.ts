/** Regenerates scenarios/scenario.schema.json from the zod schema: `node --import tsx scenarios/write-json-schema.ts`. */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { scenarioJsonSchema } from '../harness/scenarios/scenario-schema.ts';

export const SCENARIO_JSON_SCHEMA_FILE = fileURLToPath(new URL('./scenario.schema.json', import.meta.url));

export function renderScenarioJsonSchema(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await writeFile(SCENARIO_JSON_SCHEMA_FILE, renderScenarioJsonSchema());
  console.log(`wrote ${SCENARIO_JSON_SCHEMA_FILE}`);
}
