// The hosted login page in real headless Chromium: the password tab signs in, the browser
// lands on `next` with the SSO session cookie, and the page runs under its CSP without errors.
//
// Environment (set by e2e/run.sh): AUTHGATE_URL, AUTHGATE_ACCESS_KEY_ID,
// AUTHGATE_ACCESS_KEY_SECRET. Optional: E2E_SCREENSHOT_DIR, E2E_CHROMIUM.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SERVER, SHOTS, launch, management, watchErrors } from './support.mjs';

const PASSWORD = 'browser-pass-2';
const USERNAME = `login_${Date.now().toString(36)}`;

let appId;
let browser;
let context;

before(async () => {
  const api = await management();
  await api('/api/v3/create-user', { username: USERNAME, password: PASSWORD });
  appId = (await api('/api/v3/create-application', {
    appName: 'Login shop', appType: 'web', redirectUris: ['http://127.0.0.1:9/cb'],
  })).appId;
  browser = await launch();
  context = browser.context;
});

after(async () => {
  await browser?.close();
});

test('password tab: wrong password shows the error, the right one lands on next', async () => {
  const page = await context.newPage();
  // A refused form is answered 403 on purpose; Chromium logs that status, nothing else may be.
  const errors = watchErrors(page, (text) => text.includes('status of 403'));
  const next = `/login/signed-in?app_id=${appId}&lang=en-US`;
  const q = new URLSearchParams({ app_id: appId, next, login_hint: USERNAME, lang: 'en-US' });
  await page.goto(`${SERVER}/login?${q}`);
  assert.equal(await page.inputValue('#f-account'), USERNAME, 'login_hint pre-fills');

  await page.fill('#f-password', 'not the password');
  await Promise.all([page.waitForLoadState(), page.click('button[type=submit]')]);
  assert.match(await page.textContent('[role=alert]'), /password is incorrect/);
  await page.screenshot({ path: join(SHOTS, 'login-wrong-password.png'), fullPage: true });

  await page.fill('#f-password', PASSWORD);
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/login/signed-in', { timeout: 15_000 }),
    page.click('button[type=submit]'),
  ]);
  assert.equal(new URL(page.url()).search, new URL(`${SERVER}${next}`).search);
  assert.match(await page.textContent('main'), /You are signed in/);
  const session = (await context.cookies(SERVER)).find((c) => c.name === 'authgate_session');
  assert.ok(session?.httpOnly, 'SSO session cookie set, HttpOnly');
  await page.screenshot({ path: join(SHOTS, 'login-signed-in.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});
