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
