// A tiny browser application for the SDK tests: a static server on its own 127.0.0.1 port (so
// on another origin than authgate) serving pages that load GenAuth's real browser packages —
// `@authing/web` (with the axios build it depends on) and `@authing/guard` — straight from
// node_modules. No CDN, nothing built.
//
// Pages (all the same HTML per kind, so a redirect back lands on a page that runs the SDK):
//   /web.html, /callback, /logged-out   @authing/web as `window.sdk`; on a callback URL
//                                       `window.callback` is handleRedirectCallback()'s promise
//   /guard.html, /guard-callback        @authing/guard (ESM) as `window.guard`
// Their settings are the app's `config` (set once the origin is known), served as /config.js.
import { createServer } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

/** The first of `candidates` (paths relative to this folder) that exists. */
function firstFile(...candidates) {
  const found = candidates.map(here).find((p) => existsSync(p));
  if (!found) throw new Error(`none of ${candidates.join(', ')} exists (npm ci in e2e/browser)`);
  return found;
}

const VENDOR = {
  // @authing/web's global build expects `window.axios` (its own axios 1.x dependency).
  '/vendor/axios.js': firstFile(
    'node_modules/@authing/web/node_modules/axios/dist/axios.min.js',
    'node_modules/axios/dist/axios.min.js',
  ),
  '/vendor/authing-web.js': firstFile('node_modules/@authing/web/dist/global/index.global.js'),
  '/vendor/guard.js': firstFile('node_modules/@authing/guard/dist/esm/guard.min.js'),
  '/vendor/guard.css': firstFile('node_modules/@authing/guard/dist/esm/guard.min.css'),
};

const WEB_PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>web sdk app</title>
<script src="/config.js"></script>
<script src="/vendor/axios.js"></script>
<script src="/vendor/authing-web.js"></script>
</head><body><h1>web sdk app</h1>
<script>
  window.sdk = new AuthingFactory.Authing(APP_CONFIG.web);
  if (sdk.isRedirectCallback()) window.callback = sdk.handleRedirectCallback();
</script></body></html>`;

const GUARD_PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>guard app</title>
<link rel="stylesheet" href="/vendor/guard.css">
<script src="/config.js"></script>
</head><body><h1>guard app</h1>
<script type="module">
  import { Guard } from '/vendor/guard.js';
  window.guard = new Guard(APP_CONFIG.guard);
  // The constructor starts loading the public configuration; expose how that ends.
  window.guardConfig = guard.then((c) => c, (e) => ({ failed: String(e) }));
</script></body></html>`;

const PAGES = {
  '/web.html': WEB_PAGE,
  '/callback': WEB_PAGE,
  '/logged-out': WEB_PAGE,
  '/guard.html': GUARD_PAGE,
  '/guard-callback': GUARD_PAGE,
};

/**
 * Starts the application on a free 127.0.0.1 port. Returns `{origin, config, close}`; set
 * `config` to `{web, guard}`, the options of `new Authing(...)` and `new Guard(...)`.
 */
export async function startApp() {
  const app = { origin: '', config: {}, close: null };
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://app.invalid').pathname;
    const send = (status, type, body) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (path === '/config.js') {
      return send(200, 'text/javascript', `window.APP_CONFIG = ${JSON.stringify(app.config)};`);
    }
    if (path === '/favicon.ico') return send(204, 'image/x-icon', '');
    if (PAGES[path]) return send(200, 'text/html; charset=utf-8', PAGES[path]);
    if (VENDOR[path]) {
      const type = path.endsWith('.css') ? 'text/css' : 'text/javascript';
      return send(200, type, readFileSync(VENDOR[path]));
    }
    return send(404, 'text/plain', 'not found');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  app.origin = `http://127.0.0.1:${server.address().port}`;
  app.close = () => new Promise((resolve) => {
    server.closeAllConnections();
    server.close(resolve);
  });
  return app;
}

/** The value of environment variable `name` (set by e2e/run.sh). */
export function env(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set (run through e2e/run.sh)`);
  return v;
}

/**
 * A management API caller for `server`: `api(path, body)` POSTs `body` (GETs `path` without
 * one) and gives `data`, failing on an error.
 */
export async function management(server) {
  const t = await (await fetch(`${server}/api/v3/get-management-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      accessKeyId: env('AUTHGATE_ACCESS_KEY_ID'),
      accessKeySecret: env('AUTHGATE_ACCESS_KEY_SECRET'),
    }),
  })).json();
  const token = t.data?.access_token;
  if (!token) throw new Error(`no management token: ${JSON.stringify(t)}`);
  return async (path, body) => {
    const res = await fetch(`${server}${path}`, body === undefined
      ? { headers: { authorization: `Bearer ${token}` } }
      : {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
    const json = await res.json();
    if (json.statusCode !== 200) throw new Error(`${path}: ${JSON.stringify(json)}`);
    return json.data;
  };
}

/**
 * Chromium arguments for these tests. `@authing/web` accepts only a domain without a port
 * (its `domainC14n` rejects `host:port`), so the SDK is pointed at `http://127.0.0.1` and
 * Chromium sends port 80 of 127.0.0.1 to authgate's real port. The application stays on its
 * own port: another origin, the same site (so the silent-login iframe carries the SSO cookie,
 * as with an application and its identity server under one registrable domain).
 */
export function chromiumArgs(server) {
  const port = new URL(server).port;
  return ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--disable-features=HttpsUpgrades',
    `--host-resolver-rules=MAP 127.0.0.1:80 127.0.0.1:${port}`];
}
