export { registerBrokerRoutes } from './broker-routes.ts';
export { createBrokerState, type BrokerState } from './broker-state.ts';
