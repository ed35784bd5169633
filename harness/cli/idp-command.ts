/** `tokenstorm idp`: the mock IdP as a long-running server, until SIGINT/SIGTERM. */
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMockIdp, isIdpError, type MockIdp } from '../../mock-idp/index.ts';
import { loadIdpConfigFile } from '../../mock-idp/config/load-config-file.ts';
import { DEMO_USER, LOG_LEVELS } from '../../mock-idp/config/idp-config.ts';
import { integerOption } from './number-options.ts';
import { formatDuration } from '../../reports/idp-event-label.ts';
import { loadScenario, resolveScenarioArgument } from '../scenarios/load-scenario.ts';
import { isScenarioError } from '../scenarios/scenario-error.ts';
import type { Scenario } from '../scenarios/scenario-schema.ts';
import { commandLineError, parseCommandLine } from './parse-command-line.ts';

const HELP = `usage: tokenstorm idp [--port N] [--host H] [--seed N] [--config FILE] [--scenario FILE|NAME] [--log-level LEVEL]

Starts the mock identity provider and prints its URLs. Binds 127.0.0.1 unless --host says otherwise.
  --port N          port to listen on (default 4400; 0 picks a free port)
  --host H          interface to bind (default 127.0.0.1)
  --seed N          seed for fault probabilities (overrides the config file)
  --config FILE     YAML or JSON config: users, lifetimes, rotation, faults
  --scenario S      the IdP of a scenario (a file, or a built-in name from tokenstorm list):
                    its users, lifetimes, rotation and faults, over the config file's;
                    its steps are not played (drive them through the admin API)
  --log-level L     pino level: fatal|error|warn|info|debug|trace|silent (default info)`;

export const idpCommand = {
  async run(argv: string[]): Promise<number> {
    let values;
    try {
      ({ values } = parseCommandLine({
        args: argv,
        options: {
          port: { type: 'string', default: '4400' },
          host: { type: 'string', default: '127.0.0.1' },
          seed: { type: 'string' },
          config: { type: 'string' },
          scenario: { type: 'string' },
          'log-level': { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
      }));
    } catch (error) {
      console.error(commandLineError('idp', error));
      return 2;
    }
    if (values.help) {
      console.log(HELP);
      return 0;
    }
    const port = integerOption(values.port);
    const seed = values.seed === undefined ? undefined : integerOption(values.seed);
    if (port === undefined || port < 0 || port > 65535) return fail(`--port: expected an integer 0-65535, got "${values.port}"`);
    if (values.seed !== undefined && seed === undefined) return fail(`--seed: expected an integer, got "${values.seed}"`);
    if (values['log-level'] !== undefined && !(LOG_LEVELS as readonly string[]).includes(values['log-level'])) return fail(`--log-level: expected one of ${LOG_LEVELS.join(', ')}, got "${values['log-level']}"`);
    // An empty host would bind every interface, and the URLs printed would have no host in them.
    if (!values.host) return fail('--host: expected an interface to bind, such as 127.0.0.1, got ""');

    let scenario: Scenario | undefined;
    if (values.scenario !== undefined) {
      const file = resolveScenarioArgument(values.scenario);
      if (file === undefined) return fail(`--scenario: no such file, and no built-in scenario is named "${values.scenario}" (tokenstorm list names them)`);
      try {
        scenario = await loadScenario(file);
      } catch (error) {
        if (isScenarioError(error)) return fail(error.message);
        throw error;
      }
    }

    let idp: MockIdp;
    try {
      const config = values.config ? await loadIdpConfigFile(values.config) : {};
      idp = await createMockIdp({
        ...config,
        // What the scenario sets, it sets; the rest (origins, OAuth clients, a seed) stays the config file's.
        ...Object.fromEntries(Object.entries(scenario?.idp ?? {}).filter(([, value]) => value !== undefined)),
        // As in a run: a scenario that names no users signs in as the demo user.
        ...(scenario && !scenario.idp.users && !(config as { users?: unknown[] }).users?.length ? { users: [DEMO_USER] } : {}),
        ...(seed === undefined ? {} : { seed }),
        logLevel: (values['log-level'] ?? (config as { logLevel?: string }).logLevel ?? 'info') as 'info',
        port,
        host: values.host!,
      });
    } catch (error) {
      return fail(isIdpError(error) || (error as { code?: string }).code === 'EADDRINUSE' ? (error as Error).message : String(error));
    }

    const state = idp.admin.state();
    console.log(`tokenstorm mock IdP listening on ${idp.url}
  better-auth        ${idp.url}/api/auth/*
  refresh (recipe)   POST ${idp.url}/api/auth/refresh
  resource API       ${idp.url}/api/me, ${idp.url}/api/notes
  OAuth 2.x / OIDC   ${idp.url}/.well-known/openid-configuration
  JWKS               ${idp.url}/oauth/jwks (tokens signed ${state.config.signing.algorithm}; rotate: POST ${idp.url}/__admin/keys/rotate)
  client attester    POST ${idp.url}/api/attester/attest
  admin              ${idp.url}/__admin/state
  event stream       ${idp.url}/__admin/events/stream
${dpopNonceLine(state.config.dpop)}  rotation policy    ${state.config.policy.name}; users: ${state.users.map((user) => user.email).join(', ') || noUsersHint()}${scenario ? describeScenario(scenario, idp.admin.faults.list().length) : ''}
Press Ctrl+C to stop.`);

    await new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        console.log(`\n${signal}: shutting down`);
        void idp.close().then(resolve);
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
    return 0;
  },
};

function describeScenario(scenario: Scenario, faults: number): string {
  const stepped = scenario.steps.filter((step) => step.kind !== 'signIn').map((step) => step.kind);
  return `
  scenario           ${scenario.name}: ${scenario.title}
                     ${faults} fault rule(s) in force${stepped.length > 0 ? `; not played: its steps ${[...new Set(stepped)].join(', ')}` : ''}`;
}

function fail(message: string): number {
  console.error(`tokenstorm idp: ${message}`);
  return 1;
}

/** The banner's line about DPoP nonces, when the IdP asks for them (a client must then retry with one). */
export function dpopNonceLine(dpop: { nonce: 'off' | 'token' | 'resource' | 'both'; nonceTtl: number }): string {
  if (dpop.nonce === 'off') return '';
  const where = { token: 'at the token endpoint', resource: 'at the API', both: 'at the token endpoint and the API' }[dpop.nonce];
  return `  DPoP nonces        required ${where}, a new one every ${formatDuration(dpop.nonceTtl)} of the IdP's clock\n`;
}

/** The demo configuration (the demo user and the default clients), wherever tokenstorm is installed. */
const DEMO_CONFIG = fileURLToPath(new URL('../../mock-idp/config/demo.yaml', import.meta.url));

/** An IdP nobody can sign in to says how to get a user, rather than just "(none)". */
export function noUsersHint(): string {
  return `(none): give --config ${relative(process.cwd(), DEMO_CONFIG) || DEMO_CONFIG} for the demo user, users in your own config, or POST /__admin/users`;
}
