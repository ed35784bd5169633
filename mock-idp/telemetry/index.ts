export { registerTelemetryRoutes } from './telemetry-routes.ts';
export { createTelemetryState, type TelemetryState } from './telemetry-state.ts';
