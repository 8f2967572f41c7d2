#!/usr/bin/env python3
"""Lists every HTTP call of the official GenAuth SDKs as docs/compat/sdk-methods.json.

Usage: extract_sdk_methods.py <node-sdk-package-dir> <python-sdk-package-dir>
  node:   `npm pack authing-node-sdk@4.0.1 && tar xzf authing-node-sdk-4.0.1.tgz` -> package/
  python: `pip download --no-deps authing==5.1.0` and unzip the wheel -> authing/

Each entry is one (HTTP method, path) pair with the SDK method names that call it. The
server's compatibility test renders docs/compatibility.md from this list and the router.
"""
import json
import re
import sys
from pathlib import Path

NODE_METHOD = re.compile(r"^\s*public (?:async )?(\w+)\(", re.M)
PY_METHOD = re.compile(r"^    def (\w+)\(\s*self", re.M)
HTTP_METHOD = re.compile(r"""method:\s*["'](\w+)["']|method=["'](\w+)["']""")
# Methods whose endpoint is built from variables or that wrap another call: (verb, path).
# "CLIENT" marks helpers that never reach the server; "WS" the events WebSocket.
WRAPPERS = {
    "getAccessTokenByCode": ("POST", "/oidc/token"),
    "get_access_token_by_code": ("POST", "/oidc/token"),
    "handleRedirectCallback": ("POST", "/oidc/token"),
    "getAccessTokenByClientCredentials": ("POST", "/oidc/token"),
    "get_access_token_by_client_credentials": ("POST", "/oidc/token"),
    "getNewAccessTokenByRefreshToken": ("POST", "/oidc/token"),
    "get_new_access_token_by_refresh_token": ("POST", "/oidc/token"),
    "getUserInfoByAccessToken": ("GET", "/oidc/me"),
    "get_user_info_by_access_token": ("GET", "/oidc/me"),
    "buildAuthorizeUrl": ("GET", "/oidc/auth"),
    "build_authorize_url": ("GET", "/oidc/auth"),
    "loginWithRedirect": ("GET", "/oidc/auth"),
    "buildLogoutUrl": ("GET", "/oidc/session/end"),
    "build_logout_url": ("GET", "/oidc/session/end"),
    "logoutWithRedirect": ("GET", "/oidc/session/end"),
    "revokeToken": ("POST", "/oidc/token/revocation"),
    "revoke_token": ("POST", "/oidc/token/revocation"),
    "introspectToken": ("POST", "/oidc/token/introspection"),
    "introspect_token": ("POST", "/oidc/token/introspection"),
    "introspect_token_offline": ("GET", "/oidc/.well-known/jwks.json"),
    "parseAccessToken": ("GET", "/oidc/.well-known/jwks.json"),
    "parseIDToken": ("GET", "/oidc/.well-known/jwks.json"),
    "validateTicketV1": ("GET", "/cas-idp/{id}/validate"),
    "validate_ticket_v1": ("GET", "/cas-idp/{id}/validate"),
    "validateTicketV2": ("GET", "/cas-idp/{id}/serviceValidate"),
    "validate_ticket_v2": ("GET", "/cas-idp/{id}/serviceValidate"),
    "sub": ("WS", "/events/v1/authentication/sub"),
    "sub_event": ("WS", "/events/v1/authentication/sub"),
    "generateCodeChallenge": ("CLIENT", "-"),
    "getCodeChallengeDigest": ("CLIENT", "-"),
    "generate_code_challenge": ("CLIENT", "-"),
    "generate_code_challenge_digest": ("CLIENT", "-"),
    "setAccessToken": ("CLIENT", "-"),
    "set_access_token": ("CLIENT", "-"),
}
# Sign-in and sign-up shortcuts all post to one endpoint.
for prefix, path in (("signInBy", "/api/v3/signin"), ("sign_in_by_", "/api/v3/signin"),
                     ("signUpBy", "/api/v3/signup"), ("sign_up_by_", "/api/v3/signup")):
    WRAPPERS[prefix] = ("POST", path)

URL = re.compile(r"""url:\s*["'`]([^"'`]+)["'`]|url=f?["']([^"']+)["']""")


def calls(text, method_re):
    """(sdk method name, HTTP method, path) for every method body that makes a request."""
    starts = [(m.start(), m.group(1)) for m in method_re.finditer(text)]
    out = []
    for i, (pos, name) in enumerate(starts):
        if name.startswith("_"):
            continue
        wrapped = WRAPPERS.get(name) or next(
            (v for k, v in WRAPPERS.items() if k.endswith(("By", "_by_")) and name.startswith(k)),
            None,
        )
        if wrapped:
            out.append((name, *wrapped))
            continue
        end = starts[i + 1][0] if i + 1 < len(starts) else len(text)
        body = text[pos:end]
        url = URL.search(body)
        if not url:
            continue
        verb = HTTP_METHOD.search(body)
        path = url.group(1) or url.group(2)
        if not path.startswith("/"):
            continue
        path = re.sub(r"\$\{[^}]*\}|\{[^}]*\}", "{id}", path)
        http = ((verb.group(1) or verb.group(2)) if verb else "GET").upper()
        out.append((name, http, path))
    return out


def main():
    node_dir, py_dir = Path(sys.argv[1]), Path(sys.argv[2])
    table = {}

    def add(client, sdk, name, http, path):
        entry = table.setdefault(
            (http, path), {"method": http, "path": path, "client": client, "node": [], "python": []}
        )
        entry[sdk].append(name)

    for client in ("ManagementClient", "AuthenticationClient"):
        for name, http, path in calls((node_dir / "src" / f"{client}.ts").read_text(), NODE_METHOD):
            add(client, "node", name, http, path)
        for name, http, path in calls((py_dir / f"{client}.py").read_text(), PY_METHOD):
            add(client, "python", name, http, path)
    rows = sorted(table.values(), key=lambda e: (e["client"], e["path"], e["method"]))
    out = Path(__file__).with_name("sdk-methods.json")
    out.write_text(json.dumps(rows, indent=1, ensure_ascii=False) + "\n")
    print(f"{len(rows)} calls written to {out.name}")


if __name__ == "__main__":
    main()
