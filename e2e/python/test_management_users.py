"""Management API, users — driven through the official Python SDK (authing==5.1.0).

Spec: /api/v3 envelope §1.7, management token §1.6.1, users §5.3.1, errors §6.
Every call goes through `authing.ManagementClient` (Bearer management token);
the SDK never inspects `statusCode` on ordinary calls, so the tests do.
"""
import re
from datetime import datetime

import pytest
import requests

from authing import ManagementClient
from authing.AuthingException import AuthingException  # raised by ManagementTokenProvider
from authing.ManagementTokenProvider import ManagementTokenProvider

from helpers import err, ok


def _iso(ts):
    assert isinstance(ts, str) and ts, ts
    return datetime.fromisoformat(ts.replace("Z", "+00:00"))


# --------------------------------------------------------------------------
# Management token (§1.6.1)
# --------------------------------------------------------------------------


def test_management_token_envelope(env):
    r = requests.post(
        env.url + "/api/v3/get-management-token",
        json={"accessKeyId": env.access_key_id, "accessKeySecret": env.access_key_secret},
        timeout=10,
    )
    assert r.status_code == 200
    data = ok(r.json())
    assert isinstance(data["access_token"], str) and data["access_token"].count(".") == 2
    # Python computes the cache expiry as int(time.time()) + expires_in.
    assert type(data["expires_in"]) is int and data["expires_in"] > 60, data


def test_management_token_decodable_by_sdk_every_time(env):
    """The SDK decodes the payload with *standard* base64 and reads scoped_userpool_id.

    A payload segment containing '-' or '_' breaks that decode, which would make
    the SDK fail for a random fraction of tokens; fetch many to catch it.
    """
    for _ in range(25):
        provider = ManagementTokenProvider(env.url, env.access_key_id, env.access_key_secret)
        token, pool_id = provider.get_access_token()
        assert pool_id == env.user_pool_id
        assert re.fullmatch(r"[A-Za-z0-9]+", token.split(".")[1]), token


def test_wrong_secret_makes_token_fetch_raise(env):
    client = ManagementClient(
        access_key_id=env.access_key_id,
        access_key_secret=env.access_key_secret + "x",
        host=env.url,
    )
    with pytest.raises(AuthingException) as exc_info:
        client.get_user(user_id="whoever")
    assert exc_info.value.statusCode == 401, str(exc_info.value)


def test_unknown_access_key_makes_token_fetch_raise(env):
    client = ManagementClient(
        access_key_id="no-such-access-key", access_key_secret="whatever", host=env.url
    )
    with pytest.raises(AuthingException) as exc_info:
        client.list_users()
    assert exc_info.value.statusCode == 401, str(exc_info.value)


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer not-a-jwt", "Bearer eyJhbGciOiJub25lIn0.eyJzY29wZWRfdXNlcnBvb2xfaWQiOiJ4In0."],
    ids=["no-authorization", "garbage-bearer", "unsigned-jwt"],
)
def test_management_call_without_valid_token_is_401_envelope(env, authorization):
    headers = {"authorization": authorization} if authorization else {}
    r = requests.get(
        env.url + "/api/v3/get-user", params={"userId": "x"}, headers=headers, timeout=10
    )
    # Envelope errors are HTTP 200 (the Node SDK rejects any non-2xx).
    assert r.status_code == 200, r.text
    err(r.json(), 401)


# --------------------------------------------------------------------------
# create-user
# --------------------------------------------------------------------------


def test_create_user_username_password(make_user, ids):
    username = ids.username()
    user = make_user(
        username=username,
        password="S3cret-pass!",
        name="Alice Example",
        nickname="ally",
        gender="F",
        company="Acme",
    )
    assert user["username"] == username
    assert user["name"] == "Alice Example"
    assert user["nickname"] == "ally"
    assert user["gender"] == "F"
    assert user["company"] == "Acme"
    assert user["status"] == "Activated"
    assert user.get("photo"), "a default avatar is assigned (spec §5.3.1; real SDK test asserts it)"
    assert user.get("loginsCount") == 0
    assert not user.get("lastLogin")
    _iso(user["createdAt"])
    _iso(user["updatedAt"])
    for secret in ("password", "passwordHash", "salt", "hash"):
        assert secret not in user, "secret material %r leaked in %r" % (secret, user)


def test_create_user_email_only(make_user, ids):
    email = ids.email()
    user = make_user(email=email, email_verified=True)
    assert user["email"] == email
    assert user["emailVerified"] is True
    assert user["status"] == "Activated"
    assert not user.get("username")


def test_create_user_phone_only(make_user, ids):
    phone = ids.phone()
    user = make_user(phone=phone, phone_country_code="+86")
    assert user["phone"] == phone
    assert user["phoneCountryCode"] == "+86"
    assert user["phoneVerified"] is False


def test_create_user_without_any_identifier_is_400(mgmt):
    # Real service: "Must contain one of the following fields: username, phone, email"
    err(mgmt.create_user(name="nobody"), 400)


def test_create_user_with_malformed_email_is_400(mgmt):
    # Real service: "参数 email 格式错误"
    err(mgmt.create_user(email="test1@qqq"), 400)


@pytest.mark.parametrize("field", ["email", "username", "phone", "external_id"])
def test_create_duplicate_is_409(mgmt, make_user, ids, field):
    base = {"username": ids.username(), "email": ids.email(), "phone": ids.phone(),
            "external_id": ids.external_id()}
    make_user(**base)
    dup_value = base[field].upper() if field == "email" else base[field]
    # Only the duplicated field collides; the rest of the identifiers are fresh.
    other = {"username": ids.username()} if field != "username" else {"email": ids.email()}
    other[field] = dup_value
    resp = mgmt.create_user(**other)
    if resp.get("statusCode") == 200:  # do not leak the wrongly created user
        mgmt.delete_users_batch(user_ids=[resp["data"]["userId"]])
    err(resp, 409)


# --------------------------------------------------------------------------
# get-user / get-user-batch
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def full_user(mgmt, ids):
    fields = {
        "username": ids.username(),
        "email": ids.email(),
        "phone": ids.phone(),
        "phone_country_code": "+86",
        "external_id": ids.external_id(),
        "nickname": "full",
    }
    user = ok(mgmt.create_user(**fields))
    yield user
    mgmt.delete_users_batch(user_ids=[user["userId"]])


@pytest.mark.parametrize(
    "id_type,value_of",
    [
        ("user_id", lambda u: u["userId"]),
        ("username", lambda u: u["username"]),
        ("email", lambda u: u["email"]),
        ("email", lambda u: u["email"].upper()),
        ("phone", lambda u: u["phone"]),
        ("external_id", lambda u: u["externalId"]),
    ],
    ids=["user_id", "username", "email", "email-uppercase", "phone", "external_id"],
)
def test_get_user_by_id_type(mgmt, full_user, id_type, value_of):
    data = ok(mgmt.get_user(user_id=value_of(full_user), user_id_type=id_type))
    assert data["userId"] == full_user["userId"]
    assert data["email"] == full_user["email"]
    assert data["nickname"] == "full"


def test_get_user_default_id_type_is_user_id(mgmt, full_user):
    data = ok(mgmt.get_user(user_id=full_user["userId"]))
    assert data["userId"] == full_user["userId"]


def test_get_user_with_flags_false_omits_optional_members(mgmt, full_user):
    # Python sends booleans as "False" in the query string.
    data = ok(
        mgmt.get_user(
            user_id=full_user["userId"],
            with_custom_data=False,
            with_identities=False,
            with_department_ids=False,
            flat_custom_data=False,
        )
    )
    assert data["userId"] == full_user["userId"]
    assert not data.get("customData")
    assert not data.get("identities")
    assert not data.get("departmentIds")


def test_get_user_with_flags_true_includes_optional_members(mgmt, full_user):
    data = ok(
        mgmt.get_user(
            user_id=full_user["userId"],
            with_custom_data=True,
            with_identities=True,
            with_department_ids=True,
        )
    )
    assert isinstance(data.get("customData"), dict), data
    assert isinstance(data.get("identities"), list), data
    assert isinstance(data.get("departmentIds"), list), data


def test_get_user_unknown_is_404(mgmt, ids):
    err(mgmt.get_user(user_id="no-such-user-" + ids.tag()), 404)
    err(mgmt.get_user(user_id=ids.email(), user_id_type="email"), 404)


def test_get_user_missing_user_id_is_400(mgmt):
    # user_id=None is dropped by requests -> no userId in the query at all.
    err(mgmt.get_user(user_id=None), 400)


def test_get_user_bad_user_id_type_is_400(mgmt, full_user):
    err(mgmt.get_user(user_id=full_user["userId"], user_id_type="bogus"), 400)


def test_get_user_malformed_email_is_400(mgmt):
    # Real service: "参数 userId 格式错误"
    err(mgmt.get_user(user_id="test#x.com", user_id_type="email"), 400)


def test_get_user_batch(mgmt, make_user, ids):
    users = [make_user(username=ids.username()) for _ in range(3)]
    wanted = {u["userId"] for u in users}
    # list -> userIds=a&userIds=b&userIds=c
    data = ok(mgmt.get_user_batch(user_ids=[u["userId"] for u in users]))
    assert isinstance(data, list)
    assert {u["userId"] for u in data} == wanted
    # the SDK docstring types user_ids as str: "a,b,c"
    data = ok(mgmt.get_user_batch(user_ids=",".join(u["userId"] for u in users)))
    assert {u["userId"] for u in data} == wanted
    # another id type
    data = ok(mgmt.get_user_batch(user_ids=[u["username"] for u in users], user_id_type="username"))
    assert {u["userId"] for u in data} == wanted


def test_get_user_batch_without_ids_is_400(mgmt):
    # Real service: "参数 userIds 格式错误"
    err(mgmt.get_user_batch(user_ids=[]), 400)


# --------------------------------------------------------------------------
# list-users (POST)
# --------------------------------------------------------------------------


def test_list_users_keyword_and_paging(mgmt, make_user, ids):
    tag = ids.tag()
    created = {make_user(username="%s_%d" % (tag, i), nickname="n%d" % i)["userId"] for i in range(5)}

    seen = []
    for page, expected_len in [(1, 2), (2, 2), (3, 1)]:
        data = ok(mgmt.list_users(keywords=tag, options={"pagination": {"page": page, "limit": 2}}))
        assert data["totalCount"] == 5, data
        assert len(data["list"]) == expected_len, data
        seen += [u["userId"] for u in data["list"]]
    assert len(seen) == len(set(seen)), "pages overlap: %r" % seen
    assert set(seen) == created

    data = ok(mgmt.list_users(keywords=tag, options={"pagination": {"page": 4, "limit": 2}}))
    assert data["totalCount"] == 5 and data["list"] == []


def test_list_users_no_match(mgmt, ids):
    data = ok(mgmt.list_users(keywords="nomatch" + ids.tag()))
    assert data["totalCount"] == 0 and data["list"] == [], data


def test_list_users_defaults(mgmt, make_user, ids):
    for _ in range(11):
        make_user(username=ids.username())
    data = ok(mgmt.list_users())
    assert data["totalCount"] >= 11
    assert len(data["list"]) == 10, "default limit is 10"
    for u in data["list"]:
        assert u["userId"] and u["status"]
        assert "password" not in u


def test_list_users_limit_50_is_accepted(mgmt):
    data = ok(mgmt.list_users(options={"pagination": {"page": 1, "limit": 50}}))
    assert len(data["list"]) <= 50


@pytest.mark.parametrize(
    "pagination",
    [{"page": 1, "limit": 51}, {"page": 1, "limit": 220}, {"page": 0}, {"limit": 0}],
    ids=["limit-51", "limit-220", "page-0", "limit-0"],
)
def test_list_users_bad_pagination_is_400(mgmt, pagination):
    # Real service: "limit must less than 50", "参数 page 格式错误", "参数 limit 格式错误"
    err(mgmt.list_users(options={"pagination": pagination}), 400)


# --------------------------------------------------------------------------
# update-user
# --------------------------------------------------------------------------


def test_update_user_profile_fields(mgmt, make_user, ids):
    username = ids.username()
    email = ids.email()
    user = make_user(username=username, email=email, nickname="before")
    data = ok(
        mgmt.update_user(
            user_id=user["userId"],
            nickname="after",
            name="Bob Updated",
            gender="M",
            company="Initech",
            city="Berlin",
            given_name="Bob",
            family_name="Updated",
        )
    )
    assert data["userId"] == user["userId"]
    assert data["nickname"] == "after"
    assert data["name"] == "Bob Updated"
    assert data["gender"] == "M"
    assert data["company"] == "Initech"
    # persisted, and untouched fields are kept
    got = ok(mgmt.get_user(user_id=user["userId"]))
    assert got["nickname"] == "after"
    assert got["city"] == "Berlin"
    assert got["givenName"] == "Bob" and got["familyName"] == "Updated"
    assert got["username"] == username
    assert got["email"] == email
    assert _iso(got["updatedAt"]) >= _iso(user["updatedAt"])


def test_update_user_status(mgmt, make_user, ids):
    user = make_user(username=ids.username())
    data = ok(mgmt.update_user(user_id=user["userId"], status="Suspended"))
    assert data["status"] == "Suspended"
    assert ok(mgmt.get_user(user_id=user["userId"]))["status"] == "Suspended"
    assert ok(mgmt.update_user(user_id=user["userId"], status="Activated"))["status"] == "Activated"


def test_update_user_email_then_lookup(mgmt, make_user, ids):
    user = make_user(username=ids.username())
    new_email = ids.email()
    assert ok(mgmt.update_user(user_id=user["userId"], email=new_email))["email"] == new_email
    got = ok(mgmt.get_user(user_id=new_email.upper(), user_id_type="email"))
    assert got["userId"] == user["userId"]


def test_update_user_bad_status_is_400(mgmt, make_user, ids):
    user = make_user(username=ids.username())
    err(mgmt.update_user(user_id=user["userId"], status="Bogus"), 400)
    assert ok(mgmt.get_user(user_id=user["userId"]))["status"] == "Activated"


def test_update_user_missing_user_id_is_400(mgmt):
    err(mgmt.update_user(user_id=None, nickname="x"), 400)


def test_update_unknown_user_is_404(mgmt, ids):
    err(mgmt.update_user(user_id="no-such-user-" + ids.tag(), nickname="x"), 404)


def test_update_user_to_taken_email_is_409(mgmt, make_user, ids):
    taken = ids.email()
    make_user(email=taken)
    other = make_user(username=ids.username())
    err(mgmt.update_user(user_id=other["userId"], email=taken.upper()), 409)
    assert not ok(mgmt.get_user(user_id=other["userId"])).get("email")


# --------------------------------------------------------------------------
# is-user-exists
# --------------------------------------------------------------------------


def test_is_user_exists(mgmt, full_user, ids):
    assert ok(mgmt.is_user_exists(username=full_user["username"]))["exists"] is True
    assert ok(mgmt.is_user_exists(email=full_user["email"]))["exists"] is True
    assert ok(mgmt.is_user_exists(email=full_user["email"].upper()))["exists"] is True
    assert ok(mgmt.is_user_exists(phone=full_user["phone"]))["exists"] is True
    assert ok(mgmt.is_user_exists(external_id=full_user["externalId"]))["exists"] is True
    assert ok(mgmt.is_user_exists(username=ids.username()))["exists"] is False
    assert ok(mgmt.is_user_exists(email=ids.email()))["exists"] is False


def test_is_user_exists_without_criteria_is_400(mgmt):
    # Real service: "参数 username, email, phone, externalId 格式错误"
    err(mgmt.is_user_exists(), 400)


# --------------------------------------------------------------------------
# delete-users-batch
# --------------------------------------------------------------------------


def test_delete_users_batch(mgmt, ids):
    users = [ok(mgmt.create_user(username=ids.username(), email=ids.email())) for _ in range(2)]
    user_ids = [u["userId"] for u in users]
    data = ok(mgmt.delete_users_batch(user_ids=user_ids))
    assert data["success"] is True
    for u in users:
        err(mgmt.get_user(user_id=u["userId"]), 404)
        err(mgmt.get_user(user_id=u["email"], user_id_type="email"), 404)
        assert ok(mgmt.is_user_exists(username=u["username"]))["exists"] is False
    # identifiers are free again
    again = ok(mgmt.create_user(username=users[0]["username"], email=users[0]["email"]))
    assert again["userId"] not in user_ids
    ok(mgmt.delete_users_batch(user_ids=[again["userId"]]))


def test_delete_users_batch_by_username(mgmt, ids):
    user = ok(mgmt.create_user(username=ids.username()))
    data = ok(mgmt.delete_users_batch(user_ids=[user["username"]], options={"userIdType": "username"}))
    assert data["success"] is True
    err(mgmt.get_user(user_id=user["userId"]), 404)


def test_delete_users_batch_empty_is_400(mgmt):
    # Real service: "参数 userIds 格式错误"
    err(mgmt.delete_users_batch(user_ids=[]), 400)
