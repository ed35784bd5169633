/** Builds a scheduled fast-check property from a scenario generator and a check on the run's trace. */
import fc from 'fast-check';
import { PropertyViolation } from './assertions.ts';
import { REFERENCE_DISCIPLINE } from './discipline.ts';
import { formatTrace } from './report.ts';
import { runScenario, type RunTrace, type Scenario } from './runner.ts';
import type { ClientUnderTest, IdpTarget, RetryDiscipline } from './types.ts';

export interface PropertyOptions {
  /** Where requests go; default: a fresh simulated IdP per run. */
  readonly target?: IdpTarget;
  /** The retry discipline to hold the client to (properties 5 and 9); default: the reference client's. */
  readonly discipline?: RetryDiscipline;
}

export interface CheckContext {
  readonly cut: ClientUnderTest;
  readonly discipline: RetryDiscipline;
  isSessionExpiredError(error: unknown): boolean;
}

export type ScenarioProperty = fc.IAsyncProperty<[Scenario, fc.Scheduler]> & {
  /** Runs one scenario under a given scheduler (e.g. `fc.schedulerFor(ordering)` to replay a reported interleaving); throws the violation. */
  runOnce(scenario: Scenario, scheduler: fc.Scheduler): Promise<void>;
};

export function scenarioProperty(
  cut: ClientUnderTest,
  options: PropertyOptions,
  scenarios: fc.Arbitrary<Scenario>,
  check: (trace: RunTrace, context: CheckContext) => void,
): ScenarioProperty {
  checkClientAndDiscipline(cut, options.discipline);
  const context: CheckContext = {
    cut,
    discipline: options.discipline ?? REFERENCE_DISCIPLINE,
    isSessionExpiredError: cut.isSessionExpiredError ?? ((error) => (error as { code?: unknown } | null)?.code === 'SESSION_EXPIRED'),
  };
  const runOnce = async (scenario: Scenario, scheduler: fc.Scheduler): Promise<void> => {
    const trace = await runScenario(cut, scenario, { scheduler, ...(options.target ? { target: options.target } : {}) });
    try {
      check(trace, context);
    } catch (error) {
      if (error instanceof PropertyViolation) error.message = `${error.message}\n${formatTrace(trace)}`;
      throw error;
    }
  };
  return Object.assign(fc.asyncProperty(scenarios, fc.scheduler(), runOnce), { runOnce });
}

export const randomSeedArb = fc.integer({ min: 0, max: 0x7fffffff });

/** A client and a discipline the properties can judge: a NaN bound would compare false and turn its check off. */
function checkClientAndDiscipline(cut: ClientUnderTest, discipline: RetryDiscipline | undefined): void {
  if (typeof cut?.start !== 'function') throw new TypeError(`build: expected a client under test ({ name, start(env, windows) }), got ${cut === null ? 'null' : typeof cut}`);
  if (discipline === undefined) return;
  for (const key of ['requestTimeoutMs', 'maxAttemptsPerCall', 'maxRefreshesPerMinute', 'maxSettleMs'] as const) {
    const value = discipline[key];
    if (!(typeof value === 'number' && value >= 0 && !Number.isNaN(value))) throw new TypeError(`build: discipline.${key}: expected a number >= 0 (Infinity for no bound), got ${String(value)}`);
  }
  if (typeof discipline.minBackoffMs !== 'function') throw new TypeError('build: discipline.minBackoffMs: expected a function of the number of failures in a row');
}
