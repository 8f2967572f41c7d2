// Every hosted flow in real headless Chromium with the application on ANOTHER site: its
// backend runs on its own port and is named `localhost`, authgate is `127.0.0.1`. Chromium
// applies the hosted pages' CSP `form-action` to the redirects that follow a form post (login
// form → /login/password → 303 next → 303 callback), and SameSite cookies to cross-site
// navigations: each flow starts at the application (which redirects to authgate, as a real one
// does), must land on the application's callback with a real code (exchanged at /oidc/token
// from here) and the right state, and no console message may mention the CSP.
//
// Environment (set by e2e/run.sh): see support.mjs; E2E_MAIL_LOG for the email codes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  SERVER, SHOTS, escapeHtml, launch, mailSink, management, startApp, watchConsole,
} from './support.mjs';

const PASSWORD = 'Cross-origin-1';
const NEW_PASSWORD = 'Cross-origin-2';
const TAG = Date.now().toString(36);

let api;
let rp;        // the application's backend, on http://localhost:<port>
let CB;        // its callback
let web;       // a first-party web application: password, email code, sign-up, CAS
let third;     // a third-party application (consent page)
let browser;
let context;

// The application's backend: `/go?to=` sends the browser to authgate (only there), `/cb`
// shows what it received (query or form post) as JSON, `/cas` its ticket, `/bye` a goodbye.
async function backend(req, url, body) {
  const show = (obj) => ({
    html: `<!doctype html><title>app</title><pre id="received">${escapeHtml(JSON.stringify(obj))}</pre>`,
  });
  switch (url.pathname) {
    case '/go': {
      const to = url.searchParams.get('to') ?? '';
      if (!to.startsWith(`${SERVER}/`)) return { status: 400, html: 'bad target' };
      return { status: 302, headers: { location: to } };
    }
    case '/cb':
      return show(req.method === 'POST'
        ? { method: 'POST', ...Object.fromEntries(new URLSearchParams(body)) }
        : { method: 'GET', ...Object.fromEntries(url.searchParams) });
    case '/cas':
    case '/bye':
      return show(Object.fromEntries(url.searchParams));
    default:
      return { status: 200, html: '' };
  }
}

async function createApp(fields) {
  const app = await api('/api/v3/create-application', {
    appType: 'web',
    redirectUris: [CB, `${rp.base}/cas`],
    logoutRedirectUris: [`${rp.base}/bye`],
    registerConfig: { enabledBasicRegisterMethods: ['EMAIL_PASSWORD'], defaultRegisterMethod: 'PASSWORD' },
    ...fields,
  });
  const { secret } = await api(`/api/v3/get-application-secret?appId=${app.appId}`, null, 'GET');
  return { id: app.appId, secret };
}

const LOGIN_METHODS = ['USERNAME_PASSWORD', 'EMAIL_PASSWORD', 'EMAIL_CODE'];

before(async () => {
  api = await management();
  rp = await startApp(backend, 'localhost');
  CB = `${rp.base}/cb`;
  web = await createApp({
    appName: 'Cross shop',
    casProviderEnabled: true,
    loginConfig: { enabledBasicLoginMethods: LOGIN_METHODS, showAuthorizationPage: false },
  });
  third = await createApp({
    appName: 'Cross partner',
    loginConfig: { enabledBasicLoginMethods: LOGIN_METHODS, showAuthorizationPage: true },
  });
  browser = await launch();
  context = browser.context;
});

after(async () => {
  await browser?.close();
  rp?.close();
});

let users = 0;
/** A new user with an email (and a username), password PASSWORD. */
async function newUser() {
  users += 1;
  const username = `x${TAG}${users}`;
  const email = `${username}@example.com`;
  const u = await api('/api/v3/create-user', { username, email, password: PASSWORD });
  return { id: u.userId, username, email };
}

/** The authorization URL of `client` with `params`. */
function authorize(client, params = {}) {
  const q = new URLSearchParams({
    client_id: client.id, redirect_uri: CB, response_type: 'code', scope: 'openid profile',
    state: `st-${TAG}`, ...params,
  });
  return `${SERVER}/oidc/auth?${q}`;
}

/** A new page without cookies, watched; `go(url)` starts at the application's origin. */
async function fresh() {
  await context.clearCookies();
  return open();
}

/** The console messages of each open page (shown when a landing does not happen). */
const consoles = new WeakMap();

async function open() {
  const page = await context.newPage();
  const seen = watchConsole(page);
  consoles.set(page, seen);
  return {
    page,
    go: (url) => page.goto(`${rp.base}/go?${new URLSearchParams({ to: url })}`),
    /** Fails on any CSP report or script error. */
    async done(shot) {
      if (shot) await page.screenshot({ path: join(SHOTS, `cross-${shot}.png`), fullPage: true });
      const bad = seen.filter((m) => /Content Security Policy|pageerror/i.test(m));
      assert.deepEqual(bad, [], seen.join('\n'));
      await page.close();
    },
  };
}

/** Waits for the browser to land on `url`'s path at the application; answers what it got. */
async function landed(page, path = '/cb') {
  const target = `${rp.base}${path}`;
  try {
    await page.waitForURL((u) => u.href.split(/[?#]/)[0] === target, { timeout: 15_000 });
  } catch (e) {
    const seen = consoles.get(page) ?? [];
    throw new Error(`not at ${target} but ${page.url()}: ${e.message}\nconsole:\n${seen.join('\n')}`);
  }
  const received = JSON.parse(await page.textContent('#received'));
  const hash = new URL(page.url()).hash.slice(1);
  return { ...received, ...Object.fromEntries(new URLSearchParams(hash)) };
}

/** Redeems `code` of `client` at /oidc/token and answers the user's `sub`. */
async function exchange(client, code) {
  const tokens = await (await fetch(`${SERVER}/oidc/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'authorization_code', code, redirect_uri: CB,
      client_id: client.id, client_secret: client.secret,
    }),
  })).json();
  assert.ok(tokens.access_token, JSON.stringify(tokens));
  const me = await (await fetch(`${SERVER}/oidc/me`, {
    headers: { authorization: `Bearer ${tokens.access_token}` },
  })).json();
  return me.sub;
}

/** Lands with a code and the state, and the code is `user`'s. */
async function assertSignedIn(page, client, user, state = `st-${TAG}`) {
  const got = await landed(page);
  assert.equal(got.state, state, JSON.stringify(got));
  assert.match(got.code ?? '', /\S/, JSON.stringify(got));
  assert.equal(await exchange(client, got.code), user.id);
  return got;
}

const submit = 'form button.button:not(.secondary)';

/** Fills and posts the login page's password form. */
async function passwordForm(page, account, password = PASSWORD) {
  await page.waitForSelector('#f-password');
  await page.fill('#f-account', account);
  await page.fill('#f-password', password);
  await page.click(submit);
}

test('password sign-in through /oidc/auth lands on the callback', async () => {
  const user = await newUser();
  const { page, go, done } = await fresh();
  await go(authorize(web));
  assert.ok(page.url().startsWith(`${SERVER}/login?`), page.url());
  await passwordForm(page, user.username);
  await assertSignedIn(page, web, user);
  const session = (await context.cookies(SERVER)).find((c) => c.name === 'authgate_session');
  assert.equal(session?.sameSite, 'Lax');
  await done('password');
});

test('email-code sign-in lands on the callback', async () => {
  const user = await newUser();
  const { page, go, done } = await fresh();
  await go(authorize(web, { state: 'st-code' }));
  await page.click('a[href*="tab=code"]');
  await page.waitForSelector('#f-code');
  await page.fill('#f-account', user.email);
  const mark = mailSink.mark();
  await page.click('button[name=send]');
  await page.waitForURL((u) => u.pathname === '/login/code/send');
  const code = await mailSink.code(user.email, mark);
  await page.fill('#f-code', code);
  await page.click(submit);
  await assertSignedIn(page, web, user, 'st-code');
  await done('email-code');
});

test('sign-up from the login page lands on the callback', async () => {
  const { page, go, done } = await fresh();
  await go(authorize(web, { state: 'st-signup' }));
  await page.click('a[href^="/login/signup"]');
  await page.waitForSelector('#f-password');
  const email = `x${TAG}new@example.com`;
  await page.fill('#f-account', email);
  await page.fill('#f-password', PASSWORD);
  await page.click(submit);
  const got = await landed(page);
  assert.equal(got.state, 'st-signup');
  const sub = await exchange(web, got.code);
  const u = await api(`/api/v3/get-user?userId=${encodeURIComponent(sub)}`, null, 'GET');
  assert.equal(u.email, email);
  await done('signup');
});

test('forgot password, then sign in with the new one', async () => {
  const user = await newUser();
  const { page, go, done } = await fresh();
  await go(authorize(web, { state: 'st-forgot' }));
  await page.click('a[href^="/login/forgot-password"]');
  await page.waitForSelector('#f-code');
  await page.fill('#f-account', user.email);
  const mark = mailSink.mark();
  await page.click('button[name=send]');
  await page.waitForURL((u) => u.pathname === '/login/forgot-password/send-code');
  const code = await mailSink.code(user.email, mark);
  await page.fill('#f-code', code);
  await page.fill('#f-password', NEW_PASSWORD);
  await page.click(submit);
  await page.waitForURL((u) => u.pathname === '/login' && u.searchParams.get('done') === 'reset');
  await passwordForm(page, user.email, NEW_PASSWORD);
  await assertSignedIn(page, web, user, 'st-forgot');
  await done('forgot');
});

test('consent: "Allow" for a third-party application lands on the callback', async () => {
  const user = await newUser();
  const { page, go, done } = await fresh();
  await go(authorize(third, { state: 'st-consent' }));
  await passwordForm(page, user.username);
  await page.waitForSelector('button[value=approve]');
  await page.click('button[value=approve]');
  await assertSignedIn(page, third, user, 'st-consent');
  await done('consent');
});

test('prompt=select_account: "Continue" lands on the callback', async () => {
  const user = await newUser();
  const first = await fresh();
  await first.go(authorize(web));
  await passwordForm(first.page, user.username);
  await assertSignedIn(first.page, web, user);
  await first.done();

  const { page, go, done } = await open();
  await go(authorize(web, { prompt: 'select_account', state: 'st-select' }));
  await page.waitForSelector('button[value=continue]');
  await page.click('button[value=continue]');
  await assertSignedIn(page, web, user, 'st-select');
  await done('select-account');
});

test('prompt=none: a code with a session, login_required without', async () => {
  const user = await newUser();
  const first = await fresh();
  await first.go(authorize(web));
  await passwordForm(first.page, user.username);
  await assertSignedIn(first.page, web, user);
  await first.done();

  const signedIn = await open();
  await signedIn.go(authorize(web, { prompt: 'none', state: 'st-none' }));
  await assertSignedIn(signedIn.page, web, user, 'st-none');
  await signedIn.done();

  const { page, go, done } = await fresh();
  await go(authorize(web, { prompt: 'none', state: 'st-none2' }));
  const got = await landed(page);
  assert.equal(got.error, 'login_required', JSON.stringify(got));
  assert.equal(got.state, 'st-none2');
  assert.equal(got.code, undefined);
  await done();
});

for (const mode of ['query', 'fragment', 'form_post']) {
  test(`response_mode=${mode} after the login form lands on the callback`, async () => {
    const user = await newUser();
    const { page, go, done } = await fresh();
    await go(authorize(web, { response_mode: mode, state: `st-${mode}` }));
    await passwordForm(page, user.username);
    const got = await assertSignedIn(page, web, user, `st-${mode}`);
    assert.equal(got.method, mode === 'form_post' ? 'POST' : 'GET');
    const url = new URL(page.url());
    if (mode === 'fragment') assert.equal(url.search, '', 'the code is only in the fragment');
    if (mode === 'query') assert.equal(url.hash, '');
    await done(`mode-${mode}`);
  });
}

test('logout through /oidc/session/end returns to the registered address', async () => {
  const user = await newUser();
  const first = await fresh();
  await first.go(authorize(web));
  await passwordForm(first.page, user.username);
  await assertSignedIn(first.page, web, user);
  await first.done();

  const { page, go, done } = await open();
  const q = new URLSearchParams({
    client_id: web.id, post_logout_redirect_uri: `${rp.base}/bye`, state: 'st-bye',
  });
  await go(`${SERVER}/oidc/session/end?${q}`);
  const got = await landed(page, '/bye');
  assert.equal(got.state, 'st-bye');
  // Signed out: prompt=none cannot answer with a code any more.
  await go(authorize(web, { prompt: 'none' }));
  assert.equal((await landed(page)).error, 'login_required');
  await done('logout');
});

test('CAS login to a service on another site', async () => {
  const user = await newUser();
  const { page, go, done } = await fresh();
  const service = `${rp.base}/cas`;
  await go(`${SERVER}/cas-idp/${web.id}?${new URLSearchParams({ service })}`);
  await passwordForm(page, user.username);
  const got = await landed(page, '/cas');
  assert.match(got.ticket ?? '', /^ST-/, JSON.stringify(got));
  const v = await (await fetch(`${SERVER}/cas-idp/${web.id}/p3/serviceValidate?${new URLSearchParams({
    service, ticket: got.ticket, format: 'JSON',
  })}`)).json();
  assert.equal(v.serviceResponse?.authenticationSuccess?.user, user.username, JSON.stringify(v));
  await done('cas');
});
