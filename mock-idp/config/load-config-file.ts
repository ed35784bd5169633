/** Reads a mock IdP config file (YAML or JSON); errors name the file and the path inside it. */
import { readFile } from 'node:fs/promises';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { IdpError } from '../errors.ts';
import { parseIdpConfig } from './parse-idp-config.ts';
import type { IdpConfig } from './idp-config.ts';

export async function loadIdpConfigFile(file: string): Promise<IdpConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new IdpError('INVALID_CONFIG', `cannot read config file ${file}: ${(error as Error).message}`);
  }
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    const where = error instanceof YAMLParseError && error.linePos ? ` at line ${error.linePos[0].line}, column ${error.linePos[0].col}` : '';
    throw new IdpError('INVALID_CONFIG', `${file}${where}: not valid YAML or JSON: ${(error as Error).message.split('\n')[0]}`);
  }
  return parseIdpConfig(data ?? {}, file);
}
