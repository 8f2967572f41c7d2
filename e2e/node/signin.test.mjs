// Sign-up, sign-in and the token family — driven through the official Node SDK
// (authing-node-sdk@4.0.1, `AuthenticationClient`).
//
// Spec: client authentication §1.5, /api/v3/signin and /signup §2.1, codes §2.4, profile and
// password §2.5–§2.6, TokenSet spelling §3.3, token / introspection / revocation / UserInfo /
// JWKS §4.2–§4.6, sign-in errors §6.3.
//
// Node facts these tests rely on: the V3 wrappers add client_id/client_secret to the body only
// in client_secret_post mode; in client_secret_basic mode the HTTP client sends
// `authorization: Basic base64(appId:appSecret)` when the request path is exactly one of the
// nine client-auth paths (so /api/v3/signin works in all three modes). The HTTP client
// resolves with the body for any 2xx and rejects (AxiosError) otherwise, so /api/v3 errors
// arrive as envelopes and /oidc errors as rejections.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { env, URL_, AK, SK, ok, apiErr } from './support.mjs';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const require = createRequire(import.meta.url);
const { AuthenticationClient, ManagementClient } = require('authing-node-sdk');


const DEFAULT_APP = { appId: env('AUTHGATE_APP_ID'), appSecret: env('AUTHGATE_APP_SECRET') };
const MAIL_LOG = env('E2E_MAIL_LOG');
const SMS_LOG = env('E2E_SMS_LOG');

const POST = 'client_secret_post';
const BASIC = 'client_secret_basic';
const NONE = 'none';
const MODES = [POST, BASIC, NONE];
const PASSWORD = 'Corr3ct-horse!';
const OFFLINE = { scope: 'openid profile email phone offline_access' };

const tag = () => 'nd' + randomBytes(5).toString('hex');
const email = () => `${tag()}@example.com`;
function phone() {
  for (;;) { // never ending in 0000: the e2e SMS webhook answers 500 for those
    const p = '138' + String(Math.floor(Math.random() * 1e8)).padStart(8, '0');
    if (!p.endsWith('0000')) return p;
  }
}



function notOk(resp) {
  assert.equal(typeof resp, 'object', `expected an envelope, got ${JSON.stringify(resp)}`);
  assert.ok(resp.statusCode && resp.statusCode !== 200, `expected an error, got ${JSON.stringify(resp)}`);
  return resp;
}

// An /oidc call the SDK must reject with HTTP `status` and RFC error `error`.
async function protocolError(promise, status, error) {
  await assert.rejects(promise, (e) => {
    assert.equal(e.response?.status, status, `HTTP ${e.response?.status}: ${JSON.stringify(e.response?.data)}`);
    assert.equal(e.response.data.error, error, JSON.stringify(e.response.data));
    return true;
  });
}

const claims = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());
const header = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[0], 'base64url').toString());

// ---------------------------------------------------------------- sinks ---

function readJsonl(path) {
  const out = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line) continue;
    try { out.push(JSON.parse(line)); } catch { /* a line still being written */ }
  }
  return out;
}

// Bounded (10 s) wait for a record the server's delivery wrote: a state check, not a sleep.
async function waitRecord(path, match, after, what) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const hits = readJsonl(path).slice(after).filter(match);
    if (hits.length) return hits[hits.length - 1];
    if (Date.now() > deadline) throw new Error(`no ${what} arrived in ${path} within 10s`);
    await sleep(50);
  }
}

async function emailCode(address, send) {
  const mark = readJsonl(MAIL_LOG).length;
  ok(await send());
  const rec = await waitRecord(MAIL_LOG,
    (r) => !r.rejected && (r.to || []).some((t) => t.toLowerCase() === address.toLowerCase()),
    mark, `email to ${address}`);
  assert.match(rec.code ?? '', /^\d{6}$/, JSON.stringify(rec));
  return rec.code;
}

async function smsRecord(number, send) {
  const mark = readJsonl(SMS_LOG).length;
  ok(await send());
  const rec = await waitRecord(SMS_LOG, (r) => r.phone === number && !r.status, mark, `SMS to ${number}`);
  assert.match(rec.code ?? '', /^\d{6}$/, JSON.stringify(rec));
  return rec;
}

// ----------------------------------------------------------- fixtures ---

const mgmt = new ManagementClient({ accessKeyId: AK, accessKeySecret: SK, host: URL_ });
const apps = { [POST]: { ...DEFAULT_APP, method: POST } };
const createdApps = [];
const createdUsers = [];

function client(method, { app = apps[method], secret, accessToken, ...rest } = {}) {
  return new AuthenticationClient({
    appId: app.appId,
    appSecret: secret ?? (method === NONE ? undefined : app.appSecret),
    appHost: URL_,
    tokenEndPointAuthMethod: method,
    introspectionEndPointAuthMethod: method,
    revocationEndPointAuthMethod: method,
    accessToken,
    ...rest,
  });
}

async function createUser(body) {
  const data = ok(await mgmt.createUser(body));
  createdUsers.push(data.userId);
  return data;
}

const passwordUser = () => {
  const t = tag();
  return createUser({ username: `u_${t}`, email: `${t}@example.com`, phone: phone(), password: PASSWORD });
};

function assertTokenSet(data, appId, { offline = false } = {}) {
  for (const k of ['access_token', 'id_token', 'token_type', 'scope']) {
    assert.ok(typeof data[k] === 'string' && data[k], `${k} in ${JSON.stringify(data)}`);
  }
  assert.equal(data.token_type.toLowerCase(), 'bearer');
  assert.ok(Number.isInteger(data.expire_in) && data.expire_in > 0, JSON.stringify(data));
  assert.equal(data.expires_in, data.expire_in);
  assert.ok(data.scope.split(' ').includes('openid'));
  if (offline) assert.ok(data.refresh_token, JSON.stringify(data));
  else assert.ok(!data.refresh_token, `refresh_token needs offline_access: ${JSON.stringify(data)}`);
  assert.equal(claims(data.access_token).aud, appId);
  return data;
}

before(async () => {
  // basic: created with the method; none: created as post, then switched by updateApplication.
  for (const [method, initial] of [[BASIC, BASIC], [NONE, POST]]) {
    const oidcConfig = (m) => ({
      token_endpoint_auth_method: m,
      introspection_endpoint_auth_method: m,
      revocation_endpoint_auth_method: m,
    });
    const created = ok(await mgmt.createApplication({
      appName: `e2e-node-${method.replace(/_/g, '-')}-${tag()}`, appType: 'web', oidcConfig: oidcConfig(initial),
    }));
    createdApps.push(created.appId);
    assert.equal(created.oidcConfig.token_endpoint_auth_method, initial, JSON.stringify(created));
    if (initial !== method) {
      ok(await mgmt.updateApplication({ appId: created.appId, oidcConfig: oidcConfig(method) }));
    }
    const got = ok(await mgmt.getApplication({ appId: created.appId }));
    assert.equal(got.oidcConfig.token_endpoint_auth_method, method, JSON.stringify(got));
    assert.equal(got.oidcConfig.revocation_endpoint_auth_method, method, JSON.stringify(got));
    const { secret } = ok(await mgmt.getApplicationSecret({ appId: created.appId }));
    assert.ok(secret);
    apps[method] = { appId: created.appId, appSecret: secret, method };
  }
});

after(async () => {
  if (createdUsers.length) await mgmt.deleteUsersBatch({ userIds: createdUsers });
  for (const appId of createdApps) await mgmt.deleteApplication({ appId });
});

// -------------------------------------------------------------- tests ---

describe('sign-up by password', () => {
  it('signUpByEmailPassword, then sign in', async () => {
    const c = client(POST);
    const address = email();
    const user = ok(await c.signUpByEmailPassword({ email: address, password: PASSWORD, profile: { nickname: 'n' } }));
    createdUsers.push(user.userId);
    assert.equal(user.email, address);
    assert.equal(user.nickname, 'n');
    assert.ok(!('password' in user) && !('passwordHash' in user));
    const data = assertTokenSet(ok(await c.signInByEmailPassword({ email: address, password: PASSWORD })), c.options.appId);
    assert.equal(claims(data.access_token).sub, user.userId);
  });

  it('signUpByUsernamePassword, then sign in', async () => {
    const c = client(POST);
    const username = `u_${tag()}`;
    const user = ok(await c.signUpByUsernamePassword({ username, password: PASSWORD }));
    createdUsers.push(user.userId);
    assert.equal(user.username, username);
    const data = ok(await c.signInByUsernamePassword({ username, password: PASSWORD }));
    assert.equal(claims(data.access_token).sub, user.userId);
  });

  it('weak password is 400/2029, duplicates are 409', async () => {
    const c = client(POST);
    apiErr(await c.signUpByEmailPassword({ email: email(), password: 'short7!' }), 400, 2029);
    const u = await passwordUser();
    apiErr(await c.signUpByEmailPassword({ email: u.email, password: PASSWORD }), 409);
    apiErr(await c.signUpByUsernamePassword({ username: u.username, password: PASSWORD }), 409);
  });
});

for (const method of MODES) {
  describe(`sign-in by password, ${method}`, () => {
    it('by email / phone / username / account', async () => {
      const c = client(method);
      const u = await passwordUser();
      const calls = [
        () => c.signInByEmailPassword({ email: u.email, password: PASSWORD }),
        () => c.signInByPhonePassword({ phone: u.phone, password: PASSWORD }),
        () => c.signInByUsernamePassword({ username: u.username, password: PASSWORD }),
        () => c.signInByAccountPassword({ account: u.username, password: PASSWORD }),
        () => c.signInByAccountPassword({ account: u.email, password: PASSWORD }),
        () => c.signInByAccountPassword({ account: u.phone, password: PASSWORD }),
      ];
      for (const call of calls) {
        const data = assertTokenSet(ok(await call()), apps[method].appId);
        const cl = claims(data.access_token);
        assert.equal(cl.sub, u.userId);
        assert.equal(cl.iss, `${URL_}/oidc`);
      }
    });

    it('a wrong app secret is 401/40110', async () => {
      const u = await passwordUser();
      // a public app's client sends no secret: give it a wrong one in the body instead
      const c = method === NONE
        ? client(POST, { app: apps[NONE], secret: 'wrong-secret' })
        : client(method, { secret: apps[method].appSecret + 'x' });
      apiErr(await c.signInByEmailPassword({ email: u.email, password: PASSWORD }), 401, 40110);
    });

    it('what the SDK puts on the wire for /api/v3/signin', async () => {
      const c = client(method);
      const u = await passwordUser();
      const seen = [];
      c.httpClient.axios.interceptors.request.use((cfg) => {
        seen.push({ url: cfg.url, auth: cfg.headers.get('authorization'), data: cfg.data });
        return cfg;
      });
      ok(await c.signInByEmailPassword({ email: u.email, password: PASSWORD }));
      assert.equal(seen.length, 1);
      const { auth, data } = seen[0];
      const body = typeof data === 'string' ? JSON.parse(data) : data;
      const basic = 'Basic ' + Buffer.from(`${apps[method].appId}:${apps[method].appSecret}`).toString('base64');
      if (method === BASIC) {
        assert.equal(auth, basic);
        assert.ok(!('client_secret' in body), JSON.stringify(body));
      } else if (method === POST) {
        assert.ok(!auth, auth);
        assert.equal(body.client_id, apps[POST].appId);
        assert.equal(body.client_secret, apps[POST].appSecret);
      } else {
        assert.ok(!auth, auth);
        assert.ok(!('client_id' in body) && !('client_secret' in body), JSON.stringify(body));
      }
    });

    it('refresh, introspect, revoke, UserInfo, parseAccessToken', async () => {
      const c = client(method);
      const u = await passwordUser();
      const appId = apps[method].appId;
      const tokens = assertTokenSet(ok(await c.signInByEmailPassword({ email: u.email, password: PASSWORD, options: OFFLINE })),
        appId, { offline: true });

      const info = await c.introspectToken(tokens.access_token);
      assert.equal(info.active, true, JSON.stringify(info));
      assert.equal(info.sub, u.userId);
      assert.ok(info.client_id === appId || info.aud === appId, JSON.stringify(info));
      assert.equal((await c.introspectToken(tokens.refresh_token)).active, true);

      const parsed = await c.parseAccessToken(tokens.access_token);
      assert.equal(parsed.sub, u.userId);
      assert.equal(parsed.aud, appId);
      const idt = await c.parseIDToken(tokens.id_token);
      assert.equal(idt.sub, u.userId);
      assert.equal(idt.aud, appId);

      for (const opts of [undefined, { method: 'GET', tokenPlace: 'header' },
        { method: 'POST', tokenPlace: 'header' }, { method: 'POST', tokenPlace: 'body' }]) {
        const me = await c.getUserInfoByAccessToken(tokens.access_token, opts);
        assert.equal(me.sub, u.userId, `${JSON.stringify(opts)} → ${JSON.stringify(me)}`);
        assert.equal(me.email, u.email);
      }

      const fresh = await c.getNewAccessTokenByRefreshToken(tokens.refresh_token);
      assert.ok(fresh.access_token, JSON.stringify(fresh));
      assert.ok(Number.isInteger(fresh.expires_in) && fresh.expires_in > 0, JSON.stringify(fresh));
      assert.equal(fresh.token_type, 'Bearer');
      assert.ok(fresh.refresh_token && fresh.refresh_token !== tokens.refresh_token);
      assert.equal(claims(fresh.access_token).sub, u.userId);

      assert.equal(await c.revokeToken(fresh.access_token), true);
      assert.deepEqual(await c.introspectToken(fresh.access_token), { active: false });
      assert.equal(await c.revokeToken(fresh.refresh_token), true);
      await protocolError(c.getNewAccessTokenByRefreshToken(fresh.refresh_token), 400, 'invalid_grant');
      assert.equal(await c.revokeToken('no-such-token'), true);
    });

    it('reusing a rotated refresh token is invalid_grant and kills the session', async () => {
      const c = client(method);
      const u = await passwordUser();
      const tokens = ok(await c.signInByEmailPassword({ email: u.email, password: PASSWORD, options: OFFLINE }));
      const fresh = await c.getNewAccessTokenByRefreshToken(tokens.refresh_token);
      await protocolError(c.getNewAccessTokenByRefreshToken(tokens.refresh_token), 400, 'invalid_grant');
      await protocolError(c.getNewAccessTokenByRefreshToken(fresh.refresh_token), 400, 'invalid_grant');
      assert.equal((await c.introspectToken(fresh.access_token)).active, false);
    });
  });
}

describe('client authentication edge cases', () => {
  it('a confidential app without credentials is 401/40110', async () => {
    const u = await passwordUser();
    for (const method of [POST, BASIC]) {
      const c = client(NONE, { app: apps[method] });
      apiErr(await c.signInByEmailPassword({ email: u.email, password: PASSWORD }), 401, 40110);
    }
  });

  it('any valid credential form is accepted whatever the configured method', async () => {
    const u = await passwordUser();
    // Basic on a post app, body credentials on a basic app
    ok(await client(BASIC, { app: apps[POST] }).signInByEmailPassword({ email: u.email, password: PASSWORD }));
    ok(await client(POST, { app: apps[BASIC] }).signInByEmailPassword({ email: u.email, password: PASSWORD }));
  });

  it('the token endpoint refuses a wrong secret with invalid_client', async () => {
    const u = await passwordUser();
    const tokens = ok(await client(POST).signInByEmailPassword({ email: u.email, password: PASSWORD, options: OFFLINE }));
    for (const method of [POST, BASIC]) {
      const bad = client(method, { app: apps[POST], secret: 'wrong-secret' });
      await protocolError(bad.getNewAccessTokenByRefreshToken(tokens.refresh_token), 401, 'invalid_client');
    }
  });
});

describe('sign-in errors', () => {
  it('wrong password and unknown account are 403/2333', async () => {
    const c = client(POST);
    const u = await passwordUser();
    apiErr(await c.signInByEmailPassword({ email: u.email, password: 'Wr0ng-password' }), 403, 2333);
    apiErr(await c.signInByEmailPassword({ email: email(), password: PASSWORD }), 403, 2333);
    apiErr(await c.signInByAccountPassword({ account: `u_${tag()}`, password: PASSWORD }), 403, 2333);
  });

  it('five failures lock the account: 403/2057', async () => {
    const c = client(BASIC);
    const u = await passwordUser();
    for (let i = 0; i < 5; i++) {
      apiErr(await c.signInByUsernamePassword({ username: u.username, password: 'Wr0ng-password' }), 403, 2333);
    }
    apiErr(await c.signInByUsernamePassword({ username: u.username, password: PASSWORD }), 403, 2057);
  });

  it('a suspended user is 403/2005', async () => {
    const u = await passwordUser();
    ok(await mgmt.updateUser({ userId: u.userId, status: 'Suspended' }));
    apiErr(await client(POST).signInByEmailPassword({ email: u.email, password: PASSWORD }), 403, 2005);
  });

  it('a password payload without identifier is 400', async () => {
    const c = client(POST);
    apiErr(await c.signInByCredentials({
      connection: 'PASSWORD', passwordPayload: { password: PASSWORD },
      client_id: apps[POST].appId, client_secret: apps[POST].appSecret,
    }), 400);
  });
});

describe('codes by email and SMS', () => {
  for (const method of MODES) {
    it(`signInByEmailPassCode and signInByPhonePassCode, ${method}`, async () => {
      const c = client(method);
      const u = await createUser({ email: email(), phone: phone(), phoneCountryCode: '+86' });
      const code = await emailCode(u.email, () => c.sendEmail({ channel: 'CHANNEL_LOGIN', email: u.email }));
      const data = assertTokenSet(ok(await c.signInByEmailPassCode({ email: u.email, passCode: code })), apps[method].appId);
      assert.equal(claims(data.access_token).sub, u.userId);
      notOk(await c.signInByEmailPassCode({ email: u.email, passCode: code })); // single use

      const rec = await smsRecord(u.phone,
        () => c.sendSms({ channel: 'CHANNEL_LOGIN', phoneNumber: u.phone, phoneCountryCode: '+86' }));
      assert.equal(rec.channel, 'CHANNEL_LOGIN');
      assert.equal(rec.phoneCountryCode, '+86');
      const d2 = ok(await c.signInByPhonePassCode({ phone: u.phone, phoneCountryCode: '+86', passCode: rec.code }));
      assert.equal(claims(d2.access_token).sub, u.userId);
    });
  }

  it('signUpByEmailCode and signUpByPhoneCode', async () => {
    const c = client(POST);
    const address = email();
    const code = await emailCode(address, () => c.sendEmail({ channel: 'CHANNEL_REGISTER', email: address }));
    const u1 = ok(await c.signUpByEmailCode({ email: address, passCode: code }));
    createdUsers.push(u1.userId);
    assert.equal(u1.email, address);
    assert.equal(u1.emailVerified, true);
    const number = phone();
    const rec = await smsRecord(number, () => c.sendSms({ channel: 'CHANNEL_REGISTER', phoneNumber: number }));
    const u2 = ok(await c.signUpByPhoneCode({ phone: number, passCode: rec.code }));
    createdUsers.push(u2.userId);
    assert.equal(u2.phone, number);
    assert.equal(u2.phoneVerified, true);
  });

  it('a second code within a minute is 429', async () => {
    const c = client(POST);
    const address = email();
    await emailCode(address, () => c.sendEmail({ channel: 'CHANNEL_LOGIN', email: address }));
    apiErr(await c.sendEmail({ channel: 'CHANNEL_LOGIN', email: address }), 429);
  });
});

describe('own account', () => {
  it('getProfile, updateProfile, updatePassword (revokes every session)', async () => {
    const c = client(POST);
    const u = await passwordUser();
    const tokens = ok(await c.signInByEmailPassword({ email: u.email, password: PASSWORD, options: OFFLINE }));
    const me = client(POST, { accessToken: tokens.access_token });

    const profile = ok(await me.getProfile({}));
    assert.equal(profile.userId, u.userId);
    const updated = ok(await me.updateProfile({ nickname: 'renamed' }));
    assert.equal(updated.nickname, 'renamed');

    // with a user token set, sign-in and the token family still work (the raw token in
    // `authorization` is ignored where no user token is required)
    ok(await me.signInByEmailPassword({ email: u.email, password: PASSWORD }));
    assert.equal((await me.introspectToken(tokens.access_token)).active, true);

    ok(await me.updatePassword({ oldPassword: PASSWORD, newPassword: 'N3w-password!' }));
    assert.equal((await c.introspectToken(tokens.access_token)).active, false);
    await protocolError(c.getNewAccessTokenByRefreshToken(tokens.refresh_token), 400, 'invalid_grant');
    apiErr(await me.getProfile({}), 401);
    apiErr(await c.signInByEmailPassword({ email: u.email, password: PASSWORD }), 403, 2333);
    ok(await c.signInByEmailPassword({ email: u.email, password: 'N3w-password!' }));
  });
});
