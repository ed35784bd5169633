import { describe, expect, it } from 'vitest';
import { commandLineError, joinNegativeValues, parseCommandLine } from './parse-command-line.ts';

const options = { seed: { type: 'string' }, chaos: { type: 'string' }, help: { type: 'boolean' } } as const;

describe('parseCommandLine', () => {
  it('reads a negative number as the value of an option that takes one, so its own check can name it', () => {
    expect(parseCommandLine({ args: ['--seed', '-5', 'a.yaml'], options, allowPositionals: true })).toMatchObject({ values: { seed: '-5' }, positionals: ['a.yaml'] });
    expect(joinNegativeValues(['--chaos', '-1', '--help', '--', '--seed', '-2'], options)).toEqual(['--chaos=-1', '--help', '--', '--seed', '-2']);
    expect(joinNegativeValues(['--seed=-3', '--help', '-4'], options)).toEqual(['--seed=-3', '--help', '-4']);
  });

  it('says what is wrong in one line that points at --help', () => {
    let error: unknown;
    try {
      parseCommandLine({ args: ['x.yaml', '--frobnicate'], options, allowPositionals: true });
    } catch (caught) {
      error = caught;
    }
    expect(commandLineError('run', error)).toBe("tokenstorm run: Unknown option '--frobnicate' (tokenstorm run --help lists the options)");
  });
});
