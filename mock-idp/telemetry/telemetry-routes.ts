/** Telemetry API (route group `telemetry`): `POST /api/telemetry/token`, `POST /api/telemetry`. */
import type { FastifyInstance } from 'fastify';
import { runSteps, type Step } from '../http/pipeline.ts';
import type { IdpRuntime } from '../runtime.ts';
import { INGEST_TELEMETRY_STEPS, MINT_TELEMETRY_STEPS, type TelemetryContext } from './telemetry-steps.ts';

export function registerTelemetryRoutes(app: FastifyInstance, rt: IdpRuntime): void {
  const config = { group: 'telemetry' };
  const run = (steps: Step<TelemetryContext>[]) => async (request: TelemetryContext['request'], reply: TelemetryContext['reply']) => {
    await runSteps(steps, { rt, request, reply });
    return reply;
  };
  app.post('/api/telemetry/token', { config }, run(MINT_TELEMETRY_STEPS));
  app.post('/api/telemetry', { config }, run(INGEST_TELEMETRY_STEPS));
}
