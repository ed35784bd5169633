/** Builds a scheduled fast-check property from a scenario generator and a check on the run's trace. */
import fc from 'fast-check';
import { describeValue, refuseUnknownKeys } from '../../electron-app/src/core/caller-errors.ts';
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
  checkBuildArguments(cut, options);
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

const BUILD_OPTIONS = ['target', 'discipline'] as const satisfies ReadonlyArray<keyof PropertyOptions>;
const DISCIPLINE_BOUNDS = ['requestTimeoutMs', 'maxAttemptsPerCall', 'maxRefreshesPerMinute', 'maxSettleMs'] as const satisfies ReadonlyArray<keyof RetryDiscipline>;
/** Failure streaks `minBackoffMs` is tried with: a bound that is not a number would compare false and turn its check off. */
const SAMPLE_STREAKS = [1, 2, 3, 5, 8];

const isNumberBound = (value: unknown) => typeof value === 'number' && value >= 0 && !Number.isNaN(value);

/** A client, a target and a discipline the properties can judge; anything else is refused here, not reported as a property failure. */
function checkBuildArguments(cut: ClientUnderTest, options: PropertyOptions): void {
  if (typeof cut?.start !== 'function') throw new TypeError(`build: expected a client under test ({ name, start(env, windows) }), got ${describeValue(cut)}`);
  if (cut.isSessionExpiredError !== undefined && typeof cut.isSessionExpiredError !== 'function') {
    throw new TypeError(`build: client.isSessionExpiredError: expected a function (error) => boolean, got ${describeValue(cut.isSessionExpiredError)}`);
  }
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw new TypeError(`build: expected options { target?, discipline? }, got ${describeValue(options)}`);
  refuseUnknownKeys(options, BUILD_OPTIONS, { subject: 'build', noun: 'option', plural: 'options' });
  const { target, discipline } = options;
  if (target !== undefined && typeof target?.open !== 'function') {
    throw new TypeError(`build: target: expected an IdP target ({ name, open(clock, faults) }) such as simIdpTarget() or httpIdpTarget({ … }), got ${describeValue(target)}`);
  }
  if (discipline !== undefined) checkDiscipline(discipline);
}

function checkDiscipline(discipline: RetryDiscipline): void {
  if (typeof discipline !== 'object' || discipline === null) throw new TypeError(`build: discipline: expected a RetryDiscipline such as disciplineFromPolicy(policy), got ${describeValue(discipline)}`);
  for (const key of DISCIPLINE_BOUNDS) {
    const value = discipline[key];
    if (!isNumberBound(value)) throw new TypeError(`build: discipline.${key}: expected a number >= 0 (Infinity for no bound), got ${describeValue(value)}`);
  }
  if (typeof discipline.minBackoffMs !== 'function') throw new TypeError('build: discipline.minBackoffMs: expected a function of the number of failures in a row');
  for (const streak of SAMPLE_STREAKS) {
    const floor: unknown = discipline.minBackoffMs(streak);
    if (!isNumberBound(floor)) throw new TypeError(`build: discipline.minBackoffMs(${streak}): expected a number of ms >= 0, got ${describeValue(floor)}`);
  }
}
