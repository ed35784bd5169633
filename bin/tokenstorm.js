#!/usr/bin/env node
// tokenstorm's command line. The sources are TypeScript; tsx loads them on every supported Node.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../harness/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
