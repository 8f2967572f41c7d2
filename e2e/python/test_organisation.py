"""An organisation's story, driven through the official Python SDK (authing==5.1.0).

Acme builds its department tree, hires people into it, gives them roles (in the default and
in a custom namespace), groups and resource grants, and checks who may do what — from the
administrator's side (ManagementClient, management token) and from the signed-in user's
side (AuthenticationClient). Every write must show in the admin audit log, the sign-in in the
user action log. All codes carry a per-run tag: the suite also runs on a reused database.

The tests of this module build on each other in file order (pytest keeps it); the shared
state lives in the module-scoped `acme` fixture.
"""
import time

import pytest
import requests

from helpers import api_err, ok, signed_in_client

PASSWORD = "Org-Story-42!"
HOUR_MS = 3600 * 1000


def _now_ms():
    return int(time.time() * 1000)


class Acme:
    """What the story has built so far (ids and codes)."""

    def __init__(self, tag):
        self.tag = tag
        self.started_ms = _now_ms() - 1000
        self.org = "acme-" + tag
        self.dept = {}  # name -> departmentId
        self.user = {}  # first name -> user dict
        self.ns = "ns-" + tag
        self.role = {  # logical name -> code
            "dev": "developer-" + tag,
            "lead": "tech-lead-" + tag,
            "seller": "seller-" + tag,
            "contractor": "contractor-" + tag,
            "intern": "intern-" + tag,
            "auditor": "auditor-" + tag,  # in the custom namespace
        }
        self.group = {"oncall": "oncall-" + tag, "guild": "guild-" + tag}
        self.res = {
            "api": "orders-api-" + tag,
            "menu": "admin-menu-" + tag,
            "data": "reports-" + tag,
            "ledger": "ledger-" + tag,  # in the custom namespace
        }


@pytest.fixture(scope="module")
def acme(mgmt, ids):
    a = Acme(ids.tag())
    yield a
    # Best-effort teardown; codes are unique per run, so leftovers never collide.
    mgmt.delete_organization(organization_code=a.org)
    mgmt.delete_roles_batch(code_list=[c for k, c in a.role.items() if k != "auditor"])
    mgmt.delete_groups_batch(code_list=list(a.group.values()))
    mgmt.delete_namespaces_batch(code_list=[a.ns])
    if a.user:
        mgmt.delete_users_batch(user_ids=[u["userId"] for u in a.user.values()])


def _member_ids(page):
    return {m["userId"] for m in page["list"]}


def _codes(page):
    return {r["code"] for r in page["list"]}


# --------------------------------------------------------------------------
# Organisation, departments, people
# --------------------------------------------------------------------------


def test_org_tree_and_people(mgmt, acme):
    org = ok(mgmt.create_organization(metadata=None, organization_name="Acme " + acme.tag,
                                      organization_code=acme.org, description="the story"))
    assert org["organizationCode"] == acme.org
    assert org["organizationName"] == "Acme " + acme.tag
    root = org["departmentId"]
    assert root
    acme.dept["root"] = root

    def dept(name, parent):
        d = ok(mgmt.create_department(organization_code=acme.org, name=name.title(),
                                      parent_department_id=acme.dept[parent], metadata=None,
                                      code="%s-%s" % (name, acme.tag)))
        assert d["name"] == name.title()
        assert d["parentDepartmentId"] == acme.dept[parent]
        assert d["code"] == "%s-%s" % (name, acme.tag)
        acme.dept[name] = d["departmentId"]
        return d

    dept("engineering", "root")
    dept("backend", "engineering")
    dept("frontend", "engineering")
    dept("sales", "root")
    dept("qa", "sales")  # created in the wrong place; moved below

    for first in ("alice", "bob", "carol", "dave", "erin"):
        u = ok(mgmt.create_user(username="%s_%s" % (first, acme.tag),
                                email="%s.%s@acme.example.com" % (first, acme.tag),
                                password=PASSWORD, name=first.title()))
        assert u["username"] == "%s_%s" % (first, acme.tag)
        acme.user[first] = u
    uid = {k: v["userId"] for k, v in acme.user.items()}

    # alice + bob in backend, carol in frontend, dave in sales.
    ok(mgmt.add_department_members(user_ids=[uid["alice"], uid["bob"]],
                                   organization_code=acme.org, department_id=acme.dept["backend"]))
    ok(mgmt.add_department_members(user_ids=[uid["carol"]], organization_code=acme.org,
                                   department_id=acme.dept["frontend"]))
    # Adding twice is harmless.
    ok(mgmt.add_department_members(user_ids=[uid["carol"]], organization_code=acme.org,
                                   department_id=acme.dept["frontend"]))
    # erin: QA, her main department, and sales.
    ok(mgmt.set_user_departments(user_id=uid["erin"], departments=[
        {"departmentId": acme.dept["qa"], "isMainDepartment": True},
        {"departmentId": acme.dept["sales"]},
    ]))
    # dave leads sales (set-user-departments with isLeader).
    ok(mgmt.set_user_departments(user_id=uid["dave"], departments=[
        {"departmentId": acme.dept["sales"], "isLeader": True, "isMainDepartment": True},
    ]))
    # alice leads engineering (leaders become members).
    d = ok(mgmt.update_department(organization_code=acme.org, department_id=acme.dept["engineering"],
                                  leader_user_ids=[uid["alice"]]))
    assert d["leaderUserIds"] == [uid["alice"]]

    sales = ok(mgmt.list_department_members(organization_code=acme.org,
                                            department_id=acme.dept["sales"]))
    assert _member_ids(sales) == {uid["dave"], uid["erin"]}
    assert sales["totalCount"] == 2
    deps = ok(mgmt.get_user_departments(user_id=uid["dave"]))
    assert [(x["departmentId"], x["isLeader"], x["isMainDepartment"]) for x in deps["list"]] == [
        (acme.dept["sales"], True, True)]
    erin = ok(mgmt.get_user_departments(user_id=uid["erin"], with_department_paths=True))
    by_id = {x["departmentId"]: x for x in erin["list"]}
    assert set(by_id) == {acme.dept["qa"], acme.dept["sales"]}
    assert by_id[acme.dept["qa"]]["isMainDepartment"] is True
    assert by_id[acme.dept["sales"]]["isMainDepartment"] is False
    assert by_id[acme.dept["qa"]]["departmentNamePath"] == ["Acme " + acme.tag, "Sales", "Qa"]


def test_move_department_and_refuse_cycles(mgmt, acme):
    # QA moves from sales to engineering, with its member.
    moved = ok(mgmt.update_department(organization_code=acme.org, department_id=acme.dept["qa"],
                                      parent_department_id=acme.dept["engineering"]))
    assert moved["parentDepartmentId"] == acme.dept["engineering"]
    assert moved["parentDepartmentCode"] == "engineering-" + acme.tag
    # Engineering under its own sub-department: a cycle, refused.
    for below in ("backend", "qa", "engineering"):
        api_err(mgmt.update_department(organization_code=acme.org,
                                       department_id=acme.dept["engineering"],
                                       parent_department_id=acme.dept[below]), 400, 40050)
    # The root never moves.
    api_err(mgmt.update_department(organization_code=acme.org, department_id=acme.dept["root"],
                                   parent_department_id=acme.dept["sales"]), 400, 40051)
    # Nothing of the refused moves happened.
    eng = ok(mgmt.get_department(organization_code=acme.org,
                                 department_id=acme.dept["engineering"]))
    assert eng["parentDepartmentId"] == acme.dept["root"]
    assert eng["leaderUserIds"] == [acme.user["alice"]["userId"]]

    uid = {k: v["userId"] for k, v in acme.user.items()}
    whole = ok(mgmt.list_department_members(organization_code=acme.org,
                                            department_id=acme.dept["engineering"],
                                            include_children_departments=True, limit=50))
    # alice (leader + backend, listed once), bob, carol, erin (through QA).
    assert _member_ids(whole) == {uid["alice"], uid["bob"], uid["carol"], uid["erin"]}
    assert whole["totalCount"] == 4
    direct = ok(mgmt.list_department_members(organization_code=acme.org,
                                             department_id=acme.dept["engineering"]))
    assert _member_ids(direct) == {uid["alice"]}
    sales = ok(mgmt.list_department_members(organization_code=acme.org,
                                            department_id=acme.dept["sales"],
                                            include_children_departments=True))
    assert _member_ids(sales) == {uid["dave"], uid["erin"]}  # erin stayed a direct member


# --------------------------------------------------------------------------
# Roles and groups
# --------------------------------------------------------------------------


def test_roles_and_groups(mgmt, acme):
    uid = {k: v["userId"] for k, v in acme.user.items()}
    r = acme.role
    for key in ("dev", "lead", "seller", "contractor", "intern"):
        role = ok(mgmt.create_role(code=r[key], name=key.title(), description="role " + key))
        assert role["code"] == r[key]
        assert role["namespace"] == "default"
        assert role["status"] == "ENABLE"
    ns = ok(mgmt.create_namespace(code=acme.ns, name="Finance " + acme.tag))
    assert ns["code"] == acme.ns
    aud = ok(mgmt.create_role(code=r["auditor"], namespace=acme.ns, name="Auditor"))
    assert aud["namespace"] == acme.ns

    user = lambda *names: [{"targetType": "USER", "targetIdentifier": uid[n]} for n in names]
    dept = lambda name: [{"targetType": "DEPARTMENT", "targetIdentifier": acme.dept[name]}]
    ok(mgmt.assign_role(code=r["dev"], targets=dept("backend") + user("carol")))
    ok(mgmt.assign_role(code=r["lead"], targets=user("alice")))
    ok(mgmt.assign_role(code=r["seller"], targets=dept("sales")))
    now = _now_ms()
    # bob is a contractor for two more hours; his internship ended an hour ago.
    ok(mgmt.assign_role(code=r["contractor"], targets=user("bob"),
                        enable_time=now - HOUR_MS, end_time=now + 2 * HOUR_MS))
    ok(mgmt.assign_role(code=r["intern"], targets=user("bob"),
                        enable_time=now - 2 * HOUR_MS, end_time=now - HOUR_MS))
    ok(mgmt.assign_role(code=r["auditor"], namespace=acme.ns, targets=user("dave")))

    # alice: lead directly, dev through backend.
    alice = ok(mgmt.get_user_roles(user_id=uid["alice"]))
    assert {x["code"] for x in alice["list"]} == {r["dev"], r["lead"]}
    bob = ok(mgmt.get_user_roles(user_id=uid["bob"]))
    assert {x["code"] for x in bob["list"]} == {r["dev"], r["contractor"]}  # not the intern
    assert bob["totalCount"] == 2
    erin = ok(mgmt.get_user_roles(user_id=uid["erin"]))
    assert {x["code"] for x in erin["list"]} == {r["seller"]}
    dave_ns = ok(mgmt.get_user_roles(user_id=uid["dave"], namespace=acme.ns))
    assert [(x["code"], x["namespace"]) for x in dave_ns["list"]] == [(r["auditor"], acme.ns)]
    by_name = ok(mgmt.get_user_roles(user_id=acme.user["dave"]["username"], user_id_type="username"))
    assert {x["code"] for x in by_name["list"]} == {r["seller"]}

    members = ok(mgmt.list_role_members(code=r["dev"]))
    assert _member_ids(members) == {uid["carol"]}  # direct holders only
    assert members["totalCount"] == 1
    intern = ok(mgmt.list_role_members(code=r["intern"]))
    assert intern["totalCount"] == 0  # the window is over
    aud_members = ok(mgmt.list_role_members(code=r["auditor"], namespace=acme.ns))
    assert _member_ids(aud_members) == {uid["dave"]}

    def has_any(name, *codes, ns=None):
        roles = [{"code": c, "namespace": ns} if ns else {"code": c} for c in codes]
        return ok(mgmt.has_any_role(user_id=uid[name], roles=roles))["hasAnyRole"]

    assert has_any("bob", r["intern"], r["contractor"]) is True
    assert has_any("bob", r["intern"]) is False
    assert has_any("carol", r["lead"], "no-such-role-" + acme.tag) is False
    assert has_any("dave", r["auditor"], ns=acme.ns) is True
    assert has_any("dave", r["auditor"]) is False  # not in the default namespace

    # Groups.
    g = acme.group
    oncall = ok(mgmt.create_group(type="static", description="pager", name="On-call",
                                  code=g["oncall"]))
    assert oncall["code"] == g["oncall"] and oncall["name"] == "On-call"
    ok(mgmt.create_group(type="static", description="frontend guild", name="Guild", code=g["guild"]))
    ok(mgmt.add_group_members(code=g["oncall"], user_ids=[uid["bob"], uid["carol"]]))
    ok(mgmt.add_group_members(code=g["guild"], user_ids=[uid["carol"]]))
    assert _codes(ok(mgmt.get_user_groups(user_id=uid["carol"]))) == {g["oncall"], g["guild"]}
    assert _codes(ok(mgmt.get_user_groups(user_id=uid["bob"]))) == {g["oncall"]}
    assert ok(mgmt.get_user_groups(user_id=uid["alice"]))["totalCount"] == 0
    listed = ok(mgmt.list_group_members(code=g["oncall"]))
    assert _member_ids(listed) == {uid["bob"], uid["carol"]}


# --------------------------------------------------------------------------
# Resources and grants
# --------------------------------------------------------------------------


def test_resources_and_grants(mgmt, acme):
    uid = {k: v["userId"] for k, v in acme.user.items()}
    res, r, g = acme.res, acme.role, acme.group
    acts = lambda *names: [{"name": n, "description": n} for n in names]
    api = ok(mgmt.create_resource(type="API", code=res["api"], name="Orders API",
                                  actions=acts("read", "write"),
                                  api_identifier="https://api.acme.example.com/orders"))
    assert api["code"] == res["api"] and api["type"] == "API"
    assert [a["name"] for a in api["actions"]] == ["read", "write"]
    menu = ok(mgmt.create_resource(type="MENU", code=res["menu"], actions=acts("show")))
    assert menu["type"] == "MENU"
    ok(mgmt.create_resource(type="DATA", code=res["data"], actions=acts("read", "export")))
    led = ok(mgmt.create_resource(type="DATA", code=res["ledger"], namespace=acme.ns,
                                  actions=acts("read", "approve")))
    assert led["namespace"] == acme.ns

    def grant(target_type, targets, code, rtype, actions, effect=None, ns=None):
        item = {"code": code, "resourceType": rtype, "actions": actions}
        if effect:
            item["effect"] = effect  # authgate's extension (the SDK passes the list through)
        ok(mgmt.authorize_resources(namespace=ns, list=[
            {"targetType": target_type, "targetIdentifiers": targets, "resources": [item]}]))

    grant("USER", [uid["alice"]], res["menu"], "MENU", ["show"])
    grant("ROLE", [r["dev"]], res["api"], "API", ["read"])
    grant("ROLE", [r["lead"]], res["api"], "API", ["write"])
    grant("GROUP", [g["oncall"]], res["data"], "DATA", ["read"])
    grant("DEPARTMENT", [acme.dept["engineering"]], res["data"], "DATA", ["export"])
    grant("DEPARTMENT", [acme.dept["qa"]], res["data"], "DATA", ["export"], effect="DENY")
    grant("ROLE", [r["auditor"]], res["ledger"], "DATA", ["read", "approve"], ns=acme.ns)

    def allowed(name, code, action, ns=None):
        return ok(mgmt.is_action_allowed(user_id=uid[name], resource=code, action=action,
                                         namespace=ns))["allowed"]

    cases = [
        ("alice", res["menu"], "show", True),      # direct
        ("bob", res["menu"], "show", False),
        ("alice", res["api"], "write", True),      # role lead
        ("alice", res["api"], "read", True),       # role dev through backend
        ("carol", res["api"], "read", True),       # role dev directly
        ("carol", res["api"], "write", False),
        ("dave", res["api"], "read", False),
        ("bob", res["data"], "read", True),        # group on-call
        ("alice", res["data"], "read", False),
        ("bob", res["data"], "export", True),      # engineering reaches backend
        ("erin", res["data"], "export", False),    # DENY on QA beats engineering's ALLOW
        ("dave", res["data"], "export", False),
    ]
    got = [(n, c, a, allowed(n, c, a)) for n, c, a, _ in cases]
    assert got == cases
    assert allowed("dave", res["ledger"], "approve", ns=acme.ns) is True
    assert allowed("dave", res["ledger"], "approve") is False  # other namespace
    assert allowed("bob", res["ledger"], "read", ns=acme.ns) is False

    mine = ok(mgmt.get_user_authorized_resources(user_id=uid["alice"]))
    alice = {x["resourceCode"]: sorted(x["actions"]) for x in mine["list"]
             if x["resourceCode"].endswith(acme.tag)}
    assert alice == {res["menu"]: ["show"], res["api"]: ["read", "write"], res["data"]: ["export"]}
    menus = ok(mgmt.get_user_authorized_resources(user_id=uid["alice"], resource_type="MENU"))
    assert [x["resourceCode"] for x in menus["list"]] == [res["menu"]]

    qa = ok(mgmt.get_authorized_resources(target_type="DEPARTMENT",
                                          target_identifier=acme.dept["qa"]))
    assert qa["totalCount"] == 0  # only a DENY
    qa = ok(mgmt.get_authorized_resources(target_type="DEPARTMENT",
                                          target_identifier=acme.dept["qa"], with_denied=True))
    assert [(x["resourceCode"], x["actions"], x["effect"]) for x in qa["list"]] == [
        (res["data"], ["export"], "DENY")]
    lead = ok(mgmt.get_authorized_resources(target_type="ROLE", target_identifier=r["lead"]))
    assert [(x["resourceCode"], x["resourceType"], x["actions"]) for x in lead["list"]] == [
        (res["api"], "API", ["write"])]

    targets = ok(mgmt.get_resource_authorized_targets(resource=res["api"]))
    assert targets["totalCount"] == 2
    assert {(t["targetType"], t["targetIdentifier"]) for t in targets["list"]} == {
        ("ROLE", r["dev"]), ("ROLE", r["lead"])}
    data_targets = ok(mgmt.get_resource_authorized_targets(resource=res["data"]))
    assert {(t["targetType"], t["targetIdentifier"]) for t in data_targets["list"]} == {
        ("GROUP", g["oncall"]), ("DEPARTMENT", acme.dept["engineering"])}
    only_groups = ok(mgmt.get_resource_authorized_targets(resource=res["data"], target_type="GROUP"))
    assert [t["targetIdentifier"] for t in only_groups["list"]] == [g["oncall"]]


# --------------------------------------------------------------------------
# The user's side
# --------------------------------------------------------------------------


def _routed(env, path):
    spec = requests.get(env.url + "/openapi.json", timeout=10)
    return spec.status_code == 200 and path in spec.json().get("paths", {})


def test_user_side_agrees_with_management(env, mgmt, acme):
    uid = {k: v["userId"] for k, v in acme.user.items()}
    res = acme.res
    alice = signed_in_client(env, acme.user["alice"]["email"], PASSWORD)

    checks = ok(alice.check_permission_by_string_resource(
        resources=[res["api"], res["menu"], res["data"]], action="read"))
    got = {c["resource"]: c["enabled"] for c in checks["checkResultList"]}
    assert got == {res["api"]: True, res["menu"]: False, res["data"]: False}
    assert {c["action"] for c in checks["checkResultList"]} == {"read"}
    for resource, enabled in got.items():
        assert ok(mgmt.is_action_allowed(user_id=uid["alice"], resource=resource,
                                         action="read"))["allowed"] is enabled

    mine = ok(alice.get_authorized_resources())
    mine = {x["resourceCode"]: sorted(x["actions"]) for x in mine["list"]
            if x["resourceCode"].endswith(acme.tag)}
    theirs = ok(mgmt.get_user_authorized_resources(user_id=uid["alice"]))
    theirs = {x["resourceCode"]: sorted(x["actions"]) for x in theirs["list"]
              if x["resourceCode"].endswith(acme.tag)}
    assert mine == theirs and res["api"] in mine
    menus = ok(alice.get_authorized_resources(resource_type="MENU"))
    assert [x["resourceCode"] for x in menus["list"]] == [res["menu"]]

    if not _routed(env, "/api/v3/get-my-role-list"):
        return  # the signed-in user's role / group / department lists are not served yet
    roles = ok(alice.get_role_list())
    mine = {x["code"] for x in (roles["list"] if isinstance(roles, dict) else roles)}
    assert mine == _codes(ok(mgmt.get_user_roles(user_id=uid["alice"])))
    carol = signed_in_client(env, acme.user["carol"]["email"], PASSWORD)
    groups = ok(carol.get_group_list())
    groups = groups["list"] if isinstance(groups, dict) else groups
    assert {x["code"] for x in groups} == set(acme.group.values())
    depts = ok(alice.get_department_list())
    depts = depts["list"] if isinstance(depts, dict) else depts
    assert {x["departmentId"] for x in depts} == {acme.dept["engineering"], acme.dept["backend"]}


# --------------------------------------------------------------------------
# Logs
# --------------------------------------------------------------------------


def test_writes_are_in_the_admin_audit_log(env, mgmt, acme):
    def entries(operation_type, resource_type):
        found, page = [], 1
        while True:  # every page: other writes may share the time window
            data = ok(mgmt.get_admin_audit_logs(user_id=env.access_key_id,
                                                operation_type=operation_type,
                                                resource_type=resource_type, success=True,
                                                start=acme.started_ms,
                                                pagination={"page": page, "limit": 50}))
            assert all(e["operationType"] == operation_type and e["resourceType"] == resource_type
                       and e["adminUserId"] == env.access_key_id for e in data["list"]), data
            found += [e for e in data["list"] if acme.tag in (e.get("operationParam") or "")]
            if page * 50 >= data["totalCount"] or not data["list"]:
                return found
            page += 1

    roles = entries("create", "role")
    for key in ("dev", "lead", "auditor"):
        assert any(acme.role[key] in e["operationParam"] for e in roles), (key, roles)
    assert len(entries("add", "roleAssign")) >= 6
    orgs = entries("create", "org")
    assert any(acme.org in e["operationParam"] and "organizationName" in e["operationParam"]
               for e in orgs)
    assert len([e for e in orgs if "parentDepartmentId" in e["operationParam"]]) == 5
    # The refused moves left no entry: one successful move of QA plus the leader update.
    updates = entries("update", "org")
    assert len([e for e in updates if "parentDepartmentId" in e["operationParam"]]) == 1
    grants = entries("add", "authorization")
    assert len(grants) == 7
    assert entries("create", "resourceNamespace")
    users = entries("create", "user")
    assert len(users) == 5
    for e in users:  # the password is never in the log
        assert PASSWORD not in e["operationParam"] and "[REDACTED]" in e["operationParam"]


def test_sign_in_is_in_the_user_action_log(env, mgmt, acme):
    alice = acme.user["alice"]["userId"]
    data = ok(mgmt.get_user_action_logs(user_id=alice, event_type="login", success=True,
                                        start=acme.started_ms, pagination={"page": 1, "limit": 50}))
    assert data["totalCount"] >= 1
    e = data["list"][0]
    assert (e["userId"], e["eventType"], e["success"], e["appId"]) == (
        alice, "login", True, env.app_id)
    assert ok(mgmt.get_user_action_logs(user_id=acme.user["bob"]["userId"], event_type="login",
                                        start=acme.started_ms))["totalCount"] == 0


# --------------------------------------------------------------------------
# What SDK users get wrong
# --------------------------------------------------------------------------


def test_bad_inputs(mgmt, acme):
    api_err(mgmt.get_role(code="ghost-" + acme.tag), 404, 40441)
    api_err(mgmt.assign_role(code="ghost-" + acme.tag, targets=[
        {"targetType": "USER", "targetIdentifier": acme.user["bob"]["userId"]}]), 404, 40441)
    api_err(mgmt.create_role(code=acme.role["dev"]), 409, 40941)
    api_err(mgmt.create_role(code="x", namespace="no-ns-" + acme.tag), 404, 40443)
    api_err(mgmt.list_roles(limit=51), 400)
    api_err(mgmt.list_department_members(organization_code=acme.org,
                                         department_id=acme.dept["root"], limit=51), 400)
    bad = api_err(mgmt.create_role(code="bad code/" + acme.tag), 400)
    assert "bad code/" in bad["message"]
    api_err(mgmt.create_role(code=""), 400)
    # None of that created anything.
    assert ok(mgmt.list_roles(keywords=acme.tag, limit=50))["totalCount"] == 5
