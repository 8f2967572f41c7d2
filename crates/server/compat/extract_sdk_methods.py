#!/usr/bin/env python3
"""Lists every HTTP call of the official GenAuth SDKs as compat/sdk-methods.json.

Usage (from anywhere; needs npm, pip, mvn and go on PATH and the package registries):

    python3 crates/server/compat/extract_sdk_methods.py            # download all four SDKs
    python3 crates/server/compat/extract_sdk_methods.py --skip go  # leave one SDK out
    python3 crates/server/compat/extract_sdk_methods.py --go-dir D # read an SDK from a folder

The packages are downloaded into a temporary folder (removed afterwards):
  node:   `npm pack authing-node-sdk@NODE_VERSION` (the version e2e/package.json pins)
  python: `pip download --no-deps authing==PYTHON_VERSION` (pinned in e2e/requirements.txt)
  java:   the sources jar of the newest `cn.authing:authing-java-sdk` 3.1.x Maven resolves
  go:     `go mod download github.com/Authing/authing-golang-sdk/v3@GO_VERSION`
An SDK that cannot be fetched is reported on stderr and left out (its column stays empty and
`sources` says why); `--<sdk>-dir` points at an unpacked package instead.

Each entry of `calls` is one (HTTP method, path, variant) with the SDK methods making it, per
SDK. `variant` names a fixed option a method always sends on a shared path (`connection=LDAP`
for `signInByLDAP` on `/api/v3/signin`): the server may serve one variant and not another.
`path` is spelled as the first SDK sends it (Node and Java send `{credentialId}` literally).
The server's compatibility test renders docs/compatibility.md from this list, the router and
compat/not-served.json.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent.parent
SDKS = ("node", "python", "java", "go")
CLIENTS = ("AuthenticationClient", "ManagementClient")
GO_MODULE = "github.com/Authing/authing-golang-sdk/v3"
GO_VERSION = "v3.0.19"
JAVA_RANGE = "[3.1.0,3.2.0)"

# Method headers per language: (visibility-or-name, name) groups; every method, public or
# not, starts a chunk so that a public wrapper can be followed into a private helper.
NODE_METHOD = re.compile(r"^  (public|private|protected)\s+(?:static\s+)?(?:async\s+)?(\w+)\s*\(", re.M)
PY_METHOD = re.compile(r"^    def (\w+)\(\s*self", re.M)
JAVA_METHOD = re.compile(
    r"^[ \t]*(public|private|protected)\s+(?:static\s+)?(?:final\s+)?(?:synchronized\s+)?"
    r"(?:<[^>]+>\s+)?[\w.<>\[\], ?]+?\s+(\w+)\s*\(",
    re.M,
)
GO_METHOD = re.compile(r"^func \((?:\w+) \*(\w+)\) (\w+)\(", re.M)

URLS = {
    "node": re.compile(r"""url:\s*["'`]([^"'`]+)["'`]"""),
    "python": re.compile(r"""url=f?["']([^"']+)["']"""),
    "java": re.compile(r"""setUrl\(\s*"([^"]+)\""""),
    "go": re.compile(r"""SendHttpRequest\(\s*"([^"]+)"|getUrl\(\s*"([^"]+)"|AppHost \+ "([^"]+)\""""),
}
VERBS = {
    "node": re.compile(r"""method:\s*["'](\w+)["']"""),
    "python": re.compile(r"""method=["'](\w+)["']"""),
    "java": re.compile(r"""setMethod\(\s*"(\w+)"\s*\)"""),
    "go": re.compile(r"""fasthttp\.Method(\w+)"""),
}
CALLS = {
    "node": re.compile(r"this\.(\w+)\("),
    "python": re.compile(r"self\.(\w+)\("),
    "java": re.compile(r"(?<![\w.])(?:this\.)?(\w+)\("),
    "go": re.compile(r"client\.(\w+)\("),
}
# `connection: X.connection.LDAP`, `connection="LDAP"`, `setConnection(X.Connection.LDAP)`,
# `Connection: "LDAP"`.
CONNECTION = re.compile(r"""[cC]onnection["']?\s*[:=(]\s*(?:\w+\.)*["']?([A-Z][A-Z_]+)\b""")

# Calls whose endpoint is built from variables (protocol, host) or that never reach the server,
# by method name in any of the four spellings: (verb, path). A literal path in the method's
# own body wins over this table. "CLIENT" marks helpers that never
# reach the server; "WS" the events WebSocket.
_WRAPPED = {
    ("POST", "/oidc/token"): (
        "getAccessTokenByCode", "handleRedirectCallback", "getAccessTokenByClientCredentials",
        "getNewAccessTokenByRefreshToken", "getLoginStateByAuthCode", "refreshLoginState",
    ),
    ("GET", "/oidc/me"): ("getUserInfoByAccessToken", "getUserInfo"),
    ("GET", "/oidc/auth"): (
        "buildAuthorizeUrl", "loginWithRedirect", "buildAuthorizeUrlByOidc", "buildAuthUrl",
    ),
    ("GET", "/oauth/auth"): ("buildAuthorizeUrlByOauth",),
    ("GET", "/cas-idp/{appId}"): ("buildAuthorizeUrlByCas",),
    ("GET", "/api/v2/saml-idp/{appId}"): ("buildAuthorizeUrlBySaml",),
    ("GET", "/oidc/session/end"): ("buildLogoutUrl", "logoutWithRedirect"),
    ("POST", "/oidc/token/revocation"): ("revokeToken",),
    ("POST", "/oidc/token/introspection"): ("introspectToken",),
    ("GET", "/oidc/.well-known/jwks.json"): (
        "introspectTokenOffline", "introspectAccessTokenOffline", "parseAccessToken",
        "parseIDToken", "parseIdToken",
    ),
    ("GET", "/cas-idp/{appId}/validate"): ("validateTicketV1",),
    ("GET", "/cas-idp/{appId}/serviceValidate"): ("validateTicketV2",),
    ("WS", "/events/v1/authentication/sub"): ("sub", "subEvent"),
    ("CLIENT", "-"): (
        "generateCodeChallenge", "getCodeChallengeDigest", "generateCodeChallengeDigest",
        "setAccessToken",
    ),
}


def _key(name):
    """`get_access_token_by_code`, `GetAccessTokenByCode` → `getaccesstokenbycode`."""
    return name.replace("_", "").lower()


WRAPPERS = {_key(n): call for call, names in _WRAPPED.items() for n in names}
# Where one SDK differs: Java asks for the userinfo with a trailing slash, and its first
# `setMethod` is the OAuth branch (POST) while the default OIDC protocol sends GET.
SDK_WRAPPERS = {
    ("java", "getuserinfobyaccesstoken"): ("GET", "/oidc/me/"),
    ("java", "getuserinfomapbyaccesstoken"): ("GET", "/oidc/me/"),
}


def chunks(text, sdk):
    """(name, public, body) for each method of one client source file."""
    if sdk == "python":
        heads = [(m.start(), m.group(1), not m.group(1).startswith("_")) for m in PY_METHOD.finditer(text)]
    elif sdk == "go":
        heads = [(m.start(), m.group(2), m.group(2)[:1].isupper()) for m in GO_METHOD.finditer(text)]
    else:
        regex = NODE_METHOD if sdk == "node" else JAVA_METHOD
        heads = []
        for m in regex.finditer(text):
            name = m.group(2)
            if name in ("if", "for", "while", "switch", "catch", "return", "constructor", "function"):
                continue
            public = m.group(1) == "public"
            heads.append((m.start(), name, public))
    out = []
    for i, (pos, name, public) in enumerate(heads):
        end = heads[i + 1][0] if i + 1 < len(heads) else len(text)
        out.append((name, public, text[pos:end]))
    return out


def direct_call(sdk, body):
    """(verb, path) of the request a method body makes itself, if any."""
    url = URLS[sdk].search(body)
    if not url:
        return None
    path = next(g for g in url.groups() if g)
    if not path.startswith("/"):
        return None
    path = re.split(r"[?\"]", path)[0]
    verb = VERBS[sdk].search(body)
    http = verb.group(1).upper() if verb else "GET"
    if http.endswith("POST"):  # Java's "UrlencodedPOST"
        http = "POST"
    if sdk == "python":  # f-string fields are filled in by Python: one segment each
        path = re.sub(r"\{[^}]*\}", "{id}", path)
    return http, path


def calls_of(text, sdk):
    """(sdk method, verb, path, variant) for every public method making a request."""
    methods = chunks(text, sdk)
    bodies = {}
    for name, _, body in methods:
        bodies.setdefault(name, body)

    def resolve(name, depth=0):
        if depth > 3 or name not in bodies:
            return None
        body = bodies[name]
        found = SDK_WRAPPERS.get((sdk, _key(name))) or direct_call(sdk, body) or WRAPPERS.get(_key(name))
        if found:
            return found
        for m in CALLS[sdk].finditer(body):
            callee = m.group(1)
            if callee != name and callee in bodies:
                found = resolve(callee, depth + 1)
                if found:
                    return found
        return None

    out, unresolved = [], []
    for name, public, body in methods:
        if not public:
            continue
        found = resolve(name)
        if not found:
            unresolved.append(name)
            continue
        variant = ""
        if found[1] in ("/api/v3/signin", "/api/v3/signup") and not direct_call(sdk, body):
            conn = CONNECTION.search(body)
            variant = f"connection={conn.group(1)}" if conn else ""
        out.append((name, found[0], found[1], variant))
    return out, unresolved


def generic(path):
    return re.sub(r"\{[^}]*\}", "{id}", path)


# ---------------------------------------------------------------------------------------------
# Fetching the packages


def run(cmd, cwd):
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def pinned(file, pattern):
    m = re.search(pattern, (REPO / file).read_text())
    if not m:
        sys.exit(f"cannot read the pinned version from {file}")
    return m.group(1)


def fetch_node(tmp):
    version = pinned("e2e/package.json", r'"authing-node-sdk":\s*"([^"]+)"')
    run(["npm", "pack", "--silent", f"authing-node-sdk@{version}"], tmp)
    tgz = next(tmp.glob("authing-node-sdk-*.tgz"))
    run(["tar", "xzf", tgz.name], tmp)
    src = tmp / "package" / "src"
    return f"authing-node-sdk {version} (npm)", {c: src / f"{c}.ts" for c in CLIENTS}


def fetch_python(tmp):
    version = pinned("e2e/requirements.txt", r"(?m)^authing==(\S+)")
    run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", f"authing=={version}", "-d", "py"], tmp)
    wheel = next((tmp / "py").glob("*.whl"))
    with zipfile.ZipFile(wheel) as z:
        z.extractall(tmp / "py")
    return f"authing {version} (PyPI)", {c: tmp / "py" / "authing" / f"{c}.py" for c in CLIENTS}


def fetch_java(tmp):
    (tmp / "java").mkdir()
    (tmp / "java" / "pom.xml").write_text(
        '<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>'
        "<groupId>local</groupId><artifactId>sdk-fetch</artifactId><version>1</version>"
        "<dependencies><dependency><groupId>cn.authing</groupId>"
        f"<artifactId>authing-java-sdk</artifactId><version>{JAVA_RANGE}</version>"
        "</dependency></dependencies></project>"
    )
    run(["mvn", "-q", "-B", f"-Dmaven.repo.local={tmp / 'm2'}", "dependency:copy-dependencies",
         "-DincludeArtifactIds=authing-java-sdk", "-Dclassifier=sources", "-DoutputDirectory=out"],
        tmp / "java")
    jar = next((tmp / "java" / "out").glob("authing-java-sdk-*-sources.jar"))
    version = jar.name[len("authing-java-sdk-"):-len("-sources.jar")]
    with zipfile.ZipFile(jar) as z:
        z.extractall(tmp / "java" / "src")
    src = tmp / "java" / "src" / "cn" / "authing" / "sdk" / "java" / "client"
    return f"cn.authing:authing-java-sdk {version} (Maven Central)", {c: src / f"{c}.java" for c in CLIENTS}


def go_files(root):
    return {
        "AuthenticationClient": root / "authentication" / "authentication_client.go",
        "ManagementClient": root / "management" / "management_client.go",
    }


def fetch_go(tmp):
    # A module cache of its own (writable, so the temporary folder can be removed).
    env = {**os.environ, "GOMODCACHE": str(tmp / "gomod"), "GOFLAGS": "-modcacherw"}
    res = subprocess.run(["go", "mod", "download", "-json", f"{GO_MODULE}@{GO_VERSION}"], cwd=tmp,
                         env=env, capture_output=True, text=True)
    info = json.loads(res.stdout or "{}")
    if res.returncode != 0 or "Dir" not in info:
        raise RuntimeError(info.get("Error") or res.stderr.strip())
    return f"{GO_MODULE} {GO_VERSION} (Go module proxy)", go_files(Path(info["Dir"]))


FETCH = {"node": fetch_node, "python": fetch_python, "java": fetch_java, "go": fetch_go}


def local(sdk, folder):
    folder = Path(folder)
    if sdk == "go":
        return f"{GO_MODULE} (from {folder.name})", go_files(folder)
    suffix = {"node": "src/{}.ts", "python": "{}.py",
              "java": "cn/authing/sdk/java/client/{}.java"}[sdk]
    return f"{sdk} SDK (from {folder.name})", {c: folder / suffix.format(c) for c in CLIENTS}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--skip", action="append", default=[], choices=SDKS)
    for sdk in SDKS:
        ap.add_argument(f"--{sdk}-dir", help=f"read the {sdk} SDK from this unpacked folder")
    args = ap.parse_args()

    table, sources, counts = {}, {}, {}
    with tempfile.TemporaryDirectory(prefix="authgate-sdks-") as tmp:
        for sdk in SDKS:
            if sdk in args.skip:
                sources[sdk] = "not extracted (--skip)"
                continue
            folder = getattr(args, f"{sdk}_dir")
            try:
                if folder:
                    label, files = local(sdk, folder)
                else:
                    (Path(tmp) / sdk).mkdir()
                    label, files = FETCH[sdk](Path(tmp) / sdk)
            except (subprocess.CalledProcessError, RuntimeError, StopIteration) as e:
                detail = getattr(e, "stderr", None) or str(e)
                detail = detail.decode() if isinstance(detail, bytes) else detail
                why = (detail.strip().splitlines() or [str(e)])[-1].strip()
                print(f"{sdk}: not extracted: {why}", file=sys.stderr)
                sources[sdk] = f"not extracted: the registry refused the package ({why})"
                continue
            sources[sdk] = label
            parts = []
            for client, file in files.items():
                text = file.read_text(encoding="utf-8")
                found, unresolved = calls_of(text, sdk)
                overloads = sum(1 for _, public, _ in chunks(text, sdk) if public)
                names = {n for n, *_ in found} | set(unresolved)
                counts[(sdk, client)] = (overloads, len(names), len({n for n, *_ in found}))
                if unresolved:
                    print(f"{sdk} {client}: no HTTP call found in {', '.join(sorted(set(unresolved)))}",
                          file=sys.stderr)
                for name, http, path, variant in found:
                    key = (client, http, generic(path), variant)
                    entry = table.setdefault(key, {
                        "method": http, "path": path, "variant": variant, "client": client,
                        **{s: [] for s in SDKS},
                    })
                    if name not in entry[sdk]:
                        entry[sdk].append(name)
                overloads, public, _ = counts[(sdk, client)]
                extra = f" ({overloads} with overloads)" if overloads != public else ""
                parts.append(f"{client} {public}{extra}")
            sources[sdk] += "; public methods: " + ", ".join(parts)
    rows = sorted(table.values(), key=lambda e: (e["client"], generic(e["path"]), e["method"], e["variant"]))
    out = HERE / "sdk-methods.json"
    out.write_text(json.dumps({"sources": sources, "calls": rows}, indent=1, ensure_ascii=False) + "\n")
    for (sdk, client), (overloads, public, calling) in sorted(counts.items()):
        print(f"{sdk:7} {client:21} {public} public methods ({overloads} with overloads), {calling} making a call")
    print(f"{len(rows)} calls written to {out.relative_to(REPO)}")


if __name__ == "__main__":
    main()
