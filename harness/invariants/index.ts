export { checkInvariants, INVARIANTS, type CheckResult } from './registry.ts';
export { DEFAULT_INVARIANT_OPTIONS, equalJitterFloorMs, type Invariant, type InvariantOptions, type Violation } from './types.ts';
export { scanForLeaks, scanProfileDir, scanStorageDump, scanText, tokenFingerprint, type LeakScanInput, type LeakViolation } from './leak-scan.ts';
