// Push login, driven through the official Node SDK (authing-node-sdk@4.0.1).
//
// Spec: §2.3 (endpoints), §3.2 (state machine), §7 item 8 (unknown code → status ERROR), §7
// item 9 (authgate hands the TokenSet out ONCE: the first poll after AUTHORIZED), §3.3.
//
// Push target in authgate: a user can be pushed to while they have an active session in an
// application of their pool (their device: the organisation's app, signed in with the SDK's
// signInByEmailPassword); otherwise signin-by-push answers sign-in's ambiguous 403/2333
// (like an unknown account; 400/40023 only in pools that reveal account existence).
//
// Node facts (node_modules/authing-node-sdk/dist/AuthenticationClient.js): signInByPush
// (:1688) POSTs its argument as is; checkPushCodeStatus (:1703) GETs ?pushCodeId=;
// setPushCodeStatus (:1720, data {success}) and changePushCodeStatus (:1736, envelope only)
// POST {pushCodeId, action}; getPushLoginRelationApps (:2808) POSTs {appId, pushCodeId}.
//
// Expiry (120 s) needs real waiting: that test runs only with E2E_SLOW=1.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { env, URL_, AK, SK, ok, apiErr } from './support.mjs';
import { setTimeout as sleep } from 'node:timers/promises';

const require = createRequire(import.meta.url);
const { AuthenticationClient, ManagementClient } = require('authing-node-sdk');


const APP_ID = env('AUTHGATE_APP_ID');
const APP_SECRET = env('AUTHGATE_APP_SECRET');
const SLOW = process.env.E2E_SLOW === '1';
const PASSWORD = 'Corr3ct-horse!';
const VALIDITY = 120;

const tag = () => 'np' + randomBytes(5).toString('hex');
const hex = (n) => randomBytes(n).toString('hex');



const claims = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());

const mgmt = new ManagementClient({ accessKeyId: AK, accessKeySecret: SK, host: URL_ });
const createdUsers = [];
let publicApp;

const web = (appId = APP_ID) => new AuthenticationClient(appId === APP_ID
  ? { appId, appSecret: APP_SECRET, appHost: URL_ }
  : { appId, appHost: URL_, tokenEndPointAuthMethod: 'none' });

async function createUser() {
  const t = tag();
  const phoneNo = '139' + String(Math.floor(Math.random() * 1e8)).padStart(8, '0');
  const user = ok(await mgmt.createUser({ username: `u_${t}`, email: `${t}@example.com`, phone: phoneNo, password: PASSWORD }));
  createdUsers.push(user.userId);
  return user;
}

// The user's signed-in device (the sign-in makes the user reachable by pushes).
async function device(user) {
  const c = web();
  const tokens = ok(await c.signInByEmailPassword({ email: user.email, password: PASSWORD }));
  c.setAccessToken(tokens.access_token);
  return { c, token: tokens.access_token };
}

async function target() {
  const user = await createUser();
  return { user, ...(await device(user)) };
}

async function push(w, account, options) {
  const data = ok(await w.signInByPush({ account, options }));
  assert.match(data.pushCodeId, /^[0-9a-f]{32,}$/);
  assert.equal(data.expireTime, VALIDITY);
  return data.pushCodeId;
}

const poll = async (w, pushCodeId) => ok(await w.checkPushCodeStatus({ pushCodeId }));

function assertTokenSet(data, appId, userId, scope = 'openid profile') {
  for (const k of ['access_token', 'id_token', 'token_type', 'scope']) {
    assert.ok(typeof data?.[k] === 'string' && data[k], `${k} in ${JSON.stringify(data)}`);
  }
  assert.equal(data.token_type.toLowerCase(), 'bearer');
  assert.ok(Number.isInteger(data.expire_in) && data.expire_in > 0, JSON.stringify(data));
  assert.equal(data.expires_in, data.expire_in);
  for (const s of scope.split(' ')) assert.ok(data.scope.split(' ').includes(s), data.scope);
  for (const t of [data.access_token, data.id_token]) {
    assert.equal(claims(t).sub, userId);
    assert.equal(claims(t).aud, appId);
  }
  return data;
}

before(async () => {
  const created = ok(await mgmt.createApplication({
    appName: `e2e-node-push-none-${tag()}`, appType: 'web', oidcConfig: { token_endpoint_auth_method: 'none' },
  }));
  publicApp = created.appId;
});

after(async () => {
  if (createdUsers.length) await mgmt.deleteUsersBatch({ userIds: createdUsers });
  if (publicApp) await mgmt.deleteApplication({ appId: publicApp });
});

describe('push login', () => {
  for (const how of ['setPushCodeStatus', 'changePushCodeStatus']) {
    it(`CONFIRM with ${how}; the TokenSet is handed out once`, async () => {
      const w = web();
      const t = await target();
      for (const account of [t.user.email, t.user.phone]) {
        // a push by email / phone too (then cancelled)
        const pushCodeId = await push(w, account);
        ok(await t.c.setPushCodeStatus({ pushCodeId, action: 'CANCEL' }));
      }
      const pushCodeId = await push(w, t.user.username);
      assert.deepEqual(await poll(w, pushCodeId), { status: 'PUSHED' });
      const resp = await t.c[how]({ pushCodeId, action: 'CONFIRM' });
      if (how === 'setPushCodeStatus') assert.deepEqual(ok(resp), { success: true });
      else assert.equal(ok(resp), undefined, JSON.stringify(resp));

      const first = await poll(w, pushCodeId);
      assert.equal(first.status, 'AUTHORIZED');
      const tokens = assertTokenSet(first.tokenSet, APP_ID, t.user.userId);
      assert.deepEqual(await poll(w, pushCodeId), { status: 'AUTHORIZED' });
      assert.deepEqual(await poll(w, pushCodeId), { status: 'AUTHORIZED' });

      const me = web();
      me.setAccessToken(tokens.access_token);
      assert.equal(ok(await me.getProfile({})).userId, t.user.userId);

      for (const action of ['CONFIRM', 'CANCEL']) {
        apiErr(await t.c.setPushCodeStatus({ pushCodeId, action }), 409, 40922);
        apiErr(await t.c.changePushCodeStatus({ pushCodeId, action }), 409, 40922);
      }
    });
  }

  it('concurrent polls: exactly one gets the tokens', async () => {
    const w = web();
    const t = await target();
    const pushCodeId = await push(w, t.user.username);
    ok(await t.c.setPushCodeStatus({ pushCodeId, action: 'CONFIRM' }));
    const answers = await Promise.all(Array.from({ length: 8 }, () => poll(w, pushCodeId)));
    assert.ok(answers.every((a) => a.status === 'AUTHORIZED'), JSON.stringify(answers));
    assert.equal(answers.filter((a) => a.tokenSet).length, 1, JSON.stringify(answers));
  });

  it('CANCEL', async () => {
    const w = web();
    const t = await target();
    const pushCodeId = await push(w, t.user.username);
    ok(await t.c.changePushCodeStatus({ pushCodeId, action: 'CANCEL' }));
    assert.deepEqual(await poll(w, pushCodeId), { status: 'CANCELLED' });
    apiErr(await t.c.setPushCodeStatus({ pushCodeId, action: 'CONFIRM' }), 409, 40922);
    assert.deepEqual(await poll(w, pushCodeId), { status: 'CANCELLED' });
  });

  it('from a public app, with options.scope and options.customData; getPushLoginRelationApps', async () => {
    const w = web(publicApp);
    const t = await target();
    const mark = tag();
    const pushCodeId = await push(w, t.user.username, { scope: 'openid profile email', customData: { pushMark: mark } });
    assert.deepEqual(ok(await t.c.getPushLoginRelationApps({ appId: publicApp, pushCodeId })), { appIds: [publicApp] });
    ok(await t.c.setPushCodeStatus({ pushCodeId, action: 'CONFIRM' }));
    const { tokenSet } = await poll(w, pushCodeId);
    assertTokenSet(tokenSet, publicApp, t.user.userId, 'openid profile email');
    assert.equal(claims(tokenSet.id_token).email, t.user.email);
    const u = ok(await mgmt.getUser({ userId: t.user.userId, withCustomData: true }));
    assert.equal(u.customData?.pushMark, mark, JSON.stringify(u));
  });
});

describe('push login misuse', () => {
  it('unknown account and no session both 403/2333; missing account 400', async () => {
    const w = web();
    apiErr(await w.signInByPush({ account: `nobody_${tag()}` }), 403, 2333);
    apiErr(await w.signInByPush({ account: `${tag()}@example.com` }), 403, 2333);
    const lonely = await createUser();
    apiErr(await w.signInByPush({ account: lonely.username }), 403, 2333);
    apiErr(await w.signInByPush({ account: '' }), 400);
  });

  it('unknown code polls as ERROR, and is 404/40422 on the app side', async () => {
    const w = web();
    assert.deepEqual(await poll(w, hex(16)), { status: 'ERROR' });
    const t = await target();
    apiErr(await t.c.setPushCodeStatus({ pushCodeId: hex(16), action: 'CONFIRM' }), 404, 40422);
    apiErr(await t.c.changePushCodeStatus({ pushCodeId: hex(16), action: 'CANCEL' }), 404, 40422);
  });

  it('no token or a bad token is 401/2020; another user is 403/40322', async () => {
    const w = web();
    const t = await target();
    const pushCodeId = await push(w, t.user.username);
    const anon = web();
    apiErr(await anon.setPushCodeStatus({ pushCodeId, action: 'CONFIRM' }), 401, 2020);
    apiErr(await anon.changePushCodeStatus({ pushCodeId, action: 'CONFIRM' }), 401, 2020);
    anon.setAccessToken('garbage');
    apiErr(await anon.setPushCodeStatus({ pushCodeId, action: 'CONFIRM' }), 401, 2020);
    apiErr(await anon.getPushLoginRelationApps({ appId: APP_ID, pushCodeId }), 401, 2020);

    const other = await target();
    apiErr(await other.c.setPushCodeStatus({ pushCodeId, action: 'CONFIRM' }), 403, 40322);
    apiErr(await other.c.changePushCodeStatus({ pushCodeId, action: 'CANCEL' }), 403, 40322);
    apiErr(await other.c.getPushLoginRelationApps({ appId: APP_ID, pushCodeId }), 403, 40322);
    assert.deepEqual(await poll(w, pushCodeId), { status: 'PUSHED' });
    apiErr(await t.c.setPushCodeStatus({ pushCodeId, action: 'SCAN' }), 400);
    ok(await t.c.setPushCodeStatus({ pushCodeId, action: 'CONFIRM' }));
    assert.ok((await poll(w, pushCodeId)).tokenSet);
  });
});

describe('push expiry (E2E_SLOW=1)', () => {
  it('a push code expires after 120 s', { skip: !SLOW && 'set E2E_SLOW=1 (waits 120 s)' }, async () => {
    const w = web();
    const t = await target();
    const pushCodeId = await push(w, t.user.username);
    const born = Date.now();
    await sleep(VALIDITY * 1000 + 1000 - (Date.now() - born));
    assert.deepEqual(await poll(w, pushCodeId), { status: 'EXPIRED' });
    apiErr(await t.c.setPushCodeStatus({ pushCodeId, action: 'CONFIRM' }), 400, 40022);
    apiErr(await t.c.changePushCodeStatus({ pushCodeId, action: 'CANCEL' }), 400, 40022);
  });
});
