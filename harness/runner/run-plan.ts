/**
 * What one `tokenstorm run` / `matrix` executes, passed from the CLI to the
 * Playwright Test workers through the environment (TOKENSTORM_RUN_PLAN).
 */
export interface RunPlan {
  /** Scenario files; empty means every built-in scenario. */
  scenarios: string[];
  /** Client variants, each scenario run against each; empty: the variant each scenario names (`client.variant`). `matrix` gives all of them. */
  variants: string[];
  driver: 'auto' | 'electron' | 'chromium';
  seed: number;
  /** How many times faster than real time the client's clock and the IdP's real-time faults run (1: real time). */
  timeScale: number;
  /** Where results.json, junit.xml and index.html go. */
  reportDir: string;
  /** `matrix`: a buggy variant failing a scenario is the expected outcome, not a test failure. */
  mode: 'run' | 'matrix';
  /** Playwright traces of each run's client (`--trace`): for every run, for failing ones only, or none (absent). */
  trace?: TraceMode;
}

/** `--trace`: a Playwright trace of each launch of every run's client, of failing runs' only, or none. */
export const TRACE_MODES = ['off', 'on', 'retain-on-failure'] as const;
export type TraceMode = (typeof TRACE_MODES)[number];

export const RUN_PLAN_ENV = 'TOKENSTORM_RUN_PLAN';

export function readRunPlan(env: NodeJS.ProcessEnv = process.env): RunPlan {
  const raw = env[RUN_PLAN_ENV];
  if (!raw) throw new Error(`${RUN_PLAN_ENV} is not set: run scenarios with "tokenstorm run" or "tokenstorm matrix"`);
  return JSON.parse(raw) as RunPlan;
}

/** The attachment each scenario test carries: the run, without the raw tokens. */
export const RUN_ATTACHMENT = 'tokenstorm-run.json';
