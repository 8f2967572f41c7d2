// OIDC with clients nobody here wrote: openid-client (configured by discovery alone) and the
// official GenAuth Node SDK's protocol helpers, each signing in on the hosted login page (driven
// over HTTP by support.mjs's Browser), then refresh, UserInfo and logout; SSO across two
// applications of one pool; client credentials; the CAS 2.0 validation of the SDK; RFC errors.
// Expired codes (10 minutes by the server clock) are covered by the Rust integration test
// `oidc_authorize::an_expired_code_is_refused`.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import * as oidc from 'openid-client';
import { env, URL_, AK, SK, ok, Browser, queryOf } from './support.mjs';

const require = createRequire(import.meta.url);
const { AuthenticationClient, ManagementClient } = require('authing-node-sdk');

const CB = 'https://rp.example/cb';
const OUT = 'https://rp.example/signed-out';
const SERVICE = 'https://wiki.example/cas';
const PASSWORD = 'Corr3ct-horse!';
const SCOPE = 'openid profile email offline_access';
const ISSUER = `${URL_}/oidc`;

const mgmt = new ManagementClient({ accessKeyId: AK, accessKeySecret: SK, host: URL_ });
const createdApps = [];
const createdUsers = [];
const tag = () => 'no' + randomBytes(5).toString('hex');

async function makeApp({ method = 'client_secret_post', oidcConfig = {}, ...fields } = {}) {
  const created = ok(await mgmt.createApplication({
    appName: `e2e-oidc-${tag()}`, appType: 'web', redirectUris: [CB], logoutRedirectUris: [OUT],
    oidcConfig: {
      token_endpoint_auth_method: method, introspection_endpoint_auth_method: method,
      revocation_endpoint_auth_method: method, ...oidcConfig,
    },
    ...fields,
  }));
  createdApps.push(created.appId);
  const { secret } = ok(await mgmt.getApplicationSecret({ appId: created.appId }));
  return { appId: created.appId, secret };
}

async function makeUser() {
  const t = tag();
  const data = ok(await mgmt.createUser({ username: `u_${t}`, email: `${t}@example.com`, password: PASSWORD }));
  createdUsers.push(data.userId);
  return data;
}

/** openid-client configured from the issuer's discovery document (plain http allowed). */
function discover(app, auth) {
  return oidc.discovery(new URL(ISSUER), app.appId, undefined, auth ?? oidc.ClientSecretPost(app.secret),
    { execute: [oidc.allowInsecureRequests] });
}

/** The `error` of the RFC error `promise` rejected with. */
async function rfcError(promise) {
  try {
    await promise;
  } catch (e) {
    return e.error ?? e.cause?.error ?? e.response?.data?.error ?? e.message;
  }
  assert.fail('expected an error');
}

/** An authorization URL with PKCE S256 (+ state and nonce) and what checks it. */
async function authRequest(config, extra = {}) {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: CB, scope: SCOPE, state, nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
    ...extra,
  });
  return { url: url.href, checks: { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce }, state };
}

after(async () => {
  if (createdUsers.length) await mgmt.deleteUsersBatch({ userIds: createdUsers });
  for (const appId of createdApps) await mgmt.deleteApplication({ appId });
});

describe('discovery', () => {
  it('the root document is the issuer document and names every endpoint', async () => {
    const root = await (await fetch(`${URL_}/.well-known/openid-configuration`)).json();
    const under = await (await fetch(`${ISSUER}/.well-known/openid-configuration`)).json();
    assert.deepEqual(root, under);
    assert.equal(root.issuer, ISSUER);
    for (const k of ['authorization_endpoint', 'token_endpoint', 'userinfo_endpoint', 'jwks_uri', 'end_session_endpoint']) {
      assert.ok(root[k]?.startsWith(`${URL_}/`), k);
    }
  });
});

describe('openid-client', () => {
  let user;
  before(async () => { user = await makeUser(); });

  it('code + PKCE, UserInfo, refresh, RP-initiated logout', async () => {
    const app = await makeApp();
    const config = await discover(app);
    const req = await authRequest(config);
    const browser = new Browser();
    const back = await browser.authorize(req.url, user.email, PASSWORD);
    const tokens = await oidc.authorizationCodeGrant(config, new URL(back), req.checks);
    const claims = tokens.claims();
    assert.equal(claims.sub, user.userId);
    assert.equal(claims.aud, app.appId);
    assert.ok(tokens.refresh_token);

    const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
    assert.equal(info.email, user.email);

    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token);
    assert.notEqual(refreshed.access_token, tokens.access_token);
    assert.equal((await oidc.fetchUserInfo(config, refreshed.access_token, claims.sub)).sub, user.userId);

    const state = oidc.randomState();
    const logout = oidc.buildEndSessionUrl(config, {
      id_token_hint: tokens.id_token, post_logout_redirect_uri: OUT, state,
    });
    const stop = await browser.walk(logout.href);
    assert.ok(stop.url?.startsWith(`${OUT}?`), JSON.stringify(stop));
    assert.equal(queryOf(stop.url).state, state);
    assert.equal(browser.cookie('authgate_session'), undefined);

    assert.equal(await rfcError(oidc.refreshTokenGrant(config, refreshed.refresh_token)), 'invalid_grant');
    const again = await authRequest(config, { prompt: 'none' });
    const err = await rfcError(oidc.authorizationCodeGrant(config, new URL(await browser.authorize(again.url)), again.checks));
    assert.equal(err, 'login_required');
  });

  it('client_secret_basic and the client-credentials grant', async () => {
    const app = await makeApp({
      method: 'client_secret_basic',
      oidcConfig: { grant_types: ['authorization_code', 'refresh_token', 'client_credentials'], scope: 'books:read' },
    });
    const config = await discover(app, oidc.ClientSecretBasic(app.secret));
    const req = await authRequest(config);
    const tokens = await oidc.authorizationCodeGrant(config, new URL(await new Browser().authorize(req.url, user.username, PASSWORD)), req.checks);
    assert.equal(tokens.claims().sub, user.userId);

    const m2m = await oidc.clientCredentialsGrant(config, { scope: 'books:read' });
    assert.equal(m2m.scope, 'books:read');
    assert.equal(m2m.refresh_token, undefined);
    assert.equal(await rfcError(oidc.clientCredentialsGrant(config, { scope: 'books:write' })), 'invalid_scope');

    const plain = await makeApp();
    assert.equal(await rfcError(oidc.clientCredentialsGrant(await discover(plain))), 'unauthorized_client');
  });

  it('RFC errors: reused code, wrong verifier, another client, wrong redirect URI', async () => {
    const app = await makeApp();
    const other = await makeApp();
    const config = await discover(app);
    const browser = new Browser();
    let req = await authRequest(config);
    let back = await browser.authorize(req.url, user.email, PASSWORD);
    await oidc.authorizationCodeGrant(config, new URL(back), req.checks);
    assert.equal(await rfcError(oidc.authorizationCodeGrant(config, new URL(back), req.checks)), 'invalid_grant');

    req = await authRequest(config);
    back = await browser.authorize(req.url); // SSO: no page
    assert.equal(await rfcError(oidc.authorizationCodeGrant(config, new URL(back),
      { ...req.checks, pkceCodeVerifier: oidc.randomPKCECodeVerifier() })), 'invalid_grant');

    req = await authRequest(config);
    back = await browser.authorize(req.url);
    const otherConfig = await discover(other);
    assert.equal(await rfcError(oidc.authorizationCodeGrant(otherConfig, new URL(back), req.checks)), 'invalid_grant');

    req = await authRequest(config);
    back = await browser.authorize(req.url);
    const code = queryOf(back).code;
    const resp = await fetch(config.serverMetadata().token_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code', code, redirect_uri: `${CB}/other`,
        code_verifier: req.checks.pkceCodeVerifier, client_id: app.appId, client_secret: app.secret,
      }),
    });
    assert.equal(resp.status, 400);
    assert.equal((await resp.json()).error, 'invalid_grant');
  });

  it('prompt=none without a session answers login_required', async () => {
    const config = await discover(await makeApp());
    const req = await authRequest(config, { prompt: 'none' });
    const back = await new Browser().authorize(req.url);
    assert.deepEqual(queryOf(back), { error: 'login_required', state: req.state, ...(queryOf(back).error_description ? { error_description: queryOf(back).error_description } : {}) });
  });
});

describe('GenAuth Node SDK protocol helpers', () => {
  let user;
  before(async () => { user = await makeUser(); });

  const sdk = (app, extra = {}) => new AuthenticationClient({
    appId: app.appId, appSecret: app.secret, appHost: URL_, redirectUri: CB, logoutRedirectUri: OUT, ...extra,
  });

  it('buildAuthorizeUrl, getAccessTokenByCode, UserInfo, refresh, buildLogoutUrl', async () => {
    const app = await makeApp();
    const c = sdk(app);
    const { url, state, nonce } = c.buildAuthorizeUrl({ scope: SCOPE });
    assert.equal(queryOf(url).code_challenge, undefined, 'the Node SDK never sends PKCE (spec §4.1)');
    const browser = new Browser();
    const back = await browser.authorize(url, user.email, PASSWORD);
    assert.equal(queryOf(back).state, state);
    const tokens = await c.getAccessTokenByCode(queryOf(back).code);
    assert.ok(tokens.access_token && tokens.refresh_token && tokens.id_token, JSON.stringify(tokens));
    const idClaims = JSON.parse(Buffer.from(tokens.id_token.split('.')[1], 'base64url'));
    assert.equal(idClaims.nonce, nonce);
    assert.equal((await c.getUserInfoByAccessToken(tokens.access_token)).sub, user.userId);
    const refreshed = await c.getNewAccessTokenByRefreshToken(tokens.refresh_token);
    assert.ok(refreshed.access_token && refreshed.access_token !== tokens.access_token);

    // PKCE added by hand to the SDK's URL, the verifier given to getAccessTokenByCode.
    const verifier = c.generateCodeChallenge();
    const challenge = c.getCodeChallengeDigest({ codeChallenge: verifier, method: 'S256' });
    const pkce = c.buildAuthorizeUrl({ scope: 'openid profile' });
    const back2 = await browser.authorize(`${pkce.url}&code_challenge=${challenge}&code_challenge_method=S256`);
    const t2 = await c.getAccessTokenByCode(queryOf(back2).code, { codeVerifier: verifier });
    assert.ok(t2.access_token);

    const logout = c.buildLogoutUrl({ idToken: tokens.id_token, state: 'bye' });
    const stop = await browser.walk(logout);
    assert.ok(stop.url?.startsWith(`${OUT}?`), JSON.stringify(stop));
    assert.equal(queryOf(stop.url).state, 'bye');
    await assert.rejects(c.getNewAccessTokenByRefreshToken(refreshed.refresh_token));
  });

  it('SSO: a second application of the pool gets its code without a page', async () => {
    const a = await makeApp();
    const b = await makeApp();
    const browser = new Browser();
    const config = await discover(a);
    const req = await authRequest(config);
    const ta = await oidc.authorizationCodeGrant(config, new URL(await browser.authorize(req.url, user.email, PASSWORD)), req.checks);
    const c = sdk(b);
    const stop = await browser.walk(c.buildAuthorizeUrl({ scope: 'openid profile' }).url);
    assert.ok(stop.url?.startsWith(`${CB}?`), `B showed a page: ${JSON.stringify(stop).slice(0, 300)}`);
    const tb = await c.getAccessTokenByCode(queryOf(stop.url).code);
    assert.equal((await c.getUserInfoByAccessToken(tb.access_token)).sub, ta.claims().sub);
  });

  it('getAccessTokenByClientCredentials with the pool access key', async () => {
    const app = await makeApp({ oidcConfig: { scope: 'reports:read' } });
    const c = sdk(app);
    const got = await c.getAccessTokenByClientCredentials('reports:read', { accessKey: AK, accessSecret: SK });
    assert.equal(got.scope, 'reports:read', JSON.stringify(got));
    const claims = JSON.parse(Buffer.from(got.access_token.split('.')[1], 'base64url'));
    assert.equal(claims.aud, app.appId);
    assert.equal(claims.sub, AK);
    await assert.rejects(c.getAccessTokenByClientCredentials('reports:read', { accessKey: AK, accessSecret: 'wrong' }));
  });

  it('CAS: buildAuthorizeUrl + validateTicketV2 (JSON and XML)', async () => {
    const app = await makeApp({ redirectUris: [SERVICE], casProviderEnabled: true });
    const c = sdk(app, { protocol: 'cas' });
    const browser = new Browser();
    const back = await browser.authorize(c.buildAuthorizeUrl({ service: SERVICE }).url, user.username, PASSWORD);
    const { ticket } = queryOf(back);
    assert.match(ticket, /^ST-/);
    const v = await c.validateTicketV2(ticket, SERVICE);
    assert.equal(v.serviceResponse.authenticationSuccess.user, user.username, JSON.stringify(v));
    assert.equal(v.serviceResponse.authenticationSuccess.attributes.sub, user.userId);
    const again = await c.validateTicketV2(ticket, SERVICE);
    assert.equal(again.serviceResponse.authenticationFailure.code, 'INVALID_TICKET');
    const t2 = queryOf((await browser.walk(c.buildAuthorizeUrl({ service: SERVICE }).url)).url).ticket;
    const xml = await c.validateTicketV2(t2, SERVICE, 'XML');
    assert.match(xml, /<cas:user>[^<]+<\/cas:user>/);
    assert.ok(xml.includes(`<cas:user>${user.username}</cas:user>`), xml);
  });
});

// Referenced so a missing variable fails loudly at load.
env('AUTHGATE_APP_ID');
