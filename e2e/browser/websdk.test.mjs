// GenAuth's browser SDK `@authing/web` (pinned in package.json) against authgate in headless
// Chromium, from an application on another origin (sdk_app.mjs): redirect login → callback →
// tokens (and a refresh), silent login state (hidden iframe, response_mode=web_message,
// prompt=none), popup login, logout. The SDK is used as shipped; only its options are ours.
//
// Environment (set by e2e/run.sh): AUTHGATE_URL, AUTHGATE_ACCESS_KEY_ID,
// AUTHGATE_ACCESS_KEY_SECRET, AUTHGATE_USER_POOL_ID. Optional: E2E_CHROMIUM.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumArgs, env, management, startApp } from './sdk_app.mjs';

const SERVER = env('AUTHGATE_URL');
const CHROMIUM = process.env.E2E_CHROMIUM || '/usr/bin/chromium';
// What the SDK is given: no port (see chromiumArgs); Chromium maps it to SERVER.
const SDK_DOMAIN = 'http://127.0.0.1';
const USERNAME = `websdk_${Date.now().toString(36)}`;
const PASSWORD = 'web-sdk-pass-1';

let app;
let appId;
const contexts = [];

/** A fresh browser profile (no SSO session), with console output collected. */
async function newContext() {
  const dir = mkdtempSync(join(tmpdir(), 'authgate-websdk-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: chromiumArgs(SERVER),
    viewport: { width: 800, height: 700 },
  });
  const entry = { context, dir, console: [] };
  context.on('console', (m) => entry.console.push(`${m.type()}: ${m.text()}`));
  context.on('weberror', (e) => entry.console.push(`pageerror: ${e.error().message}`));
  contexts.push(entry);
  return entry;
}

/** Signs in on authgate's hosted login page shown in `page`. */
async function signIn(page) {
  await page.waitForURL((u) => u.pathname === '/login', { timeout: 15_000 });
  await page.fill('#f-account', USERNAME);
  await page.fill('#f-password', PASSWORD);
  await page.click('button[type=submit]');
}

/** Opens the application's SDK page. */
async function appPage(context, path = '/web.html') {
  const page = await context.newPage();
  await page.goto(`${app.origin}${path}`);
  await page.waitForFunction(() => window.sdk !== undefined);
  return page;
}

function assertLoginState(state) {
  assert.ok(state, 'a login state');
  assert.equal(typeof state.accessToken, 'string');
  assert.equal(typeof state.idToken, 'string');
  assert.equal(state.parsedIdToken.aud, appId, 'id token for this application');
  assert.equal(state.parsedAccessToken.aud, appId);
  assert.ok(state.expireAt > Date.now(), 'not expired');
}

before(async () => {
  const api = await management(SERVER);
  await api('/api/v3/create-user', { username: USERNAME, password: PASSWORD });
  app = await startApp();
  appId = (await api('/api/v3/create-application', {
    appName: 'Web SDK shop',
    appType: 'spa',
    redirectUris: [`${app.origin}/callback`],
    logoutRedirectUris: [`${app.origin}/logged-out`],
    tokenEndpointAuthMethod: 'none',
  })).appId;
  app.config = {
    web: {
      domain: SDK_DOMAIN,
      appId,
      userPoolId: env('AUTHGATE_USER_POOL_ID'),
      redirectUri: `${app.origin}/callback`,
      logoutRedirectUri: `${app.origin}/logged-out`,
      scope: 'openid profile username offline_access',
    },
  };
});

after(async () => {
  for (const c of contexts) {
    await c.context.close();
    rmSync(c.dir, { recursive: true, force: true });
  }
  await app?.close();
});

// Shared by the tests below, in order: the profile signed in by the redirect login.
let signedIn;

test('redirect login: hosted login page, callback, PKCE code exchange, user info', async () => {
  signedIn = await newContext();
  const page = await appPage(signedIn.context);
  const tokenAnswers = [];
  page.on('response', (r) => {
    if (new URL(r.url()).pathname === '/oidc/token') tokenAnswers.push(r);
  });
  // Not awaited: the SDK navigates away.
  await page.evaluate(() => { sdk.loginWithRedirect(); });
  await page.waitForURL((u) => u.pathname === '/login', { timeout: 15_000 });
  const authorize = new URL(page.url()).searchParams.get('app_id');
  assert.equal(authorize, appId, 'the hosted login page is for this application');
  await signIn(page);
  await page.waitForURL((u) => u.origin === app.origin && u.pathname === '/callback', {
    timeout: 15_000,
  }).catch((e) => { throw new Error(`${e.message}\nat ${page.url()}\n${signedIn.console.join('\n')}`); });
  assert.match(new URL(page.url()).hash, /code=/, 'the code in the fragment (the SDK default)');
  const state = await page.evaluate(() => window.callback);
  assertLoginState(state);
  assert.equal(state.parsedIdToken.username, USERNAME);

  // The token answer was readable cross-origin because the origin is registered.
  const post = tokenAnswers.find((r) => r.request().method() === 'POST');
  assert.ok(post, 'the SDK posted to /oidc/token');
  assert.equal(post.status(), 200);
  const h = await post.allHeaders();
  assert.equal(h['access-control-allow-origin'], app.origin);
  assert.equal(h['access-control-allow-credentials'], 'true');

  const profile = await page.evaluate(() => sdk.getUserInfo());
  assert.equal(profile.username, USERNAME, JSON.stringify(profile));

  // refreshToken() names the client in x-authing-app-id only; the refresh token rotates.
  assert.equal(typeof state.refreshToken, 'string', 'offline_access gave a refresh token');
  const renewed = await page.evaluate(() => sdk.refreshToken());
  assertLoginState(renewed);
  assert.notEqual(renewed.refreshToken, state.refreshToken);
  await page.close();
});

test('silent login state: hidden iframe with prompt=none answers by web_message', async () => {
  assert.ok(signedIn, 'needs the redirect login test');
  const page = await appPage(signedIn.context);
  const before = await page.evaluate(() => localStorage.length);
  assert.ok(before > 0, 'the redirect login stored a login state');
  const state = await page.evaluate(() => sdk.getLoginState({ ignoreCache: true }));
  assertLoginState(state);
  assert.equal(state.parsedIdToken.username, USERNAME);
  await page.close();

  // Without an SSO session the same call ends with login_required (the SDK logs 用户未登录,
  // "not signed in"), not with its 5 s timeout (登录态获取超时).
  const fresh = await newContext();
  const other = await appPage(fresh.context);
  assert.equal(await other.evaluate(() => sdk.getLoginState()), null);
  assert.ok(fresh.console.some((l) => l.includes('用户未登录')), fresh.console.join('\n'));
  assert.ok(!fresh.console.some((l) => l.includes('登录态获取超时')), fresh.console.join('\n'));
  await other.close();
});

test('popup login: the popup signs in and posts the code to the opener, then closes', async () => {
  const fresh = await newContext();
  const page = await appPage(fresh.context);
  const [popup] = await Promise.all([
    fresh.context.waitForEvent('page'),
    page.evaluate(() => { window.popupLogin = sdk.loginWithPopup(); }),
  ]);
  const closed = new Promise((resolve) => popup.on('close', resolve));
  await signIn(popup);
  const state = await page.evaluate(() => window.popupLogin);
  assertLoginState(state);
  assert.equal(state.parsedIdToken.username, USERNAME);
  await closed;
  assert.ok(popup.isClosed(), 'the web_message page closed the popup');
  assert.ok(!fresh.console.some((l) => l.startsWith('pageerror')), fresh.console.join('\n'));
  await page.close();
});

test('logout: the SDK ends the session at /oidc/session/end and comes back', async () => {
  assert.ok(signedIn, 'needs the redirect login test');
  const page = await appPage(signedIn.context);
  assert.ok(await page.evaluate(() => sdk.getLoginState()), 'signed in before');
  await page.evaluate(() => { sdk.logoutWithRedirect(); });
  await page.waitForURL((u) => u.origin === app.origin && u.pathname === '/logged-out', {
    timeout: 15_000,
  });
  await page.waitForFunction(() => window.sdk !== undefined);
  // The local state is gone and the SSO session too: the silent check finds nobody.
  assert.equal(await page.evaluate(() => sdk.getLoginState()), null);
  assert.ok(signedIn.console.some((l) => l.includes('用户未登录')), signedIn.console.join('\n'));
  await page.close();
});
