// An organisation's story, driven through the official Node SDK (authing-node-sdk@4.0.1).
//
// Acme builds its department tree, hires people into it, gives them roles (default and a
// custom namespace), groups and resource grants, and checks who may do what — from the
// administrator's side (ManagementClient, HMAC-signed requests) and from the signed-in user's
// side (AuthenticationClient). Every write must show in the admin audit log, the sign-in in the
// user action log. Codes carry a per-run tag: the suite also runs on a reused database.
// The `it`s of the describe run in order and build on each other.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { env, URL_, AK, SK, ok, apiErr } from './support.mjs';

const require = createRequire(import.meta.url);
const { AuthenticationClient, ManagementClient } = require('authing-node-sdk');

const APP_ID = env('AUTHGATE_APP_ID');
const APP_SECRET = env('AUTHGATE_APP_SECRET');
const PASSWORD = 'Org-Story-42!';
const HOUR = 3600 * 1000;

const mgmt = new ManagementClient({ accessKeyId: AK, accessKeySecret: SK, host: URL_ });
const tag = 'no' + randomBytes(5).toString('hex');
const startedAt = Date.now() - 1000;
const org = `acme-${tag}`;
const ns = `ns-${tag}`;
const dept = {}; // name -> departmentId
const user = {}; // first name -> user
const uid = {}; // first name -> userId
const role = {
  dev: `developer-${tag}`, lead: `tech-lead-${tag}`, seller: `seller-${tag}`,
  contractor: `contractor-${tag}`, intern: `intern-${tag}`, auditor: `auditor-${tag}`,
};
const group = { oncall: `oncall-${tag}`, guild: `guild-${tag}` };
const res = { api: `orders-api-${tag}`, menu: `admin-menu-${tag}`, data: `reports-${tag}`, ledger: `ledger-${tag}` };

const ids = (page) => new Set(page.list.map((m) => m.userId));
const codes = (page) => new Set(page.list.map((r) => r.code));
const ours = (list) => list.filter((x) => x.resourceCode.endsWith(tag));
const actionsByCode = (list) => Object.fromEntries(ours(list).map((x) => [x.resourceCode, [...x.actions].sort()]));

async function signedIn(email) {
  const c = new AuthenticationClient({ appId: APP_ID, appSecret: APP_SECRET, appHost: URL_ });
  const tokens = ok(await c.signInByEmailPassword({ email, password: PASSWORD }));
  c.setAccessToken(tokens.access_token);
  return c;
}

after(async () => {
  // Best effort; codes are unique per run.
  await mgmt.deleteOrganization({ organizationCode: org });
  await mgmt.deleteRolesBatch({ codeList: [role.dev, role.lead, role.seller, role.contractor, role.intern] });
  await mgmt.deleteGroupsBatch({ codeList: Object.values(group) });
  await mgmt.deleteNamespacesBatch({ codeList: [ns] });
  if (Object.keys(uid).length) await mgmt.deleteUsersBatch({ userIds: Object.values(uid) });
});

describe('an organisation through the Node SDK', () => {
  it('builds the department tree and puts people in it', async () => {
    const o = ok(await mgmt.createOrganization({ organizationName: `Acme ${tag}`, organizationCode: org }));
    assert.equal(o.organizationCode, org);
    assert.ok(o.departmentId);
    dept.root = o.departmentId;
    for (const [name, parent] of [['engineering', 'root'], ['backend', 'engineering'],
      ['frontend', 'engineering'], ['sales', 'root'], ['qa', 'sales']]) {
      const d = ok(await mgmt.createDepartment({
        organizationCode: org, name, parentDepartmentId: dept[parent], code: `${name}-${tag}`,
      }));
      assert.equal(d.parentDepartmentId, dept[parent]);
      assert.equal(d.code, `${name}-${tag}`);
      dept[name] = d.departmentId;
    }
    for (const first of ['alice', 'bob', 'carol', 'dave', 'erin']) {
      const u = ok(await mgmt.createUser({
        username: `${first}_${tag}`, email: `${first}.${tag}@acme.example.com`, password: PASSWORD, name: first,
      }));
      assert.equal(u.email, `${first}.${tag}@acme.example.com`);
      user[first] = u;
      uid[first] = u.userId;
    }
    ok(await mgmt.addDepartmentMembers({ organizationCode: org, departmentId: dept.backend, userIds: [uid.alice, uid.bob] }));
    ok(await mgmt.addDepartmentMembers({ organizationCode: org, departmentId: dept.frontend, userIds: [uid.carol] }));
    ok(await mgmt.setUserDepartments({ userId: uid.erin, departments: [
      { departmentId: dept.qa, isMainDepartment: true }, { departmentId: dept.sales }] }));
    ok(await mgmt.setUserDepartments({ userId: uid.dave, departments: [
      { departmentId: dept.sales, isLeader: true, isMainDepartment: true }] }));
    const eng = ok(await mgmt.updateDepartment({ organizationCode: org, departmentId: dept.engineering, leaderUserIds: [uid.alice] }));
    assert.deepEqual(eng.leaderUserIds, [uid.alice]);

    const sales = ok(await mgmt.listDepartmentMembers({ organizationCode: org, departmentId: dept.sales }));
    assert.deepEqual(ids(sales), new Set([uid.dave, uid.erin]));
    const daves = ok(await mgmt.getUserDepartments({ userId: uid.dave }));
    assert.deepEqual(daves.list.map((d) => [d.departmentId, d.isLeader, d.isMainDepartment]), [[dept.sales, true, true]]);
    const erins = ok(await mgmt.getUserDepartments({ userId: uid.erin }));
    assert.deepEqual(new Set(erins.list.map((d) => d.departmentId)), new Set([dept.qa, dept.sales]));
  });

  it('moves QA under engineering and refuses cycles', async () => {
    const moved = ok(await mgmt.updateDepartment({ organizationCode: org, departmentId: dept.qa, parentDepartmentId: dept.engineering }));
    assert.equal(moved.parentDepartmentId, dept.engineering);
    for (const below of ['backend', 'qa', 'engineering']) {
      apiErr(await mgmt.updateDepartment({ organizationCode: org, departmentId: dept.engineering, parentDepartmentId: dept[below] }), 400, 40050);
    }
    apiErr(await mgmt.updateDepartment({ organizationCode: org, departmentId: dept.root, parentDepartmentId: dept.sales }), 400, 40051);
    const eng = ok(await mgmt.getDepartment({ organizationCode: org, departmentId: dept.engineering }));
    assert.equal(eng.parentDepartmentId, dept.root);

    const whole = ok(await mgmt.listDepartmentMembers({
      organizationCode: org, departmentId: dept.engineering, includeChildrenDepartments: true, limit: 50 }));
    assert.deepEqual(ids(whole), new Set([uid.alice, uid.bob, uid.carol, uid.erin]));
    assert.equal(whole.totalCount, 4);
    const direct = ok(await mgmt.listDepartmentMembers({ organizationCode: org, departmentId: dept.engineering }));
    assert.deepEqual(ids(direct), new Set([uid.alice]));
  });

  it('gives roles (default and custom namespace, timed) and groups', async () => {
    for (const key of ['dev', 'lead', 'seller', 'contractor', 'intern']) {
      const r = ok(await mgmt.createRole({ code: role[key], name: key }));
      assert.deepEqual([r.code, r.namespace, r.status], [role[key], 'default', 'ENABLE']);
    }
    assert.equal(ok(await mgmt.createNamespace({ code: ns, name: `Finance ${tag}` })).code, ns);
    assert.equal(ok(await mgmt.createRole({ code: role.auditor, namespace: ns })).namespace, ns);

    const users = (...names) => names.map((n) => ({ targetType: 'USER', targetIdentifier: uid[n] }));
    const depts = (name) => [{ targetType: 'DEPARTMENT', targetIdentifier: dept[name] }];
    ok(await mgmt.assignRole({ code: role.dev, targets: [...depts('backend'), ...users('carol')] }));
    ok(await mgmt.assignRole({ code: role.lead, targets: users('alice') }));
    ok(await mgmt.assignRole({ code: role.seller, targets: depts('sales') }));
    const now = Date.now();
    ok(await mgmt.assignRole({ code: role.contractor, targets: users('bob'), enableTime: now - HOUR, endTime: now + 2 * HOUR }));
    ok(await mgmt.assignRole({ code: role.intern, targets: users('bob'), enableTime: now - 2 * HOUR, endTime: now - HOUR }));
    ok(await mgmt.assignRole({ code: role.auditor, namespace: ns, targets: users('dave') }));

    assert.deepEqual(codes(ok(await mgmt.getUserRoles({ userId: uid.alice }))), new Set([role.dev, role.lead]));
    const bob = ok(await mgmt.getUserRoles({ userId: uid.bob }));
    assert.deepEqual(codes(bob), new Set([role.dev, role.contractor]));
    assert.equal(bob.totalCount, 2);
    assert.deepEqual(codes(ok(await mgmt.getUserRoles({ userId: uid.erin }))), new Set([role.seller]));
    const daveNs = ok(await mgmt.getUserRoles({ userId: uid.dave, namespace: ns }));
    assert.deepEqual(daveNs.list.map((r) => [r.code, r.namespace]), [[role.auditor, ns]]);

    assert.deepEqual(ids(ok(await mgmt.listRoleMembers({ code: role.dev }))), new Set([uid.carol]));
    assert.equal(ok(await mgmt.listRoleMembers({ code: role.intern })).totalCount, 0);
    assert.deepEqual(ids(ok(await mgmt.listRoleMembers({ code: role.auditor, namespace: ns }))), new Set([uid.dave]));

    const hasAny = async (name, roles) => ok(await mgmt.hasAnyRole({ userId: uid[name], roles })).hasAnyRole;
    assert.equal(await hasAny('bob', [{ code: role.intern }, { code: role.contractor }]), true);
    assert.equal(await hasAny('bob', [{ code: role.intern }]), false);
    assert.equal(await hasAny('carol', [{ code: role.lead }, { code: `nope-${tag}` }]), false);
    assert.equal(await hasAny('dave', [{ code: role.auditor, namespace: ns }]), true);
    assert.equal(await hasAny('dave', [{ code: role.auditor }]), false);

    const g = ok(await mgmt.createGroup({ code: group.oncall, name: 'On-call', description: 'pager' }));
    assert.deepEqual([g.code, g.name], [group.oncall, 'On-call']);
    ok(await mgmt.createGroup({ code: group.guild, name: 'Guild', description: '' }));
    ok(await mgmt.addGroupMembers({ code: group.oncall, userIds: [uid.bob, uid.carol] }));
    ok(await mgmt.addGroupMembers({ code: group.guild, userIds: [uid.carol] }));
    assert.deepEqual(codes(ok(await mgmt.getUserGroups({ userId: uid.carol }))), new Set(Object.values(group)));
    assert.deepEqual(codes(ok(await mgmt.getUserGroups({ userId: uid.bob }))), new Set([group.oncall]));
    assert.deepEqual(ids(ok(await mgmt.listGroupMembers({ code: group.oncall }))), new Set([uid.bob, uid.carol]));
  });

  it('creates resources, grants them to every kind of target and checks', async () => {
    const acts = (...names) => names.map((name) => ({ name, description: name }));
    const api = ok(await mgmt.createResource({ type: 'API', code: res.api, actions: acts('read', 'write'),
      apiIdentifier: 'https://api.acme.example.com/orders' }));
    assert.deepEqual([api.code, api.type, api.actions.map((a) => a.name)], [res.api, 'API', ['read', 'write']]);
    ok(await mgmt.createResource({ type: 'MENU', code: res.menu, actions: acts('show') }));
    ok(await mgmt.createResource({ type: 'DATA', code: res.data, actions: acts('read', 'export') }));
    ok(await mgmt.createResource({ type: 'DATA', code: res.ledger, namespace: ns, actions: acts('read', 'approve') }));

    const grant = async (targetType, targets, code, resourceType, actions, extra = {}, namespace) =>
      ok(await mgmt.authorizeResources({ namespace, list: [
        { targetType, targetIdentifiers: targets, resources: [{ code, resourceType, actions, ...extra }] }] }));
    await grant('USER', [uid.alice], res.menu, 'MENU', ['show']);
    await grant('ROLE', [role.dev], res.api, 'API', ['read']);
    await grant('ROLE', [role.lead], res.api, 'API', ['write']);
    await grant('GROUP', [group.oncall], res.data, 'DATA', ['read']);
    await grant('DEPARTMENT', [dept.engineering], res.data, 'DATA', ['export']);
    await grant('DEPARTMENT', [dept.qa], res.data, 'DATA', ['export'], { effect: 'DENY' });
    await grant('ROLE', [role.auditor], res.ledger, 'DATA', ['read', 'approve'], {}, ns);

    const allowed = async (name, resource, action, namespace) =>
      ok(await mgmt.isActionAllowed({ userId: uid[name], resource, action, namespace })).allowed;
    const cases = [
      ['alice', res.menu, 'show', true], ['bob', res.menu, 'show', false],
      ['alice', res.api, 'write', true], ['alice', res.api, 'read', true],
      ['carol', res.api, 'read', true], ['carol', res.api, 'write', false],
      ['dave', res.api, 'read', false], ['bob', res.data, 'read', true],
      ['alice', res.data, 'read', false], ['bob', res.data, 'export', true],
      ['erin', res.data, 'export', false], ['dave', res.data, 'export', false],
    ];
    const got = [];
    for (const [n, c, a] of cases) got.push([n, c, a, await allowed(n, c, a)]);
    assert.deepEqual(got, cases);
    assert.equal(await allowed('dave', res.ledger, 'approve', ns), true);
    assert.equal(await allowed('dave', res.ledger, 'approve'), false);

    const alice = ok(await mgmt.getUserAuthorizedResources({ userId: uid.alice }));
    assert.deepEqual(actionsByCode(alice.list), { [res.menu]: ['show'], [res.api]: ['read', 'write'], [res.data]: ['export'] });
    const qa = ok(await mgmt.getAuthorizedResources({ targetType: 'DEPARTMENT', targetIdentifier: dept.qa }));
    assert.equal(qa.totalCount, 0);
    const qaDenied = ok(await mgmt.getAuthorizedResources({ targetType: 'DEPARTMENT', targetIdentifier: dept.qa, withDenied: true }));
    assert.deepEqual(qaDenied.list.map((x) => [x.resourceCode, x.actions, x.effect]), [[res.data, ['export'], 'DENY']]);
    const targets = ok(await mgmt.getResourceAuthorizedTargets({ resource: res.data }));
    assert.deepEqual(new Set(targets.list.map((t) => `${t.targetType}:${t.targetIdentifier}`)),
      new Set([`GROUP:${group.oncall}`, `DEPARTMENT:${dept.engineering}`]));
    assert.equal(targets.totalCount, 2);
  });

  it("agrees with the signed-in user's own view", async () => {
    const alice = await signedIn(user.alice.email);
    const checks = ok(await alice.checkPermissionByStringResource({ resources: [res.api, res.menu, res.data], action: 'read' }));
    assert.deepEqual(Object.fromEntries(checks.checkResultList.map((c) => [c.resource, c.enabled])),
      { [res.api]: true, [res.menu]: false, [res.data]: false });
    const mine = ok(await alice.getAuthorizedResources({}));
    const theirs = ok(await mgmt.getUserAuthorizedResources({ userId: uid.alice }));
    assert.deepEqual(actionsByCode(mine.list), actionsByCode(theirs.list));
    assert.ok(actionsByCode(mine.list)[res.api]);

    const spec = await (await fetch(`${URL_}/openapi.json`)).json();
    if (!spec.paths || !spec.paths['/api/v3/get-my-role-list']) return; // not served yet
    const list = (d) => (Array.isArray(d) ? d : d.list);
    const myRoles = new Set(list(ok(await alice.getRoleList({}))).map((r) => r.code));
    assert.deepEqual(myRoles, codes(ok(await mgmt.getUserRoles({ userId: uid.alice }))));
    const carol = await signedIn(user.carol.email);
    assert.deepEqual(new Set(list(ok(await carol.getGroupList())).map((g) => g.code)), new Set(Object.values(group)));
    assert.deepEqual(new Set(list(ok(await alice.getDepartmentList({}))).map((d) => d.departmentId)),
      new Set([dept.engineering, dept.backend]));
  });

  it('finds every write in the admin audit log and the sign-in in the action log', async () => {
    // Every page: the other files of the suite may write in the same time window.
    const entries = async (operationType, resourceType) => {
      const found = [];
      for (let page = 1; ; page++) {
        const d = ok(await mgmt.getAdminAuditLogs({ userId: AK, operationType, resourceType, success: true,
          start: startedAt, pagination: { page, limit: 50 } }));
        for (const e of d.list) {
          assert.deepEqual([e.operationType, e.resourceType, e.adminUserId], [operationType, resourceType, AK]);
        }
        found.push(...d.list.filter((e) => (e.operationParam || '').includes(tag)));
        if (page * 50 >= d.totalCount || !d.list.length) return found;
      }
    };
    const roles = await entries('create', 'role');
    for (const code of [role.dev, role.lead, role.auditor]) {
      assert.ok(roles.some((e) => e.operationParam.includes(code)), code);
    }
    assert.ok((await entries('add', 'roleAssign')).length >= 6);
    const created = await entries('create', 'org');
    assert.equal(created.filter((e) => e.operationParam.includes('parentDepartmentId')).length, 5);
    const moves = (await entries('update', 'org')).filter((e) => e.operationParam.includes('parentDepartmentId'));
    assert.equal(moves.length, 1); // the refused moves left no entry
    assert.equal((await entries('add', 'authorization')).length, 7);
    const users = await entries('create', 'user');
    assert.equal(users.length, 5);
    for (const e of users) assert.ok(!e.operationParam.includes(PASSWORD) && e.operationParam.includes('[REDACTED]'));

    const logins = ok(await mgmt.getUserActionLogs({ userId: uid.alice, eventType: 'login', success: true, start: startedAt }));
    assert.ok(logins.totalCount >= 1);
    const e = logins.list[0];
    assert.deepEqual([e.userId, e.eventType, e.success, e.appId], [uid.alice, 'login', true, APP_ID]);
    assert.equal(ok(await mgmt.getUserActionLogs({ userId: uid.bob, eventType: 'login', start: startedAt })).totalCount, 0);
  });

  it('answers the mistakes SDK users make with error envelopes', async () => {
    apiErr(await mgmt.getRole({ code: `ghost-${tag}` }), 404, 40441);
    apiErr(await mgmt.assignRole({ code: `ghost-${tag}`, targets: [{ targetType: 'USER', targetIdentifier: uid.bob }] }), 404, 40441);
    apiErr(await mgmt.createRole({ code: role.dev }), 409, 40941);
    apiErr(await mgmt.createRole({ code: 'x', namespace: `no-ns-${tag}` }), 404, 40443);
    apiErr(await mgmt.listRoles({ limit: 51 }), 400);
    const bad = apiErr(await mgmt.createRole({ code: `bad code/${tag}` }), 400);
    assert.match(bad.message, /bad code\//);
    assert.equal(ok(await mgmt.listRoles({ keywords: tag, limit: 50 })).totalCount, 5);
  });
});
