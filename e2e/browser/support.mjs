// What the browser suites share: the environment e2e/run.sh exports, the management API,
// headless Chromium, a watch on the page's console, an application backend on its own origin,
// and the SMTP sink's log.
//
// Environment (set by e2e/run.sh): AUTHGATE_URL, AUTHGATE_ACCESS_KEY_ID,
// AUTHGATE_ACCESS_KEY_SECRET; per suite also E2E_AUTHGATE_BIN, E2E_MAIL_LOG. Optional:
// E2E_SCREENSHOT_DIR (default: a temp dir), E2E_CHROMIUM (default /usr/bin/chromium).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';

/** A variable exported by e2e/run.sh. */
export function env(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set (run through e2e/run.sh)`);
  return v;
}

export const SERVER = env('AUTHGATE_URL');
export const CHROMIUM = process.env.E2E_CHROMIUM || '/usr/bin/chromium';
export const SHOTS = process.env.E2E_SCREENSHOT_DIR || mkdtempSync(join(tmpdir(), 'authgate-shots-'));

/** The management API with a token of the pool's access key: `api(path, body, method)`
 *  answers the envelope's data (asserting statusCode 200). */
export async function management() {
  const t = await (await fetch(`${SERVER}/api/v3/get-management-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      accessKeyId: env('AUTHGATE_ACCESS_KEY_ID'),
      accessKeySecret: env('AUTHGATE_ACCESS_KEY_SECRET'),
    }),
  })).json();
  const token = t.data.access_token;
  return async function api(path, body, method = 'POST') {
    const res = await fetch(`${SERVER}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: method === 'POST' ? JSON.stringify(body) : undefined,
    });
    const json = await res.json();
    assert.equal(json.statusCode, 200, `${path}: ${JSON.stringify(json)}`);
    return json.data;
  };
}

/** Headless Chromium with a fresh profile: `{ context, close }`. */
export async function launch() {
  const profileDir = mkdtempSync(join(tmpdir(), 'authgate-chromium-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 640, height: 720 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

/** The console errors and script errors of `page` (messages matching `ignore` left out). */
export function watchErrors(page, ignore = () => false) {
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error' && !ignore(m.text())) errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** Every console message of `page`, whatever its level (CSP reports come as errors or
 *  warnings depending on the directive). */
export function watchConsole(page) {
  const all = [];
  page.on('console', (m) => all.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => all.push(`pageerror: ${e.message}`));
  return all;
}

export function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** An application backend on its own port of 127.0.0.1: `handler(req, url, body)` answers
 *  `{ status?, headers?, html }`; `host` names it in its URLs (`localhost` makes it another
 *  site than authgate's 127.0.0.1). Answers `{ base, close }`. */
export async function startApp(handler, host = '127.0.0.1') {
  let base;
  const server = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const url = new URL(req.url, base);
    let out;
    try {
      out = await handler(req, url, Buffer.concat(chunks).toString());
    } catch (e) {
      out = { status: 500, html: `<h1 id="result">Failed</h1><pre>${escapeHtml(e.message)}</pre>` };
    }
    res.writeHead(out.status ?? 200, { 'content-type': 'text/html; charset=utf-8', ...(out.headers ?? {}) });
    res.end(out.html ?? '');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://${host}:${server.address().port}`;
  return { base, close: () => server.close() };
}

function readJsonl(path) {
  const out = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line) continue;
    try { out.push(JSON.parse(line)); } catch { /* a line still being written */ }
  }
  return out;
}

/** The SMTP sink's log (E2E_MAIL_LOG): `mark()` before asking for a code, then
 *  `code(address, mark)` waits (bounded, 10 s) for the mail to `address` and answers its code. */
export const mailSink = {
  mark() {
    try { return readJsonl(env('E2E_MAIL_LOG')).length; } catch { return 0; }
  },
  async code(address, mark) {
    const path = env('E2E_MAIL_LOG');
    const deadline = Date.now() + 10_000;
    for (;;) {
      let hits = [];
      try { hits = readJsonl(path).slice(mark); } catch { /* not written yet */ }
      const rec = hits.reverse().find((r) => !r.rejected
        && (r.to || []).some((t) => t.toLowerCase() === address.toLowerCase()));
      if (rec) {
        assert.match(rec.code ?? '', /^\d{6}$/, JSON.stringify(rec));
        return rec.code;
      }
      if (Date.now() > deadline) throw new Error(`no mail to ${address} in ${path} within 10s`);
      await sleep(50);
    }
  },
};
