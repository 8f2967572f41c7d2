// Self-built-app QR-code login, driven through the official Node SDK (authing-node-sdk@4.0.1).
//
// Spec: §2.2 (endpoints), §3.1 (state machine, ticket exchange), §1.5 / §7 item 2 (client
// authentication), §7 item 8 (unknown code → status ERROR), §3.3 (TokenSet spelling).
//
// Actors: the web side (AuthenticationClient of the app showing the code: geneQrCode,
// getQrCodeStatus / checkQrCodeStatus, exchangeTokenSetWithQrCodeTicket) and the app side (the
// organisation's mobile app: a user signed in with the SDK's signInByEmailPassword, then
// setAccessToken; setQrCodeStatus / changeQrCodeStatus).
//
// Node facts these tests rely on (node_modules/authing-node-sdk/dist/…):
// * AuthenticationClient.js:1530-1688: every QR method sends its argument as is (body or
//   query); exchangeTokenSetWithQrCodeTicket (:1628) never adds client_id / client_secret,
//   even in client_secret_post mode — the caller passes them.
// * AutherticationHttpClient.js:52-70: in client_secret_basic mode, a request whose path is
//   exactly '/api/v3/exchange-tokenset-with-qrcode-ticket' gets `authorization: Basic
//   base64(appId:appSecret)` — which then replaces a user token set with setAccessToken;
//   otherwise a set token goes raw in `authorization` on every call.
// * The client resolves with the body of any 2xx answer (errors arrive as envelopes).
//
// Expiry and the pool flags are driven through the pool's security settings (ManagementClient
// updateSecuritySettings({qrcodeLoginStrategy})), restored afterwards.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { env, URL_, AK, SK, ok, apiErr } from './support.mjs';
import { setTimeout as sleep } from 'node:timers/promises';

const require = createRequire(import.meta.url);
const { AuthenticationClient, ManagementClient } = require('authing-node-sdk');


const DEFAULT_APP = { appId: env('AUTHGATE_APP_ID'), appSecret: env('AUTHGATE_APP_SECRET') };

const POST = 'client_secret_post';
const BASIC = 'client_secret_basic';
const NONE = 'none';
const MODES = [POST, BASIC, NONE];
const PASSWORD = 'Corr3ct-horse!';
const EXCHANGE = '/api/v3/exchange-tokenset-with-qrcode-ticket';

const tag = () => 'nq' + randomBytes(5).toString('hex');
const hex = (n) => randomBytes(n).toString('hex');



const claims = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());

// ----------------------------------------------------------- fixtures ---

const mgmt = new ManagementClient({ accessKeyId: AK, accessKeySecret: SK, host: URL_ });
const apps = { [POST]: { ...DEFAULT_APP, method: POST } };
const createdApps = [];
const createdUsers = [];

// A web-side client of `app` (default: the app of `method`) in `method`.
function web(method, { app = apps[method], secret, accessToken } = {}) {
  return new AuthenticationClient({
    appId: app.appId,
    appSecret: secret ?? (method === NONE ? undefined : app.appSecret),
    appHost: URL_,
    tokenEndPointAuthMethod: method,
    accessToken,
  });
}

// A user (nickname + photo: what briefUserInfo shows) signed in on the app side.
async function phone({ nickname = true } = {}) {
  const t = tag();
  const body = { username: `u_${t}`, email: `${t}@example.com`, password: PASSWORD };
  if (nickname) Object.assign(body, { nickname: `QR ${t}`, photo: `https://example.com/${t}.png` });
  const user = ok(await mgmt.createUser(body));
  createdUsers.push(user.userId);
  const c = web(POST, { app: apps[POST] });
  const tokens = ok(await c.signInByEmailPassword({ email: user.email, password: PASSWORD }));
  c.setAccessToken(tokens.access_token);
  return { user, c, token: tokens.access_token };
}

async function gene(w, body = {}) {
  return ok(await w.geneQrCode({ type: 'MOBILE_APP', ...body })).qrcodeId;
}

// A fresh code of `w`'s app, scanned and confirmed by `p`; returns the ticket.
async function authorizedTicket(w, p) {
  const qrcodeId = await gene(w);
  assert.deepEqual(ok(await p.c.setQrCodeStatus({ qrcodeId, action: 'SCAN' })), { success: true });
  assert.deepEqual(ok(await p.c.setQrCodeStatus({ qrcodeId, action: 'CONFIRM' })), { success: true });
  const st = ok(await w.getQrCodeStatus({ qrcodeId }));
  assert.equal(st.status, 'AUTHORIZED', JSON.stringify(st));
  assert.ok(typeof st.ticket === 'string' && st.ticket, JSON.stringify(st));
  return st.ticket;
}

function assertTokenSet(data, appId, userId) {
  for (const k of ['access_token', 'id_token', 'token_type', 'scope']) {
    assert.ok(typeof data?.[k] === 'string' && data[k], `${k} in ${JSON.stringify(data)}`);
  }
  assert.equal(data.token_type.toLowerCase(), 'bearer');
  assert.ok(Number.isInteger(data.expire_in) && data.expire_in > 0, JSON.stringify(data));
  assert.equal(data.expires_in, data.expire_in);
  assert.ok(data.scope.split(' ').includes('openid'), data.scope);
  for (const t of [data.access_token, data.id_token]) {
    assert.equal(claims(t).sub, userId);
    assert.equal(claims(t).aud, appId);
  }
  return data;
}

// Records what the SDK's HTTP client sends.
function wire(c) {
  const seen = [];
  c.httpClient.axios.interceptors.request.use((cfg) => {
    const body = typeof cfg.data === 'string' ? JSON.parse(cfg.data) : cfg.data;
    seen.push({ url: cfg.url, auth: cfg.headers.get('authorization'), appId: cfg.headers.get('x-authing-app-id'), body });
    return cfg;
  });
  return (url) => {
    const hits = seen.filter((r) => r.url === url);
    assert.ok(hits.length, `no request to ${url}: ${JSON.stringify(seen)}`);
    return hits[hits.length - 1];
  };
}

before(async () => {
  for (const [name, method] of [[BASIC, BASIC], [NONE, NONE], ['other', POST]]) {
    const created = ok(await mgmt.createApplication({
      appName: `e2e-node-qr-${name.replace(/_/g, '-')}-${tag()}`,
      appType: 'web',
      oidcConfig: { token_endpoint_auth_method: method },
    }));
    createdApps.push(created.appId);
    assert.equal(created.oidcConfig.token_endpoint_auth_method, method, JSON.stringify(created));
    const { secret } = ok(await mgmt.getApplicationSecret({ appId: created.appId }));
    apps[name] = { appId: created.appId, appSecret: secret, method };
  }
});

after(async () => {
  if (createdUsers.length) await mgmt.deleteUsersBatch({ userIds: createdUsers });
  for (const appId of createdApps) await mgmt.deleteApplication({ appId });
});

// -------------------------------------------------------------- tests ---

describe('creating and polling a code', () => {
  it('geneQrCode; getQrCodeStatus and checkQrCodeStatus agree; the image', async () => {
    const w = web(POST);
    const data = ok(await w.geneQrCode({ type: 'MOBILE_APP' }));
    assert.match(data.qrcodeId, /^[0-9a-f]{32,}$/);
    assert.equal(data.url, `${URL_}/api/v3/qrcode-image/${data.qrcodeId}.png`);
    assert.deepEqual(ok(await w.getQrCodeStatus({ qrcodeId: data.qrcodeId })), { status: 'PENDING' });
    assert.deepEqual(ok(await w.checkQrCodeStatus({ qrcodeId: data.qrcodeId })), { status: 'PENDING' });
    const png = await fetch(data.url);
    assert.equal(png.status, 200);
    assert.equal(png.headers.get('content-type'), 'image/png');
    assert.deepEqual([...new Uint8Array(await png.arrayBuffer()).slice(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    const svg = await fetch(data.url.replace(/\.png$/, '.svg'));
    assert.equal(svg.status, 200);
    assert.match(svg.headers.get('content-type'), /^image\/svg\+xml/);
    assert.match(await svg.text(), /<svg/);
  });

  it('WECHAT types are 501; an unknown type is 400', async () => {
    const w = web(POST);
    for (const type of ['WECHAT_MINIPROGRAM', 'WECHAT_OFFICIAL_ACCOUNT']) {
      apiErr(await w.geneQrCode({ type }), 501, 50100);
    }
    apiErr(await w.geneQrCode({ type: 'NOPE' }), 400);
  });

  it('an unknown code polls as ERROR on both paths', async () => {
    const w = web(POST);
    const qrcodeId = hex(16);
    assert.deepEqual(ok(await w.getQrCodeStatus({ qrcodeId })), { status: 'ERROR' });
    assert.deepEqual(ok(await w.checkQrCodeStatus({ qrcodeId })), { status: 'ERROR' });
  });
});

describe('the whole flow', () => {
  it('SCAN (setQrCodeStatus), CONFIRM (changeQrCodeStatus), exchange; customData is merged', async () => {
    const w = web(POST);
    const p = await phone();
    const marker = tag();
    const qrcodeId = await gene(w, { customData: { qrSource: marker, n: 3 } });

    assert.deepEqual(ok(await p.c.setQrCodeStatus({ qrcodeId, action: 'SCAN' })), { success: true });
    const brief = { displayName: p.user.nickname, photo: p.user.photo };
    assert.deepEqual(ok(await w.getQrCodeStatus({ qrcodeId })), { status: 'SCANNED', briefUserInfo: brief });
    assert.deepEqual(ok(await w.checkQrCodeStatus({ qrcodeId })), { status: 'SCANNED', briefUserInfo: brief });

    const resp = await p.c.changeQrCodeStatus({ qrcodeId, action: 'CONFIRM' });
    assert.equal(ok(resp), undefined, `change-qrcode-status has no data: ${JSON.stringify(resp)}`);
    const st = ok(await w.getQrCodeStatus({ qrcodeId }));
    assert.equal(st.status, 'AUTHORIZED');
    assert.deepEqual(st.briefUserInfo, brief);
    assert.ok(st.ticket && !st.tokenSet, JSON.stringify(st));
    assert.equal(ok(await w.checkQrCodeStatus({ qrcodeId })).ticket, st.ticket);

    const u = ok(await mgmt.getUser({ userId: p.user.userId, withCustomData: true }));
    assert.equal(u.customData?.qrSource, marker, JSON.stringify(u));
    assert.equal(u.customData?.n, 3, JSON.stringify(u));

    const data = assertTokenSet(ok(await w.exchangeTokenSetWithQrCodeTicket({
      ticket: st.ticket, client_id: apps[POST].appId, client_secret: apps[POST].appSecret,
    })), apps[POST].appId, p.user.userId);
    const me = web(POST, { accessToken: data.access_token });
    assert.equal(ok(await me.getProfile({})).userId, p.user.userId);

    apiErr(await w.exchangeTokenSetWithQrCodeTicket({
      ticket: st.ticket, client_id: apps[POST].appId, client_secret: apps[POST].appSecret,
    }), 409, 40921);
  });

  it('CANCEL', async () => {
    const w = web(POST);
    const p = await phone();
    const qrcodeId = await gene(w);
    ok(await p.c.changeQrCodeStatus({ qrcodeId, action: 'SCAN' }));
    assert.deepEqual(ok(await p.c.setQrCodeStatus({ qrcodeId, action: 'CANCEL' })), { success: true });
    const st = ok(await w.getQrCodeStatus({ qrcodeId }));
    assert.equal(st.status, 'CANCELLED');
    assert.equal(st.briefUserInfo?.displayName, p.user.nickname);
    assert.ok(!st.ticket && !st.tokenSet, JSON.stringify(st));
    for (const action of ['SCAN', 'CONFIRM', 'CANCEL']) {
      apiErr(await p.c.setQrCodeStatus({ qrcodeId, action }), 409);
      apiErr(await p.c.changeQrCodeStatus({ qrcodeId, action }), 409);
    }
  });

  it('displayName falls back to the username, photo is a string', async () => {
    const w = web(POST);
    const p = await phone({ nickname: false });
    const qrcodeId = await gene(w);
    ok(await p.c.setQrCodeStatus({ qrcodeId, action: 'SCAN' }));
    const { briefUserInfo } = ok(await w.getQrCodeStatus({ qrcodeId }));
    assert.equal(briefUserInfo.displayName, p.user.username);
    assert.equal(typeof briefUserInfo.photo, 'string');
  });
});

for (const method of MODES) {
  describe(`ticket exchange, ${method}`, () => {
    it('what the SDK sends, and the TokenSet', async () => {
      const app = apps[method];
      const w = web(method);
      const p = await phone();
      const ticket = await authorizedTicket(w, p);
      const last = wire(w);
      const body = method === POST ? { ticket, client_id: app.appId, client_secret: app.appSecret } : { ticket };
      assertTokenSet(ok(await w.exchangeTokenSetWithQrCodeTicket(body)), app.appId, p.user.userId);
      const sent = last(EXCHANGE);
      assert.equal(sent.appId, app.appId);
      assert.deepEqual(sent.body, body);
      if (method === BASIC) {
        assert.equal(sent.auth, 'Basic ' + Buffer.from(`${app.appId}:${app.appSecret}`).toString('base64'));
      } else {
        assert.ok(!sent.auth, sent.auth);
      }
    });

    it('a user token set on the web client does not get in the way', async () => {
      const app = apps[method];
      const p = await phone();
      const w = web(method, { accessToken: p.token });
      const ticket = await authorizedTicket(w, p);
      const last = wire(w);
      const body = method === POST ? { ticket, client_id: app.appId, client_secret: app.appSecret } : { ticket };
      assertTokenSet(ok(await w.exchangeTokenSetWithQrCodeTicket(body)), app.appId, p.user.userId);
      // basic mode: the SDK's Basic header replaces the user token; otherwise the token goes raw
      assert.equal(last(EXCHANGE).auth, method === BASIC
        ? 'Basic ' + Buffer.from(`${app.appId}:${app.appSecret}`).toString('base64') : p.token);
    });

    it('a wrong secret is 401/40110 and does not use the ticket up', async () => {
      const app = apps[method];
      const p = await phone();
      const ticket = await authorizedTicket(web(method), p);
      // a public app's client sends no secret: give it a wrong one in the body instead
      const bad = method === NONE
        ? web(NONE, { app })
        : web(method, { secret: app.appSecret + 'x' });
      const body = method === BASIC ? { ticket } : { ticket, client_id: app.appId, client_secret: 'wrong-secret' };
      apiErr(await bad.exchangeTokenSetWithQrCodeTicket(body), 401, 40110);
      const good = method === POST ? { ticket, client_id: app.appId, client_secret: app.appSecret } : { ticket };
      assertTokenSet(ok(await web(method).exchangeTokenSetWithQrCodeTicket(good)), app.appId, p.user.userId);
    });
  });
}

describe('ticket exchange errors', () => {
  it('a confidential app without credentials is 401/40110', async () => {
    const p = await phone();
    for (const name of [POST, BASIC]) {
      const app = apps[name];
      const w = web(NONE, { app });
      const ticket = await authorizedTicket(w, p);
      apiErr(await w.exchangeTokenSetWithQrCodeTicket({ ticket }), 401, 40110);
      apiErr(await w.exchangeTokenSetWithQrCodeTicket({ ticket, client_id: app.appId }), 401, 40110);
      // post-mode SDK without passing the credentials (the SDK does not add them): same answer
      apiErr(await web(POST, { app }).exchangeTokenSetWithQrCodeTicket({ ticket }), 401, 40110);
    }
  });

  it('unknown 404/40421, other app 403/40321, used 409/40921', async () => {
    const p = await phone();
    const w = web(POST);
    const creds = { client_id: apps[POST].appId, client_secret: apps[POST].appSecret };
    apiErr(await w.exchangeTokenSetWithQrCodeTicket({ ticket: randomBytes(32).toString('base64url'), ...creds }),
      404, 40421);
    apiErr(await w.exchangeTokenSetWithQrCodeTicket({ ticket: '', ...creds }), 400);

    const ticket = await authorizedTicket(w, p);
    for (const name of ['other', BASIC, NONE]) {
      const other = apps[name];
      const body = name === 'other' ? { ticket, client_id: other.appId, client_secret: other.appSecret } : { ticket };
      apiErr(await web(other.method, { app: other }).exchangeTokenSetWithQrCodeTicket(body), 403, 40321);
    }
    ok(await w.exchangeTokenSetWithQrCodeTicket({ ticket, ...creds }));
    apiErr(await w.exchangeTokenSetWithQrCodeTicket({ ticket, ...creds }), 409, 40921);
  });
});

describe('app-side misuse', () => {
  it('no token or a bad token is 401/2020', async () => {
    const w = web(POST);
    const qrcodeId = await gene(w);
    const anon = web(POST);
    apiErr(await anon.setQrCodeStatus({ qrcodeId, action: 'SCAN' }), 401, 2020);
    apiErr(await anon.changeQrCodeStatus({ qrcodeId, action: 'SCAN' }), 401, 2020);
    for (const bad of ['garbage', 'a.b.c']) {
      anon.setAccessToken(bad);
      apiErr(await anon.setQrCodeStatus({ qrcodeId, action: 'SCAN' }), 401, 2020);
      apiErr(await anon.changeQrCodeStatus({ qrcodeId, action: 'SCAN' }), 401, 2020);
    }
    assert.deepEqual(ok(await w.getQrCodeStatus({ qrcodeId })), { status: 'PENDING' });
  });

  it('CONFIRM / CANCEL before SCAN is 400', async () => {
    const w = web(POST);
    const p = await phone();
    const qrcodeId = await gene(w);
    for (const action of ['CONFIRM', 'CANCEL']) {
      apiErr(await p.c.setQrCodeStatus({ qrcodeId, action }), 400);
      apiErr(await p.c.changeQrCodeStatus({ qrcodeId, action }), 400);
    }
    assert.deepEqual(ok(await w.getQrCodeStatus({ qrcodeId })), { status: 'PENDING' });
  });

  it('another user is 403; scanning twice is 409; a finished code is 409', async () => {
    const w = web(POST);
    const [p, intruder] = [await phone(), await phone()];
    const qrcodeId = await gene(w);
    ok(await p.c.setQrCodeStatus({ qrcodeId, action: 'SCAN' }));
    for (const action of ['CONFIRM', 'CANCEL']) {
      apiErr(await intruder.c.setQrCodeStatus({ qrcodeId, action }), 403);
      apiErr(await intruder.c.changeQrCodeStatus({ qrcodeId, action }), 403);
    }
    apiErr(await intruder.c.setQrCodeStatus({ qrcodeId, action: 'SCAN' }), 409);
    apiErr(await p.c.setQrCodeStatus({ qrcodeId, action: 'SCAN' }), 409);
    assert.equal(ok(await w.getQrCodeStatus({ qrcodeId })).status, 'SCANNED');
    ok(await p.c.setQrCodeStatus({ qrcodeId, action: 'CONFIRM' }));
    for (const who of [p, intruder]) {
      for (const action of ['SCAN', 'CONFIRM', 'CANCEL']) {
        apiErr(await who.c.setQrCodeStatus({ qrcodeId, action }), 409);
      }
    }
    assert.equal(ok(await w.getQrCodeStatus({ qrcodeId })).status, 'AUTHORIZED');
  });

  it('an unknown code is 404; an unknown action is 400', async () => {
    const p = await phone();
    for (const action of ['SCAN', 'CONFIRM', 'CANCEL']) {
      apiErr(await p.c.setQrCodeStatus({ qrcodeId: hex(16), action }), 404);
      apiErr(await p.c.changeQrCodeStatus({ qrcodeId: hex(16), action }), 404);
    }
    apiErr(await p.c.setQrCodeStatus({ qrcodeId: await gene(web(POST)), action: 'APPROVE' }), 400);
  });
});

// ------------------------------------------------------------ SSE ---

// The `status` events of /api/v3/qrcode-status-stream, until the server closes it.
async function* sse(qrcodeId) {
  const resp = await fetch(`${URL_}/api/v3/qrcode-status-stream?qrcodeId=${qrcodeId}`);
  assert.equal(resp.status, 200);
  assert.match(resp.headers.get('content-type'), /^text\/event-stream/);
  const decoder = new TextDecoder();
  let buf = '';
  for await (const chunk of resp.body) {
    buf += decoder.decode(chunk, { stream: true });
    let i;
    while ((i = buf.indexOf('\n\n')) >= 0) {
      const block = buf.slice(0, i);
      buf = buf.slice(i + 2);
      let event = 'message';
      const data = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length) yield [event, JSON.parse(data.join('\n'))];
    }
  }
}

async function nextWithin(it, ms = 10_000) {
  const t = sleep(ms).then(() => { throw new Error(`no SSE event within ${ms} ms`); });
  return Promise.race([it.next(), t]);
}

describe('status stream (beyond GenAuth)', () => {
  it('follows SCAN and CANCEL, then closes', async () => {
    const w = web(POST);
    const p = await phone();
    const qrcodeId = await gene(w);
    const events = sse(qrcodeId);
    assert.deepEqual((await nextWithin(events)).value, ['status', { status: 'PENDING' }]);
    ok(await p.c.setQrCodeStatus({ qrcodeId, action: 'SCAN' }));
    const [, scanned] = (await nextWithin(events)).value;
    assert.equal(scanned.status, 'SCANNED');
    assert.equal(scanned.briefUserInfo.displayName, p.user.nickname);
    ok(await p.c.setQrCodeStatus({ qrcodeId, action: 'CANCEL' }));
    const [, cancelled] = (await nextWithin(events)).value;
    assert.equal(cancelled.status, 'CANCELLED');
    assert.equal((await nextWithin(events)).done, true, 'a final state closes the stream');
  });
});

// ------------------------------------------------- pool settings ---
// Expiry and the two flags through the pool's security settings (updateSecuritySettings with
// qrcodeLoginStrategy), restored afterwards: codes and tickets of a few seconds.

const STRATEGY_KEYS = ['qrcodeExpiresIn', 'ticketExpiresIn', 'returnFullUserInfo', 'allowExchangeUserInfoFromBrowser'];

async function withStrategy(fields, body) {
  const before = ok(await mgmt.getSecuritySettings()).qrcodeLoginStrategy;
  const now = ok(await mgmt.updateSecuritySettings({ qrcodeLoginStrategy: fields })).qrcodeLoginStrategy;
  for (const [k, v] of Object.entries(fields)) assert.equal(now[k], v, JSON.stringify(now));
  try {
    return await body();
  } finally {
    const restore = Object.fromEntries(STRATEGY_KEYS.map((k) => [k, before[k]]));
    ok(await mgmt.updateSecuritySettings({ qrcodeLoginStrategy: restore }));
  }
}

describe('pool settings (qrcodeLoginStrategy)', () => {
  it('codes and tickets expire', async () => {
    const w = web(POST);
    const p = await phone();
    const born = Date.now();
    const [pending, scanned, ticket] = await withStrategy({ qrcodeExpiresIn: 2, ticketExpiresIn: 2 }, async () => {
      const ids = [await gene(w), await gene(w)];
      ok(await p.c.setQrCodeStatus({ qrcodeId: ids[1], action: 'SCAN' }));
      return [...ids, await authorizedTicket(w, p)];
    });
    assert.deepEqual(ok(await w.getQrCodeStatus({ qrcodeId: pending })), { status: 'PENDING' });
    await sleep(2500 - (Date.now() - born));
    for (const qrcodeId of [pending, scanned]) {
      assert.deepEqual(ok(await w.getQrCodeStatus({ qrcodeId })), { status: 'EXPIRED' });
      assert.deepEqual(ok(await w.checkQrCodeStatus({ qrcodeId })), { status: 'EXPIRED' });
    }
    apiErr(await p.c.setQrCodeStatus({ qrcodeId: pending, action: 'SCAN' }), 400);
    apiErr(await p.c.changeQrCodeStatus({ qrcodeId: scanned, action: 'CONFIRM' }), 400);
    apiErr(await p.c.setQrCodeStatus({ qrcodeId: scanned, action: 'CANCEL' }), 400);
    apiErr(await w.exchangeTokenSetWithQrCodeTicket({
      ticket, client_id: apps[POST].appId, client_secret: apps[POST].appSecret,
    }), 400, 40021);
    assert.deepEqual(ok(await w.getQrCodeStatus({ qrcodeId: await gene(w) })), { status: 'PENDING' });
  });

  it('returnFullUserInfo: the poll carries the TokenSet, no ticket', async () => {
    const w = web(POST);
    const p = await phone();
    const qrcodeId = await withStrategy({ returnFullUserInfo: true }, async () => {
      const id = await gene(w);
      ok(await p.c.setQrCodeStatus({ qrcodeId: id, action: 'SCAN' }));
      ok(await p.c.setQrCodeStatus({ qrcodeId: id, action: 'CONFIRM' }));
      return id;
    });
    const st = ok(await w.getQrCodeStatus({ qrcodeId }));
    assert.equal(st.status, 'AUTHORIZED');
    assert.ok(!st.ticket, JSON.stringify(st));
    assertTokenSet(st.tokenSet, apps[POST].appId, p.user.userId);
  });

  it('allowExchangeUserInfoFromBrowser: a confidential app exchanges without its secret', async () => {
    const p = await phone();
    for (const name of [POST, BASIC]) {
      const app = apps[name];
      const browser = web(NONE, { app });
      const [t1, t2] = [await authorizedTicket(browser, p), await authorizedTicket(browser, p)];
      await withStrategy({ allowExchangeUserInfoFromBrowser: true }, async () => {
        apiErr(await browser.exchangeTokenSetWithQrCodeTicket({ ticket: t1, client_id: app.appId, client_secret: 'wrong' }),
          401, 40110);
        assertTokenSet(ok(await browser.exchangeTokenSetWithQrCodeTicket({ ticket: t1 })), app.appId, p.user.userId);
      });
      apiErr(await browser.exchangeTokenSetWithQrCodeTicket({ ticket: t2 }), 401, 40110);
    }
  });
});
