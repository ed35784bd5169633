/** A validated authorization request (RFC 6749 §4.1.1 + RFC 7636 §4.3 + OIDC `nonce`), as the login page carries it. */
export type PkceMethod = 'S256' | 'plain';

export interface AuthorizationRequest {
  clientId: string;
  /** Where the response goes: the presented redirect_uri, or the only registered one. */
  redirectUri: string;
  /** Whether redirect_uri was in the request: then the token request must repeat it (RFC 6749 §4.1.3). */
  redirectUriGiven: boolean;
  scope: string;
  state: string | undefined;
  nonce: string | undefined;
  codeChallenge: string | undefined;
  codeChallengeMethod: PkceMethod | undefined;
  /** RFC 9449 §10 `dpop_jkt`: the code may be redeemed only with a DPoP proof of this key. */
  dpopJkt: string | undefined;
}
