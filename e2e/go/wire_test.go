// Package e2e drives a running authgate the way GenAuth's Go SDK
// (github.com/Authing/authing-golang-sdk/v3) does.
//
// The SDK module itself is not served by the Go module proxy this project can reach (it
// answers 403 for every version), so this suite reproduces the SDK's wire behaviour with the
// standard library, as read from the SDK's source (spec §1.6.3):
//
//   - AuthenticationClient.SendHttpRequest: JSON body on every method (also on GET, "null"
//     for no parameters); GET parameters written "k=v&" per field of the request struct,
//     values formatted with %v and not URL-encoded, with a trailing "&"; headers
//     x-authing-sdk-version, x-authing-app-id; `authorization: Basic …` on the nine
//     client-auth paths in client_secret_basic mode, else the raw user token.
//   - NewAuthenticationClient first asks POST /api/v3/check-app-id-secret and refuses to
//     build a client unless data.valid is true.
//   - ManagementClient: token from get-management-token (expires_in must be an int), then
//     `authorization: Bearer …`, x-authing-userpool-id, an empty x-authing-app-tenant-id,
//     x-authing-lang.
//   - Protocol calls (/oidc/token, introspection, revocation): form-encoded POST;
//     UserInfo is POST /oidc/me with Bearer and no body.
//   - Request structs marshal struct-typed fields even when empty (omitempty does not apply
//     to structs); answers are decoded into typed structs (dto_test.go), so a field of the
//     wrong JSON type fails the call as it fails the SDK.
//
// Environment (set by e2e/run.sh): AUTHGATE_URL, AUTHGATE_USER_POOL_ID,
// AUTHGATE_ACCESS_KEY_ID, AUTHGATE_ACCESS_KEY_SECRET, AUTHGATE_APP_ID, AUTHGATE_APP_SECRET,
// E2E_MAIL_LOG, E2E_SMS_LOG.
package e2e

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

const sdkVersion = "go-sdk:3.0.19"

// Token endpoint authentication methods (the SDK's TokenAuthMethodEnum values).
const (
	clientSecretPost  = "client_secret_post"
	clientSecretBasic = "client_secret_basic"
	authNone          = "none"
)

// The paths on which the SDK sends Basic credentials in client_secret_basic mode.
var basicPaths = map[string]bool{
	"/oidc/token": true, "/oidc/token/revocation": true, "/oidc/token/introspection": true,
	"/oauth/token": true, "/oauth/token/revocation": true, "/oauth/token/introspection": true,
	"/api/v3/signin": true, "/api/v3/signin-by-mobile": true,
	"/api/v3/exchange-tokenset-with-qrcode-ticket": true,
}

var httpClient = &http.Client{Timeout: 30 * time.Second}

type env struct {
	url, poolID, akID, akSecret, appID, appSecret, mailLog, smsLog string
}

var (
	envOnce sync.Once
	envVal  env
	envErr  error
)

// testEnv reads the environment run.sh provides; a missing variable fails the test.
func testEnv(t *testing.T) env {
	t.Helper()
	envOnce.Do(func() {
		get := func(k string) string {
			v := os.Getenv(k)
			if v == "" && envErr == nil {
				envErr = fmt.Errorf("missing environment %s — run the suite through e2e/run.sh", k)
			}
			return v
		}
		envVal = env{
			url: strings.TrimRight(get("AUTHGATE_URL"), "/"), poolID: get("AUTHGATE_USER_POOL_ID"),
			akID: get("AUTHGATE_ACCESS_KEY_ID"), akSecret: get("AUTHGATE_ACCESS_KEY_SECRET"),
			appID: get("AUTHGATE_APP_ID"), appSecret: get("AUTHGATE_APP_SECRET"),
			mailLog: get("E2E_MAIL_LOG"), smsLog: get("E2E_SMS_LOG"),
		}
	})
	if envErr != nil {
		t.Fatal(envErr)
	}
	return envVal
}

// tag is a random suffix so runs never collide (also on a reused PostgreSQL database).
func tag(t *testing.T) string {
	t.Helper()
	b := make([]byte, 5)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return "go" + hex.EncodeToString(b)
}

// do sends one request and returns the status and body; transport errors fail the test.
func do(t *testing.T, req *http.Request) (int, []byte) {
	t.Helper()
	resp, err := httpClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, body
}

// decode unmarshals an answer into the SDK's typed struct, as the SDK does (a type mismatch
// is an error there: the SDK method returns nil).
func decode(t *testing.T, body []byte, into any) {
	t.Helper()
	if err := json.Unmarshal(body, into); err != nil {
		t.Fatalf("the Go SDK could not decode this answer into %T: %v\n%s", into, err, body)
	}
}

// goQuery renders a request struct the way the SDK's SendHttpRequest does for GET.
func goQuery(t *testing.T, dto any) string {
	t.Helper()
	data, err := json.Marshal(dto)
	if err != nil {
		t.Fatal(err)
	}
	var vars map[string]any
	_ = json.Unmarshal(data, &vars) // "null" leaves the map nil, like the SDK
	var b strings.Builder
	for k, v := range vars {
		fmt.Fprintf(&b, "%s=%v&", k, v)
	}
	if b.Len() == 0 {
		return ""
	}
	return "?" + b.String()
}

// authClient is the SDK's AuthenticationClient.
type authClient struct {
	e           env
	appID       string
	appSecret   string
	method      string // TokenEndPointAuthMethod
	accessToken string
}

// newAuthClient builds a client as NewAuthenticationClient does: it first asks the server
// whether the app id and secret are valid and refuses to continue otherwise.
func newAuthClient(t *testing.T, e env, appID, appSecret, method string) (*authClient, error) {
	t.Helper()
	c := &authClient{e: e, appID: appID, appSecret: appSecret, method: method}
	var r CheckAppIdSecretRespDto
	decode(t, c.send(t, "POST", "/api/v3/check-app-id-secret",
		map[string]string{"appId": appID, "appSecret": appSecret}), &r)
	if r.StatusCode != 200 || !r.Data.Valid {
		return nil, fmt.Errorf("app id / secret refused: %d %s", r.StatusCode, r.Message)
	}
	return c, nil
}

// mustAuthClient is newAuthClient for the default application.
func mustAuthClient(t *testing.T) *authClient {
	t.Helper()
	e := testEnv(t)
	c, err := newAuthClient(t, e, e.appID, e.appSecret, clientSecretPost)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// send is the SDK's SendHttpRequest.
func (c *authClient) send(t *testing.T, method, path string, dto any) []byte {
	t.Helper()
	target := path
	if method == "GET" {
		target += goQuery(t, dto)
	}
	body, err := json.Marshal(dto)
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(method, c.e.url+target, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if method != "GET" {
		req.Header.Set("Content-Type", "application/json;charset=UTF-8")
	}
	req.Header.Set("x-authing-sdk-version", sdkVersion)
	req.Header.Set("x-authing-app-id", c.appID)
	if c.method == clientSecretBasic && basicPaths[path] {
		req.Header.Set("authorization", "Basic "+base64.StdEncoding.EncodeToString(
			[]byte(c.appID+":"+c.appSecret)))
	} else if c.accessToken != "" {
		req.Header.Set("authorization", c.accessToken)
	}
	status, out := do(t, req)
	if status != 200 {
		t.Fatalf("%s %s: HTTP %d (the envelope is always HTTP 200)\n%s", method, path, status, out)
	}
	return out
}

// protocol sends a form-encoded protocol request (SendProtocolHttpRequest) with the client
// credentials placed as the SDK places them for c.method; answers status and body.
func (c *authClient) protocol(t *testing.T, path string, form map[string]string) (int, []byte) {
	t.Helper()
	args := url.Values{}
	for k, v := range form {
		args.Set(k, v)
	}
	switch c.method {
	case clientSecretPost:
		args.Set("client_id", c.appID)
		args.Set("client_secret", c.appSecret)
	case clientSecretBasic:
	default:
		args.Set("client_id", c.appID)
	}
	req, err := http.NewRequest("POST", c.e.url+path, strings.NewReader(args.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
	req.Header.Set("x-authing-request-from", "SDK")
	req.Header.Set("x-authing-sdk-version", sdkVersion)
	if c.method == clientSecretBasic {
		req.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString(
			[]byte(c.appID+":"+c.appSecret)))
	}
	return do(t, req)
}

// mgmtClient is the SDK's ManagementClient.
type mgmtClient struct {
	e      env
	token  string
	poolID string
}

// newMgmtClient fetches the management token the way GetAccessToken does.
func newMgmtClient(t *testing.T) *mgmtClient {
	t.Helper()
	e := testEnv(t)
	m := &mgmtClient{e: e}
	var r GetManagementTokenRespDto
	decode(t, m.raw(t, "POST", "/api/v3/get-management-token",
		map[string]string{"accessKeyId": e.akID, "accessKeySecret": e.akSecret}), &r)
	if r.StatusCode != 200 || r.Data.AccessToken == "" || r.Data.ExpiresIn <= 0 {
		t.Fatalf("get-management-token: %+v", r)
	}
	m.token = r.Data.AccessToken
	claims := jwtClaims(t, m.token)
	pool, _ := claims["scoped_userpool_id"].(string)
	if pool != e.poolID {
		t.Fatalf("scoped_userpool_id %q, want %q", pool, e.poolID)
	}
	m.poolID = pool
	return m
}

// raw is the management SendHttpRequest.
func (m *mgmtClient) raw(t *testing.T, method, path string, dto any) []byte {
	t.Helper()
	target := path
	if method == "GET" {
		target += goQuery(t, dto)
	}
	body, err := json.Marshal(dto)
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(method, m.e.url+target, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if method != "GET" {
		req.Header.Set("Content-Type", "application/json;charset=UTF-8")
	}
	req.Header.Set("x-authing-app-tenant-id", "")
	req.Header.Set("x-authing-sdk-version", sdkVersion)
	req.Header.Set("x-authing-lang", "")
	if path != "/api/v3/get-management-token" {
		req.Header.Set("Authorization", "Bearer "+m.token)
		req.Header.Set("x-authing-userpool-id", m.poolID)
	}
	status, out := do(t, req)
	if status != 200 {
		t.Fatalf("%s %s: HTTP %d\n%s", method, path, status, out)
	}
	return out
}

// call sends and decodes into `into`.
func (m *mgmtClient) call(t *testing.T, method, path string, dto, into any) {
	t.Helper()
	decode(t, m.raw(t, method, path, dto), into)
}

// jwtClaims decodes a JWT payload (no verification).
func jwtClaims(t *testing.T, token string) map[string]any {
	t.Helper()
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("not a JWT: %q", token)
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var claims map[string]any
	if err := json.Unmarshal(raw, &claims); err != nil {
		t.Fatal(err)
	}
	return claims
}

// wantError asserts an envelope error with `status`.
func wantError(t *testing.T, what string, r Envelope, status int) {
	t.Helper()
	if r.StatusCode != status || r.ApiCode == 0 || r.Message == "" || r.RequestId == "" {
		t.Fatalf("%s: want envelope error %d, got %+v", what, status, r)
	}
}
