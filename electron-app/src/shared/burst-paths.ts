/**
 * The protected API's read routes the notes screen's burst card can fire at:
 * the app's select offers them, and a scenario's `burst` step may name only
 * these (harness/scenarios/step-schema.ts).
 */
export const BURST_PATHS = ['/api/notes', '/api/me'] as const;
export type BurstPath = (typeof BURST_PATHS)[number];
