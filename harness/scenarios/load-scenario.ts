/**
 * Reads scenario files: YAML → schema → `Scenario`. A bad file throws a `ScenarioError` naming the
 * file, the path inside it, what was expected and, where the YAML parser can point at it, line:column.
 */
import { statSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { scenarioSchema, type Scenario } from './scenario-schema.ts';
import { ScenarioError, type ScenarioIssue } from './scenario-error.ts';

/** The built-in scenarios shipped with the package. */
export const BUILTIN_SCENARIOS_DIR = fileURLToPath(new URL('../../scenarios/', import.meta.url));

export interface LoadedScenario {
  file: string;
  scenario: Scenario;
}

/** Parses and validates one scenario's YAML text; `file` names it in errors. */
export function parseScenario(text: string, file: string): Scenario {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ScenarioError(
      file,
      doc.errors.map((error) => ({
        path: '',
        message: `YAML syntax error: ${error.message.split('\n')[0]}${error.code === 'DUPLICATE_KEY' ? ` (the key ${JSON.stringify(keyAt(text, error.pos[0]))} is given twice)` : ''}`,
        ...toPosition(lineCounter, error.pos[0]),
      })),
    );
  }
  let value: unknown;
  try {
    value = doc.toJS();
  } catch (error) {
    // The YAML library refuses alias expansions that grow without bound ("billion laughs"), among others.
    throw new ScenarioError(file, [{ path: '', message: `YAML could not be read: ${(error as Error).message.split('\n')[0]}` }]);
  }
  const result = scenarioSchema.safeParse(value);
  if (!result.success) throw new ScenarioError(file, toIssues(result.error.issues, doc, lineCounter));
  return result.data;
}

export async function loadScenario(file: string): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ScenarioError(file, [{ path: '', message: code === 'EISDIR' ? 'expected a scenario file, got a directory' : `cannot read the file (${code ?? (error as Error).message})` }]);
  }
  return parseScenario(text, file);
}

/**
 * Every `*.yaml` in `dir`, sorted by scenario name. Each file's `name` must match its file name and be
 * unique; the first bad file throws, so nothing runs from a half-valid suite.
 */
export async function loadScenarios(dir = BUILTIN_SCENARIOS_DIR): Promise<LoadedScenario[]> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (error) {
    throw new ScenarioError(dir, [{ path: '', message: `cannot read the scenario directory (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` }]);
  }
  const files = entries.filter((entry) => /\.ya?ml$/.test(entry)).sort();
  const loaded: LoadedScenario[] = [];
  const byName = new Map<string, string>();
  for (const entry of files) {
    const file = join(dir, entry);
    const scenario = await loadScenario(file);
    const stem = basename(entry).replace(/\.ya?ml$/, '');
    if (scenario.name !== stem) {
      throw new ScenarioError(file, [{ path: 'name', message: `expected "${stem}" (the file's name), got "${scenario.name}"` }]);
    }
    const previous = byName.get(scenario.name);
    if (previous !== undefined) {
      throw new ScenarioError(file, [{ path: 'name', message: `expected a unique name, "${scenario.name}" is already used by ${previous}` }], 'DUPLICATE_SCENARIO');
    }
    byName.set(scenario.name, file);
    loaded.push({ file, scenario });
  }
  return loaded.sort((a, b) => a.scenario.name.localeCompare(b.scenario.name));
}

function toIssues(zodIssues: readonly z.core.$ZodIssue[], doc: Document, lineCounter: LineCounter): ScenarioIssue[] {
  const issues = zodIssues.flatMap((issue): z.core.$ZodIssue[] =>
    // zod reports every unknown key of an object as one issue at the object; name each key instead.
    issue.code === 'unrecognized_keys' ? issue.keys.map((key) => ({ ...issue, path: [...issue.path, key] })) : [issue],
  );
  const unknownStepAt = new Set(zodIssues.filter((issue) => issue.code === 'unrecognized_keys').map((issue) => formatPath(issue.path)));
  return issues
    .filter((issue) => !(issue.code === 'custom' && issue.params?.emptyStep === true && unknownStepAt.has(formatPath(issue.path))))
    .map((issue) => {
      const position = positionOf(doc, lineCounter, issue.path);
      return { path: formatPath(issue.path), message: issue.message, ...position };
    })
    // In the order of the file, as an editor lists them (zod reports the fields before the rules that span them).
    .sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity) || (a.column ?? 0) - (b.column ?? 0));
}

/** The mapping key that starts at `offset` (a duplicate key error points at it). */
function keyAt(text: string, offset: number): string {
  return /^\s*["']?([^"':\n]*)/.exec(text.slice(offset))?.[1]?.trim() ?? '';
}

/** `['steps', 3, 'advanceClock', 'by']` → `steps[3].advanceClock.by`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`;
    const name = String(key);
    if (!/^[A-Za-z_$][\w$]*$/.test(name)) return `${text}[${JSON.stringify(name)}]`;
    return text === '' ? name : `${text}.${name}`;
  }, '');
}

/** The deepest node the path reaches (a missing key points at its parent; an unknown key at the key). */
function positionOf(doc: Document, lineCounter: LineCounter, path: readonly PropertyKey[]): { line?: number; column?: number } {
  let node: Node | null | undefined = doc.contents;
  let found: Node | null | undefined = node;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(key));
      if (!pair) break;
      found = (pair.value as Node | null) ?? (pair.key as Node);
      // A null value (`- restart:`) has no useful range: point at its key.
      if (isScalar(pair.value) && pair.value.range?.[0] === pair.value.range?.[1]) found = pair.key as Node;
      node = pair.value as Node | null;
    } else if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key] as Node | undefined;
      if (!item) break;
      found = item;
      node = item;
    } else {
      break;
    }
  }
  return toPosition(lineCounter, found?.range?.[0]);
}

function toPosition(lineCounter: LineCounter, offset: number | undefined): { line?: number; column?: number } {
  if (offset === undefined) return {};
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

/**
 * A scenario argument is a file; a bare name that is not one (no directory,
 * no extension) is the built-in scenario of that name — also when a directory
 * has that name, as a `--report access-expiry-burst` leaves behind. Undefined
 * for a name that is neither; a missing path is left for the loader to report.
 */
export function resolveScenarioArgument(argument: string, exists: (path: string) => boolean = isFile): string | undefined {
  if (exists(argument) || !/^[\w-]+$/.test(argument)) return resolve(argument);
  const builtin = join(BUILTIN_SCENARIOS_DIR, `${argument}.yaml`);
  return exists(builtin) ? builtin : undefined;
}

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}
