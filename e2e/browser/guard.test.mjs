// GenAuth's Guard widget `@authing/guard` (pinned in package.json) in redirect mode against
// authgate in headless Chromium, from an application on another origin (sdk_app.mjs): it loads
// the application's public configuration (a credentialed cross-origin fetch), then sends the
// user to authgate's hosted login page; after signing in, its callback exchanges the code.
// From an origin the application did not register, the configuration cannot be read.
//
// Environment (set by e2e/run.sh): AUTHGATE_URL, AUTHGATE_ACCESS_KEY_ID,
// AUTHGATE_ACCESS_KEY_SECRET. Optional: E2E_CHROMIUM.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumArgs, env, management, startApp } from './sdk_app.mjs';

const SERVER = env('AUTHGATE_URL');
const CHROMIUM = process.env.E2E_CHROMIUM || '/usr/bin/chromium';
const USERNAME = `guard_${Date.now().toString(36)}`;
const PASSWORD = 'guard-pass-1';

let app;
let stranger;
let appId;
let appSecret;
let context;
let profileDir;
const failures = [];

before(async () => {
  const api = await management(SERVER);
  await api('/api/v3/create-user', { username: USERNAME, password: PASSWORD });
  app = await startApp();
  stranger = await startApp();
  ({ appId } = await api('/api/v3/create-application', {
    appName: 'Guard shop',
    appType: 'spa',
    redirectUris: [`${app.origin}/guard-callback`],
    logoutRedirectUris: [`${app.origin}/guard.html`],
    tokenEndpointAuthMethod: 'none',
  }));
  ({ secret: appSecret } = await api(`/api/v3/get-application-secret?appId=${appId}`));
  assert.ok(appSecret);
  // Guard is given authgate's address as is (it accepts a port).
  const guard = { appId, host: SERVER, redirectUri: `${app.origin}/guard-callback`, mode: 'normal' };
  app.config = { guard };
  stranger.config = { guard };
  profileDir = mkdtempSync(join(tmpdir(), 'authgate-guard-'));
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: chromiumArgs(SERVER),
    viewport: { width: 800, height: 700 },
  });
  // Whatever Guard loads from authgate must exist: no 404 / 5xx it would choke on.
  context.on('response', (r) => {
    if (r.url().startsWith(SERVER) && r.status() >= 400) failures.push(`${r.status()} ${r.url()}`);
  });
});

after(async () => {
  await context?.close();
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  await app?.close();
  await stranger?.close();
});

test('Guard redirect mode: public config, then the hosted login; the callback gets tokens', async () => {
  const page = await context.newPage();
  await page.goto(`${app.origin}/guard.html`);
  await page.waitForFunction(() => window.guardConfig !== undefined);
  const config = await page.evaluate(() => window.guardConfig);
  assert.equal(config.id, appId, JSON.stringify(config));
  assert.deepEqual(config.oidcConfig.redirect_uris, [`${app.origin}/guard-callback`]);
  assert.equal(config.oidcConfig.token_endpoint_auth_method, 'none');
  assert.ok(!JSON.stringify(config).includes(appSecret), 'not the application secret');

  await page.evaluate(() => { guard.startWithRedirect(); });
  await page.waitForURL((u) => u.href.startsWith(`${SERVER}/login`), { timeout: 15_000 });
  assert.equal(new URL(page.url()).searchParams.get('app_id'), appId);
  assert.ok(await page.isVisible('#f-account'), 'the hosted login form');

  await page.fill('#f-account', USERNAME);
  await page.fill('#f-password', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForURL((u) => u.origin === app.origin && u.pathname === '/guard-callback', {
    timeout: 15_000,
  });
  assert.ok(new URL(page.url()).searchParams.get('code'), 'a code in the query');
  await page.waitForFunction(() => window.guardConfig !== undefined);
  await page.evaluate(() => guard.handleRedirectCallback());
  const idToken = await page.evaluate(() => localStorage.getItem('idToken'));
  const claims = JSON.parse(Buffer.from(idToken.split('.')[1], 'base64url').toString());
  assert.equal(claims.aud, appId);
  assert.deepEqual(failures, []);
  await page.close();
});

test('Guard on an origin the application did not register cannot read its configuration', async () => {
  const page = await context.newPage();
  await page.goto(`${stranger.origin}/guard.html`);
  await page.waitForFunction(() => window.guardConfig !== undefined);
  const config = await page.evaluate(() => window.guardConfig);
  assert.match(config.failed ?? '', /Failed to fetch/, JSON.stringify(config));
  await page.close();
});
