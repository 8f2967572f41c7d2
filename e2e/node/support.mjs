// Shared support of the Node e2e suites: the environment run.sh exports, and envelope checks.

import assert from 'node:assert/strict';

/** A variable exported by e2e/run.sh; missing means the suite was not started through it. */
export function env(name) {
  const v = process.env[name];
  if (!v) throw new Error(`missing env ${name} — run the suite through e2e/run.sh`);
  return v;
}

export const URL_ = env('AUTHGATE_URL').replace(/\/+$/, '');
export const AK = env('AUTHGATE_ACCESS_KEY_ID');
export const SK = env('AUTHGATE_ACCESS_KEY_SECRET');

/** A successful envelope's data. */
export function ok(resp) {
  assert.equal(typeof resp, 'object', `expected an envelope, got ${JSON.stringify(resp)}`);
  assert.equal(resp.statusCode, 200, `expected statusCode 200, got ${JSON.stringify(resp)}`);
  return resp.data;
}

/** An error envelope with `status` (and `apiCode` when given) and a non-empty message. */
export function apiErr(resp, status, apiCode) {
  assert.equal(typeof resp, 'object', `expected an envelope, got ${JSON.stringify(resp)}`);
  assert.equal(resp.statusCode, status, `expected statusCode ${status}, got ${JSON.stringify(resp)}`);
  assert.ok(typeof resp.message === 'string' && resp.message.length > 0, JSON.stringify(resp));
  if (apiCode !== undefined) assert.equal(resp.apiCode, apiCode, JSON.stringify(resp));
  return resp;
}

// ------------------------------------------------------------------------------------------
// The hosted login page driven over HTTP: a browser without JavaScript (fetch + a cookie jar
// honouring Path) that follows authgate's redirects itself and stops at the first one leaving
// the server (the relying party's callback), so no callback server is needed.
// ------------------------------------------------------------------------------------------

const unescapeHtml = (s) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&#x27;/g, "'")
  .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The hidden inputs of the form of `html` that posts to `action`. */
export function formFields(html, action) {
  const esc = action.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = html.match(new RegExp(`<form[^>]*action="${esc}"[^>]*>([\\s\\S]*?)</form>`));
  assert.ok(m, `no form posting to ${action} in:\n${html.slice(0, 2000)}`);
  const fields = {};
  for (const tag of m[1].match(/<input[^>]*>/g) ?? []) {
    if (!tag.includes('type="hidden"')) continue;
    const name = tag.match(/name="([^"]*)"/);
    const value = tag.match(/value="([^"]*)"/);
    if (name) fields[unescapeHtml(name[1])] = unescapeHtml(value ? value[1] : '');
  }
  return fields;
}

/** Query (else fragment) parameters of `url` as an object. */
export function queryOf(url) {
  const u = new URL(url);
  return Object.fromEntries(new URLSearchParams(u.search || u.hash.slice(1)));
}

export class Browser {
  constructor(base = URL_) {
    this.base = base.replace(/\/+$/, '');
    this.jar = new Map(); // name -> { value, path }
  }

  cookie(name) {
    return this.jar.get(name)?.value;
  }

  #keep(resp) {
    for (const line of resp.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const path = attrs.find((a) => /^path=/i.test(a))?.slice(5) || '/';
      const gone = attrs.some((a) => /^max-age=0$/i.test(a)) || value === '';
      if (gone) this.jar.delete(name);
      else this.jar.set(name, { value, path });
    }
  }

  #cookieHeader(url) {
    const path = new URL(url).pathname;
    return [...this.jar].filter(([, c]) => path === c.path || path.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`) || c.path === '/')
      .map(([n, c]) => `${n}=${c.value}`).join('; ');
  }

  async request(url, init = {}) {
    const headers = { ...(init.headers ?? {}), cookie: this.#cookieHeader(url) };
    const resp = await fetch(url, { ...init, headers, redirect: 'manual' });
    this.#keep(resp);
    return resp;
  }

  /** GETs `url` following redirects while they stay on authgate: { url } when one left it,
   *  else { status, html } of the page shown. */
  async walk(url) {
    for (let hop = 0; hop < 12; hop++) {
      const resp = await this.request(url);
      if (![301, 302, 303, 307, 308].includes(resp.status)) {
        return { status: resp.status, html: await resp.text() };
      }
      await resp.arrayBuffer();
      url = new URL(resp.headers.get('location'), url).href;
      if (!(url === this.base || url.startsWith(`${this.base}/`))) return { url };
    }
    throw new Error(`too many redirects, last ${url}`);
  }

  /** Posts the password form of the login page `page` ({status, html}); returns the walk that
   *  follows its 303 to `next`. */
  async signIn(page, account, password) {
    assert.ok(page.status === 200 && page.html?.includes('/login/password'),
      `expected the hosted login page, got ${page.status} ${page.html?.slice(0, 500)}`);
    const fields = formFields(page.html, '/login/password');
    assert.ok(fields.csrf && this.cookie('authgate_login_csrf'), JSON.stringify(fields));
    const resp = await this.request(`${this.base}/login/password`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...fields, account, password }).toString(),
    });
    const text = await resp.text();
    assert.equal(resp.status, 303, `sign-in refused: ${resp.status} ${text.slice(0, 500)}`);
    assert.ok(this.cookie('authgate_session'), 'no SSO cookie after sign-in');
    return this.walk(new URL(resp.headers.get('location'), `${this.base}/login/password`).href);
  }

  /** Opens `url` (authorization or CAS login); signs in when the login page shows (and
   *  `account` is given); returns the URL the browser was sent back to. */
  async authorize(url, account, password) {
    let stop = await this.walk(url);
    if (!stop.url && account !== undefined) stop = await this.signIn(stop, account, password);
    assert.ok(stop.url, `expected a redirect back to the application, got ${stop.status} ${stop.html?.slice(0, 500)}`);
    return stop.url;
  }
}
