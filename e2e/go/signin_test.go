package e2e

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"math/big"
	"net/http"
	"strings"
	"testing"
	"time"
)

// The SDK's SigninByCredentialsDto: every payload is a struct, so all are marshalled.
type signinReq struct {
	Connection      string `json:"connection"`
	PasswordPayload struct {
		Password string `json:"password"`
		Account  string `json:"account,omitempty"`
		Email    string `json:"email,omitempty"`
		Username string `json:"username,omitempty"`
		Phone    string `json:"phone,omitempty"`
	} `json:"passwordPayload,omitempty"`
	PassCodePayload struct {
		PassCode         string `json:"passCode"`
		Email            string `json:"email,omitempty"`
		Phone            string `json:"phone,omitempty"`
		PhoneCountryCode string `json:"phoneCountryCode,omitempty"`
	} `json:"passCodePayload,omitempty"`
	AdPayload struct {
		Password       string `json:"password"`
		SAMAccountName string `json:"sAMAccountName"`
	} `json:"adPayload,omitempty"`
	LdapPayload struct {
		Password       string `json:"password"`
		SAMAccountName string `json:"sAMAccountName"`
	} `json:"ldapPayload,omitempty"`
	Options struct {
		Scope        string `json:"scope,omitempty"`
		AutoRegister bool   `json:"autoRegister,omitempty"`
	} `json:"options,omitempty"`
	ClientId     string `json:"client_id,omitempty"`
	ClientSecret string `json:"client_secret,omitempty"`
}

// signIn is SignInByCredentials: the SDK methods fill client_id / client_secret always.
func (c *authClient) signIn(t *testing.T, req signinReq) LoginTokenRespDto {
	t.Helper()
	req.ClientId, req.ClientSecret = c.appID, c.appSecret
	var r LoginTokenRespDto
	decode(t, c.send(t, "POST", "/api/v3/signin", req), &r)
	return r
}

func passwordSignin(field, value, pw string) signinReq {
	var req signinReq
	req.Connection = "PASSWORD"
	req.PasswordPayload.Password = pw
	switch field {
	case "email":
		req.PasswordPayload.Email = value
	case "username":
		req.PasswordPayload.Username = value
	case "phone":
		req.PasswordPayload.Phone = value
	default:
		req.PasswordPayload.Account = value
	}
	return req
}

func wantTokenSet(t *testing.T, what string, r LoginTokenRespDto) LoginTokenResponseDataDto {
	t.Helper()
	if r.StatusCode != 200 || r.Data.AccessToken == "" || r.Data.IdToken == "" ||
		r.Data.ExpireIn <= 0 || !strings.EqualFold(r.Data.TokenType, "bearer") {
		t.Fatalf("%s: want a token set, got %+v", what, r)
	}
	return r.Data
}

func TestClientStartUpChecksAppIdAndSecret(t *testing.T) {
	e := testEnv(t)
	if _, err := newAuthClient(t, e, e.appID, e.appSecret, clientSecretPost); err != nil {
		t.Fatalf("the right pair: %v", err)
	}
	for _, bad := range [][2]string{{e.appID, e.appSecret + "x"}, {"no-such-app", e.appSecret}} {
		if _, err := newAuthClient(t, e, bad[0], bad[1], clientSecretPost); err == nil {
			t.Fatalf("NewAuthenticationClient accepted %q", bad[0])
		}
	}
}

func TestSignInByPassword(t *testing.T) {
	m := newMgmtClient(t)
	u := createUser(t, m, "Signer")
	c := mustAuthClient(t)
	for field, value := range map[string]string{"email": u.Email, "username": u.Username, "phone": u.Phone, "account": u.Username} {
		set := wantTokenSet(t, "sign-in by "+field, c.signIn(t, passwordSignin(field, value, password)))
		if sub, _ := jwtClaims(t, set.IdToken)["sub"].(string); sub != u.UserId {
			t.Fatalf("sign-in by %s: id_token sub %q, want %q", field, sub, u.UserId)
		}
	}
	// Wrong password, unknown account: the same refusal (no account enumeration).
	wrong := c.signIn(t, passwordSignin("email", u.Email, "wrong password"))
	unknown := c.signIn(t, passwordSignin("email", "nobody-"+u.Email, password))
	wantError(t, "wrong password", wrong.Envelope, 403)
	wantError(t, "unknown account", unknown.Envelope, 403)
	if wrong.ApiCode != unknown.ApiCode {
		t.Fatalf("wrong password and unknown account must look alike: %+v / %+v", wrong, unknown)
	}
	// No identifier at all.
	wantError(t, "empty payload", c.signIn(t, passwordSignin("email", "", password)).Envelope, 400)
	// client_secret_basic: Basic on /api/v3/signin, a wrong secret is refused.
	e := testEnv(t)
	basic := &authClient{e: e, appID: e.appID, appSecret: e.appSecret, method: clientSecretBasic}
	wantTokenSet(t, "basic", basic.signIn(t, passwordSignin("username", u.Username, password)))
	basic.appSecret += "x"
	if r := basic.signIn(t, passwordSignin("username", u.Username, password)); r.StatusCode < 400 {
		t.Fatalf("a wrong Basic secret must be refused: %+v", r)
	}
}

type sendEmailReq struct {
	Channel string `json:"channel"`
	Email   string `json:"email"`
}

type sendSmsReq struct {
	Channel          string `json:"channel"`
	PhoneNumber      string `json:"phoneNumber"`
	PhoneCountryCode string `json:"phoneCountryCode,omitempty"`
}

func TestSignInByPassCode(t *testing.T) {
	m := newMgmtClient(t)
	u := createUser(t, m, "Coder")
	c := mustAuthClient(t)

	code := emailCode(t, u.Email, func() {
		var r CommonResponseDto
		decode(t, c.send(t, "POST", "/api/v3/send-email", sendEmailReq{"CHANNEL_LOGIN", u.Email}), &r)
		if r.StatusCode != 200 {
			t.Fatalf("send-email: %+v", r)
		}
	})
	var req signinReq
	req.Connection = "PASSCODE"
	req.PassCodePayload.Email = u.Email
	req.PassCodePayload.PassCode = otherCode(code)
	wantError(t, "wrong email code", c.signIn(t, req).Envelope, 403)
	req.PassCodePayload.PassCode = code
	set := wantTokenSet(t, "email code", c.signIn(t, req))
	if sub, _ := jwtClaims(t, set.IdToken)["sub"].(string); sub != u.UserId {
		t.Fatalf("email code signed in %q, want %q", sub, u.UserId)
	}
	// A code is single-use.
	if r := c.signIn(t, req); r.StatusCode == 200 {
		t.Fatalf("an email code worked twice: %+v", r)
	}

	code = smsCode(t, u.Phone, func() {
		var r CommonResponseDto
		decode(t, c.send(t, "POST", "/api/v3/send-sms", sendSmsReq{"CHANNEL_LOGIN", u.Phone, "+86"}), &r)
		if r.StatusCode != 200 {
			t.Fatalf("send-sms: %+v", r)
		}
	})
	req = signinReq{Connection: "PASSCODE"}
	req.PassCodePayload.Phone = u.Phone
	req.PassCodePayload.PhoneCountryCode = "+86"
	req.PassCodePayload.PassCode = code
	set = wantTokenSet(t, "SMS code", c.signIn(t, req))
	if sub, _ := jwtClaims(t, set.IdToken)["sub"].(string); sub != u.UserId {
		t.Fatalf("SMS code signed in %q, want %q", sub, u.UserId)
	}
}

func otherCode(code string) string {
	if code == "000000" {
		return "111111"
	}
	return "000000"
}

type getProfileReq struct {
	WithCustomData    bool `json:"withCustomData,omitempty"`
	WithIdentities    bool `json:"withIdentities,omitempty"`
	WithDepartmentIds bool `json:"withDepartmentIds,omitempty"`
}

func TestTokensProfileRefreshIntrospectRevoke(t *testing.T) {
	m := newMgmtClient(t)
	u := createUser(t, m, "Tokens")
	c := mustAuthClient(t)
	req := passwordSignin("username", u.Username, password)
	req.Options.Scope = "openid profile email phone offline_access"
	set := wantTokenSet(t, "sign-in", c.signIn(t, req))
	if set.RefreshToken == "" {
		t.Fatalf("offline_access gave no refresh token: %+v", set)
	}

	// GetProfile with the raw token in authorization (SetAccessToken).
	c.accessToken = set.AccessToken
	var prof UserSingleRespDto
	decode(t, c.send(t, "GET", "/api/v3/get-profile", getProfileReq{WithCustomData: true}), &prof)
	if prof.StatusCode != 200 || prof.Data.UserId != u.UserId {
		t.Fatalf("get-profile: %+v", prof)
	}

	// GetUserInfo: POST /oidc/me with Bearer, no body.
	info := userInfo(t, c, set.AccessToken)
	if info.Subject != u.UserId || info.Nickname != "Tokens" || info.UpdatedAt == "" {
		t.Fatalf("userinfo: %+v", info)
	}
	if _, err := time.Parse(time.RFC3339, info.UpdatedAt); err != nil {
		t.Fatalf("updated_at %q: %v", info.UpdatedAt, err)
	}

	// ParseIDToken: the payload decodes into the SDK's claims struct.
	rawID, err := base64.RawURLEncoding.DecodeString(strings.Split(set.IdToken, ".")[1])
	if err != nil {
		t.Fatal(err)
	}
	var idc IDTokenClaims
	decode(t, rawID, &idc)
	if idc.Subject != u.UserId || idc.Audience != c.appID || idc.ExpiresAt <= time.Now().Unix() {
		t.Fatalf("id_token claims: %+v", idc)
	}
	verifyOffline(t, c.e.url, set.IdToken)

	// IntrospectAccessTokenOffline: RS256, key chosen by kid from the JWKS.
	verifyOffline(t, c.e.url, set.AccessToken)

	// GetNewAccessTokenByRefreshToken.
	status, body := c.protocol(t, "/oidc/token", map[string]string{
		"grant_type": "refresh_token", "refresh_token": set.RefreshToken})
	var refreshed OIDCTokenResponse
	decode(t, body, &refreshed)
	if status != 200 || refreshed.AccessToken == "" || refreshed.ExpiresIn <= 0 {
		t.Fatalf("refresh: HTTP %d %s", status, body)
	}

	// IntrospectToken: active, then RevokeToken, then inactive.
	if r := introspect(t, c, refreshed.AccessToken); !r.Active || r.Exp == 0 || r.Sub != u.UserId {
		t.Fatalf("introspection of a fresh token: %+v", r)
	}
	if status, body := c.protocol(t, "/oidc/token/revocation", map[string]string{"token": refreshed.AccessToken}); status != 200 {
		t.Fatalf("revocation: HTTP %d %s", status, body)
	}
	if r := introspect(t, c, refreshed.AccessToken); r.Active {
		t.Fatalf("a revoked token is still active: %+v", r)
	}
	// client_secret_basic on introspection; a wrong secret is refused.
	basic := &authClient{e: c.e, appID: c.appID, appSecret: c.appSecret, method: clientSecretBasic}
	if r := introspect(t, basic, set.AccessToken); !r.Active {
		t.Fatalf("introspection with Basic: %+v", r)
	}
	basic.appSecret += "x"
	if status, _ := basic.protocol(t, "/oidc/token/introspection", map[string]string{"token": set.AccessToken}); status != 401 {
		t.Fatalf("introspection with a wrong Basic secret: HTTP %d", status)
	}
	// A forged refresh token is an OAuth error, not a token set.
	if status, _ := c.protocol(t, "/oidc/token", map[string]string{
		"grant_type": "refresh_token", "refresh_token": "forged"}); status != 400 {
		t.Fatalf("a forged refresh token: HTTP %d", status)
	}
}

func introspect(t *testing.T, c *authClient, token string) IntrospectTokenResult {
	t.Helper()
	status, body := c.protocol(t, "/oidc/token/introspection", map[string]string{"token": token})
	if status != 200 {
		t.Fatalf("introspection: HTTP %d %s", status, body)
	}
	var r IntrospectTokenResult
	decode(t, body, &r)
	return r
}

func userInfo(t *testing.T, c *authClient, token string) UserInfo {
	t.Helper()
	req, err := http.NewRequest("POST", c.e.url+"/oidc/me", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
	req.Header.Set("x-authing-request-from", "SDK")
	req.Header.Set("x-authing-sdk-version", sdkVersion)
	req.Header.Set("Authorization", "Bearer "+token)
	status, body := do(t, req)
	if status != 200 {
		t.Fatalf("userinfo: HTTP %d %s", status, body)
	}
	var info UserInfo
	decode(t, body, &info)
	return info
}

// verifyOffline checks an RS256 token against the JWKS key its kid names, and the claims
// the SDK's jwt-go StandardClaims decodes (aud a string, exp / iat numbers).
func verifyOffline(t *testing.T, base, token string) {
	t.Helper()
	req, err := http.NewRequest("GET", base+"/oidc/.well-known/jwks.json", nil)
	if err != nil {
		t.Fatal(err)
	}
	_, body := do(t, req)
	var jwks struct {
		Keys []struct{ Kid, Kty, N, E string } `json:"keys"`
	}
	decode(t, body, &jwks)
	parts := strings.Split(token, ".")
	rawHeader, err := base64.RawURLEncoding.DecodeString(parts[0])
	if err != nil {
		t.Fatal(err)
	}
	var header struct{ Alg, Kid string }
	decode(t, rawHeader, &header)
	if header.Alg != "RS256" || header.Kid == "" {
		t.Fatalf("token header %+v", header)
	}
	var key *rsa.PublicKey
	for _, k := range jwks.Keys {
		if k.Kid == header.Kid && k.Kty == "RSA" {
			n, err1 := base64.RawURLEncoding.DecodeString(k.N)
			e, err2 := base64.RawURLEncoding.DecodeString(k.E)
			if err1 != nil || err2 != nil {
				t.Fatalf("bad JWKS key %s", k.Kid)
			}
			key = &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(new(big.Int).SetBytes(e).Int64())}
		}
	}
	if key == nil {
		t.Fatalf("no JWKS key with kid %q", header.Kid)
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		t.Fatal(err)
	}
	digest := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if err := rsa.VerifyPKCS1v15(key, crypto.SHA256, digest[:], sig); err != nil {
		t.Fatalf("signature does not verify with kid %s: %v", header.Kid, err)
	}
	raw, _ := base64.RawURLEncoding.DecodeString(parts[1])
	var std struct {
		Audience  string `json:"aud"`
		ExpiresAt int64  `json:"exp"`
		IssuedAt  int64  `json:"iat"`
		Subject   string `json:"sub"`
		Scope     string `json:"scope"`
	}
	decode(t, raw, &std)
	if std.ExpiresAt <= time.Now().Unix() || std.Subject == "" {
		t.Fatalf("claims: %+v", std)
	}
	// A tampered payload must not verify.
	tampered := sha256.Sum256([]byte(parts[0] + "." + parts[1] + "x"))
	if rsa.VerifyPKCS1v15(key, crypto.SHA256, tampered[:], sig) == nil {
		t.Fatal("a tampered token verified")
	}
}
