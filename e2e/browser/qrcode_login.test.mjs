// The hosted QR login page in real headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core), with the authgate CLI as the phone: scan + confirm lands on the
// application's callback (which exchanges the code at /oidc/token); cancel and expiry show
// their texts; the refresh button brings a new code.
//
// Environment (set by e2e/run.sh): AUTHGATE_URL, AUTHGATE_ACCESS_KEY_ID,
// AUTHGATE_ACCESS_KEY_SECRET, AUTHGATE_APP_ID / AUTHGATE_APP_SECRET (the app the CLI signs in
// with), E2E_AUTHGATE_BIN (the CLI). Optional: E2E_SCREENSHOT_DIR (default: a temp dir),
// E2E_CHROMIUM (default /usr/bin/chromium).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  SERVER, SHOTS, env, escapeHtml, launch, management, startApp, watchErrors,
} from './support.mjs';

const run = promisify(execFile);

const BIN = env('E2E_AUTHGATE_BIN');
const PASSWORD = 'browser-pass-1';
const USERNAME = `browser_${Date.now().toString(36)}`;

let api;
let userId;
let appId;
let appSecret;
let callbackBase;
let callbackServer;
let browser;
let context;

// The application's backend: exchanges ?code at /oidc/token and says who signed in.
async function callback(req, url) {
  let body;
  try {
    const tokens = await (await fetch(`${SERVER}/oidc/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: url.searchParams.get('code') ?? '',
        redirect_uri: `${callbackBase}/callback`,
        client_id: appId,
        client_secret: appSecret,
      }),
    })).json();
    if (!tokens.access_token) throw new Error(JSON.stringify(tokens));
    const me = await (await fetch(`${SERVER}/oidc/me`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    })).json();
    body = `<h1 id="result">Signed in as ${escapeHtml(me.sub)}</h1>`
      + `<p id="state">${escapeHtml(url.searchParams.get('state'))}</p>`;
  } catch (e) {
    body = `<h1 id="result">Exchange failed</h1><pre>${escapeHtml(e.message)}</pre>`;
  }
  return { html: `<!doctype html><title>callback</title>${body}` };
}

// The phone: `authgate qr <action> <id>` signed in with account and password.
async function phone(action, id) {
  const { stdout } = await run(BIN, ['qr', action, id, '--server', SERVER,
    '--account', USERNAME, '--password', PASSWORD], { timeout: 30_000 });
  return stdout;
}

async function setQrValidity(seconds) {
  await api('/api/v3/update-security-settings', { qrcodeLoginStrategy: { qrcodeExpiresIn: seconds } });
}

async function openLogin(page, state) {
  const q = new URLSearchParams({ app_id: appId, redirect_uri: `${callbackBase}/callback`, state, lang: 'en-US' });
  await page.goto(`${SERVER}/login/qrcode?${q}`);
  const id = await page.getAttribute('#qr-login', 'data-qrcode-id');
  assert.match(id, /^[0-9a-f]{32}$/);
  return id;
}

before(async () => {
  api = await management();
  callbackServer = await startApp(callback);
  callbackBase = callbackServer.base;
  const user = await api('/api/v3/create-user', { username: USERNAME, password: PASSWORD, nickname: 'Browser Bea' });
  userId = user.userId;
  const app = await api('/api/v3/create-application', {
    appName: 'Browser shop', appType: 'web', redirectUris: [`${callbackBase}/callback`],
  });
  appId = app.appId;
  appSecret = (await api(`/api/v3/get-application-secret?appId=${appId}`, null, 'GET')).secret;
  browser = await launch();
  context = browser.context;
  console.log(`# screenshots in ${SHOTS}`);
});

after(async () => {
  await browser?.close();
  callbackServer?.close();
});

test('scan and confirm on the phone: the browser lands on the callback signed in', async () => {
  const page = await context.newPage();
  const errors = watchErrors(page);
  const id = await openLogin(page, 'st-confirm');
  assert.equal(await page.getAttribute('#qr-login', 'data-status'), 'PENDING');
  assert.ok(await page.isVisible('.qr svg'));

  assert.match(await phone('scan', id), /SCANNED/);
  await page.waitForSelector('.s-scanned', { state: 'visible' });
  assert.match(await page.textContent('.s-scanned'), /Scanned by Browser Bea\./);
  await page.screenshot({ path: join(SHOTS, 'confirm-scanned.png'), fullPage: true });

  await phone('confirm', id);
  await page.waitForURL((u) => u.href.startsWith(`${callbackBase}/callback?`), { timeout: 15_000 });
  assert.equal(await page.textContent('#result'), `Signed in as ${userId}`);
  assert.equal(await page.textContent('#state'), 'st-confirm');
  const cookies = await context.cookies(SERVER);
  const session = cookies.find((c) => c.name === 'authgate_session');
  assert.ok(session?.httpOnly, 'SSO session cookie set, HttpOnly');
  assert.equal(session.sameSite, 'Lax');
  assert.deepEqual(errors, []);
  await page.close();
});

test('cancel on the phone: the page says so (polling fallback, no EventSource)', async () => {
  const page = await context.newPage();
  await page.addInitScript(() => { delete window.EventSource; });
  const errors = watchErrors(page);
  const id = await openLogin(page, 'st-cancel');
  await phone('scan', id);
  await page.waitForSelector('.s-scanned', { state: 'visible' });
  await phone('cancel', id);
  await page.waitForSelector('.s-cancelled', { state: 'visible' });
  assert.equal(await page.textContent('.s-cancelled'), 'The sign-in was cancelled on the phone.');
  assert.ok(await page.isVisible('#qr-refresh'));
  assert.ok(page.url().startsWith(SERVER), 'no navigation');
  await page.screenshot({ path: join(SHOTS, 'cancelled.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test('expiry: the page says the code expired and the refresh button brings a new one', async () => {
  const page = await context.newPage();
  const errors = watchErrors(page);
  await setQrValidity(3);
  try {
    const first = await openLogin(page, 'st-expiry');
    await page.waitForSelector('.s-expired', { state: 'visible', timeout: 20_000 });
    assert.equal(await page.textContent('.s-expired'), 'This QR code has expired.');
    await page.screenshot({ path: join(SHOTS, 'expired.png'), fullPage: true });
    await setQrValidity(120);
    await Promise.all([page.waitForEvent('load'), page.click('#qr-refresh')]);
    const second = await page.getAttribute('#qr-login', 'data-qrcode-id');
    assert.match(second, /^[0-9a-f]{32}$/);
    assert.notEqual(second, first);
    await page.waitForSelector('.s-pending', { state: 'visible' });
  } finally {
    await setQrValidity(120);
  }
  assert.deepEqual(errors, []);
  await page.close();
});
