/**
 * Fault schedules: which refresh and resource requests fail, and how. The n-th
 * entry applies to the n-th request of that route; past the end of the list the
 * IdP is healthy again ("once the IdP recovers"). Faults strike before the IdP
 * processes the request, so a failed refresh never consumes the refresh token.
 */
import { jsonResponse, routeOf, type WireOutcome, type WireRequest } from './wire-types.ts';

export type RefreshFault =
  | { kind: 'rate-limit'; retryAfterSeconds: number | null }
  | { kind: 'server-error'; status: 500 | 502 | 503 }
  | { kind: 'network' }
  | { kind: 'timeout' }
  | { kind: 'invalid-grant' }
  | { kind: 'forbidden' }
  | { kind: 'reuse-detected' };

export type ResourceFault = { kind: 'unauthorized' } | { kind: 'server-error'; status: 500 | 502 | 503 } | { kind: 'network' };

export type RefreshFaultKind = RefreshFault['kind'];

export const TRANSIENT_REFRESH_FAULTS = ['rate-limit', 'server-error', 'network', 'timeout'] as const satisfies readonly RefreshFaultKind[];
export const DEFINITIVE_REFRESH_FAULTS = ['invalid-grant', 'forbidden', 'reuse-detected'] as const satisfies readonly RefreshFaultKind[];

export interface FaultSchedule {
  readonly refresh: ReadonlyArray<RefreshFault | null>;
  readonly resource: ReadonlyArray<ResourceFault | null>;
}

export const NO_FAULTS: FaultSchedule = Object.freeze({ refresh: [], resource: [] });

export function isDefinitiveFault(fault: RefreshFault): boolean {
  return (DEFINITIVE_REFRESH_FAULTS as readonly string[]).includes(fault.kind);
}

export function describeFault(fault: RefreshFault | ResourceFault | null): string {
  if (fault === null) return 'pass';
  switch (fault.kind) {
    case 'rate-limit':
      return fault.retryAfterSeconds === null ? '429' : `429 Retry-After ${fault.retryAfterSeconds}s`;
    case 'server-error':
      return String(fault.status);
    case 'unauthorized':
      return '401';
    default:
      return fault.kind;
  }
}

/** Hands out the scheduled faults in request order. */
export class FaultPlan {
  private refreshSeen = 0;
  private resourceSeen = 0;

  constructor(private readonly schedule: FaultSchedule = NO_FAULTS) {}

  /** The fault for this request, if any, as the outcome the client will see. */
  take(request: WireRequest): { fault: RefreshFault | ResourceFault; outcome: WireOutcome } | null {
    const route = routeOf(request.path);
    let fault: RefreshFault | ResourceFault | null | undefined = null;
    if (route === 'refresh') fault = this.schedule.refresh[this.refreshSeen++];
    else if (route === 'resource') fault = this.schedule.resource[this.resourceSeen++];
    if (fault === null || fault === undefined) return null;
    return { fault, outcome: faultOutcome(fault) };
  }
}

export function faultOutcome(fault: RefreshFault | ResourceFault): WireOutcome {
  switch (fault.kind) {
    case 'rate-limit':
      return jsonResponse(
        429,
        { error: 'rate_limited', error_description: 'Too many refresh requests' },
        fault.retryAfterSeconds === null ? {} : { 'retry-after': String(fault.retryAfterSeconds) },
      );
    case 'server-error':
      return jsonResponse(fault.status, { error: 'server_error', error_description: 'The IdP is unavailable' });
    case 'network':
      return { kind: 'network-error' };
    case 'timeout':
      return { kind: 'hang' };
    case 'invalid-grant':
      return jsonResponse(401, { error: 'invalid_grant', error_description: 'Refresh token is invalid or expired' });
    case 'forbidden':
      return jsonResponse(403, { error: 'access_denied', error_description: 'The session was disabled' });
    case 'reuse-detected':
      return jsonResponse(401, { error: 'invalid_grant', error_description: 'Refresh token reuse detected', code: 'REFRESH_TOKEN_REUSED' });
    case 'unauthorized':
      return jsonResponse(401, { error: 'invalid_token', error_description: 'The access token is not valid' }, { 'www-authenticate': 'Bearer error="invalid_token"' });
  }
}
