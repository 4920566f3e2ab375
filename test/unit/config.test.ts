import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/main/config.js';

const sso = {
  CAIRN_OIDC_ISSUER: 'https://login.microsoftonline.com/0f1e2d3c-aaaa-bbbb-cccc-123456789abc/v2.0',
  CAIRN_OIDC_CLIENT_ID: '11111111-2222-3333-4444-555555555555',
  CAIRN_OIDC_CLIENT_SECRET: 'shh',
};

function problems(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  return '';
}

describe('single sign-on configuration', () => {
  it('is off when nothing is set', () => {
    expect(loadConfig({}).sso).toBeNull();
  });

  it('derives the callback from CAIRN_BASE_URL, and names the button', () => {
    const c = loadConfig({
      ...sso,
      CAIRN_BASE_URL: 'https://cairn.anytown.gov.uk/',
      CAIRN_OIDC_NAME: 'Microsoft',
    });
    expect(c.sso?.redirectUrl.href).toBe('https://cairn.anytown.gov.uk/sign-in/sso/callback');
    expect(c.sso?.issuer.href).toBe(sso.CAIRN_OIDC_ISSUER);
    expect(c.sso?.name).toBe('Microsoft');
    const d = loadConfig({ ...sso, CAIRN_OIDC_REDIRECT_URL: 'http://localhost:3000/sign-in/sso/callback' });
    expect(d.sso?.redirectUrl.href).toBe('http://localhost:3000/sign-in/sso/callback');
    expect(d.sso?.name).toBe('your council account');
  });

  it('lists every problem at once, with the rest of the configuration', () => {
    const message = problems({
      PORT: 'eighty',
      CAIRN_OIDC_ISSUER: 'http://login.example.com/tenant',
      CAIRN_OIDC_REDIRECT_URL: 'https://cairn.example/callback',
    });
    expect(message).toContain("Cairn's configuration has 5 problem(s)");
    expect(message).toContain('PORT:');
    expect(message).toContain('CAIRN_OIDC_CLIENT_ID: is needed for single sign-on');
    expect(message).toContain('CAIRN_OIDC_CLIENT_SECRET: is needed for single sign-on');
    expect(message).toContain('CAIRN_OIDC_ISSUER: must start https://');
    expect(message).toContain(
      "CAIRN_OIDC_REDIRECT_URL: must be Cairn's address followed by /sign-in/sso/callback",
    );
  });

  it('needs a callback address, and an issuer without a fragment', () => {
    expect(problems(sso)).toContain('CAIRN_OIDC_REDIRECT_URL: is needed for single sign-on');
    expect(
      problems({ ...sso, CAIRN_OIDC_ISSUER: 'https://idp.example/#x', CAIRN_BASE_URL: 'https://c.example' }),
    ).toContain('CAIRN_OIDC_ISSUER: must not have a query');
    expect(problems({ CAIRN_BASE_URL: 'cairn.example' })).toContain(
      'CAIRN_BASE_URL: must be the address people use to reach Cairn',
    );
    expect(problems({ ...sso, CAIRN_BASE_URL: 'http://cairn.example' })).toContain(
      'CAIRN_BASE_URL: must start https://',
    );
  });
});

describe('proxies and sign-in limits', () => {
  it('trusts no proxy by default, and reads a hop count or a list of addresses', () => {
    expect(loadConfig({}).CAIRN_TRUST_PROXY).toBe(false);
    expect(loadConfig({}).CAIRN_SIGN_IN_LIMIT_PER_IP).toBe(30);
    expect(loadConfig({}).CAIRN_API_LIMIT_PER_MINUTE).toBe(1200);
    expect(loadConfig({ CAIRN_API_LIMIT_PER_MINUTE: '60' }).CAIRN_API_LIMIT_PER_MINUTE).toBe(60);
    expect(loadConfig({ CAIRN_TRUST_PROXY: '1' }).CAIRN_TRUST_PROXY).toBe(1);
    expect(loadConfig({ CAIRN_TRUST_PROXY: 'true' }).CAIRN_TRUST_PROXY).toBe(true);
    expect(loadConfig({ CAIRN_TRUST_PROXY: '10.0.0.1, 10.1.0.0/16' }).CAIRN_TRUST_PROXY).toEqual([
      '10.0.0.1',
      '10.1.0.0/16',
    ]);
    expect(problems({ CAIRN_TRUST_PROXY: 'my proxy' })).toContain('CAIRN_TRUST_PROXY: must be false, true');
  });
});

describe('CAIRN_DEMO', () => {
  it('is on for the quick start: no DATABASE_URL, no CAIRN_DEMO', () => {
    const c = loadConfig({});
    expect(c.DATABASE_URL).toBe('./data/cairn.db');
    expect(c.CAIRN_DEMO).toBe(true);
    expect(c.demoReason).toContain('no DATABASE_URL is set');
  });

  it('is off whenever DATABASE_URL is set, unless CAIRN_DEMO=true says so', () => {
    for (const url of ['postgres://cairn@db.example/cairn', './data/cairn.db']) {
      const off = loadConfig({ DATABASE_URL: url });
      expect(off.CAIRN_DEMO).toBe(false);
      expect(off.demoReason).toBe('DATABASE_URL is set and CAIRN_DEMO is not');
      expect(loadConfig({ DATABASE_URL: url, CAIRN_DEMO: 'true' }).CAIRN_DEMO).toBe(true);
      expect(loadConfig({ DATABASE_URL: url, CAIRN_DEMO: 'false' }).CAIRN_DEMO).toBe(false);
    }
  });

  it('is off without DATABASE_URL when CAIRN_DEMO=false; an empty DATABASE_URL counts as unset', () => {
    expect(loadConfig({ CAIRN_DEMO: 'false' })).toMatchObject({
      CAIRN_DEMO: false,
      demoReason: 'CAIRN_DEMO=false',
    });
    expect(loadConfig({ DATABASE_URL: '' }).CAIRN_DEMO).toBe(true);
    expect(problems({ CAIRN_DEMO: 'maybe' })).toContain('CAIRN_DEMO:');
  });
});
