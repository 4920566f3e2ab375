/**
 * The OpenID Connect client (openid-client): the authorisation code flow with PKCE, state and nonce.
 * openid-client validates the ID token (signature, issuer, audience, expiry, nonce).
 *
 * Between leaving for the provider and coming back, the state, nonce, PKCE verifier and return path
 * are kept in a short-lived cookie bound to the browser (httpOnly, SameSite=Lax, sent only to the
 * callback). It carries an HMAC keyed from the client secret, so it cannot be forged or altered, and
 * the callback deletes it, so a callback cannot be used twice in that browser (and the provider
 * refuses a code used twice).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type * as OpenId from 'openid-client';

/** openid-client, loaded with the first single sign-on, not when the server starts (most never use it). */
let openIdModule: Promise<typeof OpenId> | undefined;
const openId = (): Promise<typeof OpenId> => (openIdModule ??= import('openid-client'));

/** What refused a sign-in, as the pages tell it: the provider's own error, or an answer Cairn could not use. */
export type OidcRefusal = { kind: 'provider'; error: string } | { kind: 'bad-response' } | null;

/** Reads an error thrown by `OidcClient.finish` (openid-client's error classes, without loading them early). */
export async function oidcRefusal(e: unknown): Promise<OidcRefusal> {
  const client = await openId();
  if (e instanceof client.AuthorizationResponseError) return { kind: 'provider', error: e.error };
  if (e instanceof client.ResponseBodyError) return { kind: 'bad-response' };
  return null;
}

export interface SsoSettings {
  /** The issuer identifier, e.g. https://login.microsoftonline.com/<tenant id>/v2.0 */
  issuer: URL;
  clientId: string;
  clientSecret: string;
  /** Cairn's callback address, as registered with the provider. */
  redirectUrl: URL;
  /** The provider's name on the button: "Sign in with <name>". */
  name: string;
}

/** What the callback needs to check the answer; kept in the cookie. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  verifier: string;
  returnTo: string;
  /** When the person left for the provider (ms since the epoch). */
  at: number;
}

export const SSO_COOKIE = 'cairn_sso';
/** Time allowed at the provider (signing in, perhaps with a second factor). */
export const SSO_MAX_SECONDS = 10 * 60;

export class SsoUnavailable extends Error {}

const isLocal = (url: URL) => ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);

export class OidcClient {
  private discovered: Promise<OpenId.Configuration> | undefined;
  private readonly cookieKey: Buffer;

  constructor(
    readonly settings: SsoSettings,
    private readonly timeoutSeconds = 10,
  ) {
    this.cookieKey = createHmac('sha256', 'cairn-sso-cookie').update(settings.clientSecret).digest();
  }

  /** The provider's metadata, fetched once (again after a failure). */
  private configuration(): Promise<OpenId.Configuration> {
    this.discovered ??= openId()
      .then((client) =>
        client.discovery(
          this.settings.issuer,
          this.settings.clientId,
          this.settings.clientSecret,
          client.ClientSecretPost(this.settings.clientSecret),
          {
            // Plain http only for a provider on this machine (development and tests).
            execute:
              this.settings.issuer.protocol === 'http:' && isLocal(this.settings.issuer)
                ? [client.allowInsecureRequests]
                : [],
            timeout: this.timeoutSeconds,
          },
        ),
      )
      .catch((e: unknown) => {
        this.discovered = undefined;
        throw new SsoUnavailable(`Could not read the provider's configuration: ${String(e)}`);
      });
    return this.discovered;
  }

  /** The provider's sign-in address, and what to keep until the person comes back. */
  async begin(returnTo: string, now: Date): Promise<{ url: URL; pending: PendingSignIn }> {
    const config = await this.configuration();
    const client = await openId();
    const pending: PendingSignIn = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      verifier: client.randomPKCECodeVerifier(),
      returnTo,
      at: now.getTime(),
    };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.settings.redirectUrl.href,
      scope: 'openid email profile',
      response_type: 'code',
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: 'S256',
    });
    return { url, pending };
  }

  /**
   * Exchanges the code in the callback's query for tokens and returns the validated ID token's claims.
   * Throws the provider's error, or openid-client's for a bad state, nonce or token.
   */
  async finish(query: string, pending: PendingSignIn): Promise<OpenId.IDToken> {
    const config = await this.configuration();
    const client = await openId();
    const current = new URL(this.settings.redirectUrl.href);
    current.search = query;
    const tokens = await client.authorizationCodeGrant(config, current, {
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      pkceCodeVerifier: pending.verifier,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims) throw new Error('The provider sent no ID token.');
    return claims;
  }

  /** The cookie's value: the pending sign-in and its HMAC. */
  seal(pending: PendingSignIn): string {
    const body = Buffer.from(JSON.stringify(pending)).toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  /** The pending sign-in in a cookie, if it is whole, unaltered and recent; otherwise null. */
  unseal(value: string | undefined, now: Date): PendingSignIn | null {
    if (!value || value.length > 2000) return null;
    const [body, mac, extra] = value.split('.');
    if (!body || !mac || extra !== undefined) return null;
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      const p = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Partial<PendingSignIn>;
      const fields = [p.state, p.nonce, p.verifier, p.returnTo];
      if (!fields.every((f) => typeof f === 'string') || typeof p.at !== 'number') return null;
      const age = now.getTime() - p.at;
      if (age < 0 || age > SSO_MAX_SECONDS * 1000) return null;
      return p as PendingSignIn;
    } catch {
      return null;
    }
  }

  private mac(body: string): string {
    return createHmac('sha256', this.cookieKey).update(body).digest('base64url');
  }
}
