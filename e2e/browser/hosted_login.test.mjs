// The hosted login page in real headless Chromium: the password tab signs in, the browser
// lands on `next` with the SSO session cookie, and the page runs under its CSP without errors.
//
// Environment (set by e2e/run.sh): AUTHGATE_URL, AUTHGATE_ACCESS_KEY_ID,
// AUTHGATE_ACCESS_KEY_SECRET. Optional: E2E_SCREENSHOT_DIR, E2E_CHROMIUM.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

function env(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set (run through e2e/run.sh)`);
  return v;
}

const SERVER = env('AUTHGATE_URL');
const CHROMIUM = process.env.E2E_CHROMIUM || '/usr/bin/chromium';
const SHOTS = process.env.E2E_SCREENSHOT_DIR || mkdtempSync(join(tmpdir(), 'authgate-shots-'));
const PASSWORD = 'browser-pass-2';
const USERNAME = `login_${Date.now().toString(36)}`;

let mgmtToken;
let appId;
let context;
let profileDir;

async function api(path, body) {
  const res = await fetch(`${SERVER}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${mgmtToken}` },
    body: JSON.stringify(body),
  });
  const json = await res.json();
  assert.equal(json.statusCode, 200, `${path}: ${JSON.stringify(json)}`);
  return json.data;
}

before(async () => {
  const t = await (await fetch(`${SERVER}/api/v3/get-management-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      accessKeyId: env('AUTHGATE_ACCESS_KEY_ID'),
      accessKeySecret: env('AUTHGATE_ACCESS_KEY_SECRET'),
    }),
  })).json();
  mgmtToken = t.data.access_token;
  await api('/api/v3/create-user', { username: USERNAME, password: PASSWORD });
  appId = (await api('/api/v3/create-application', {
    appName: 'Login shop', appType: 'web', redirectUris: ['http://127.0.0.1:9/cb'],
  })).appId;
  profileDir = mkdtempSync(join(tmpdir(), 'authgate-chromium-'));
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 640, height: 720 },
  });
});

after(async () => {
  await context?.close();
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
});

test('password tab: wrong password shows the error, the right one lands on next', async () => {
  const page = await context.newPage();
  const errors = [];
  // A refused form is answered 403 on purpose; Chromium logs that status, nothing else may be.
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().includes('status of 403')) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
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
