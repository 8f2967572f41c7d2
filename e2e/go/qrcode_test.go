package e2e

import (
	"testing"
)

type createAppReq struct {
	AppName    string            `json:"appName"`
	AppType    string            `json:"appType,omitempty"`
	OidcConfig map[string]string `json:"oidcConfig,omitempty"`
}

type appIdReq struct {
	AppId string `json:"appId"`
}

// qrApp creates an application whose token endpoint method is `method` and answers its id
// and secret; the application is deleted when the test ends.
func qrApp(t *testing.T, m *mgmtClient, method string) (string, string) {
	t.Helper()
	var r CreateApplicationRespDto
	m.call(t, "POST", "/api/v3/create-application", createAppReq{
		AppName: "e2e-go-qr-" + tag(t), AppType: "web",
		OidcConfig: map[string]string{"token_endpoint_auth_method": method},
	}, &r)
	if r.StatusCode != 200 || r.Data.AppId == "" || r.Data.OidcConfig["token_endpoint_auth_method"] != method {
		t.Fatalf("create-application (%s): %+v", method, r)
	}
	t.Cleanup(func() {
		var d IsSuccessRespDto
		m.call(t, "POST", "/api/v3/delete-application", appIdReq{r.Data.AppId}, &d)
	})
	var s GetApplicationSecretRespDto
	m.call(t, "GET", "/api/v3/get-application-secret", appIdReq{r.Data.AppId}, &s)
	if s.StatusCode != 200 || s.Data.Secret == "" {
		t.Fatalf("get-application-secret: %+v", s)
	}
	return r.Data.AppId, s.Data.Secret
}

type geneQrReq struct {
	Type string `json:"type"`
}

type qrIdReq struct {
	QrcodeId string `json:"qrcodeId"`
}

type changeQrReq struct {
	Action   string `json:"action"`
	QrcodeId string `json:"qrcodeId"`
}

type exchangeReq struct {
	Ticket       string `json:"ticket"`
	ClientId     string `json:"client_id,omitempty"`
	ClientSecret string `json:"client_secret,omitempty"`
}

func qrStatus(t *testing.T, web *authClient, id string) CheckQRCodeStatusRespDto {
	t.Helper()
	var r CheckQRCodeStatusRespDto
	decode(t, web.send(t, "GET", "/api/v3/check-qrcode-status", qrIdReq{id}), &r)
	if r.StatusCode != 200 {
		t.Fatalf("check-qrcode-status: %+v", r)
	}
	return r
}

// authorizedTicket runs the QR flow up to the ticket: the web side generates a code, the
// phone (a signed-in app user's client) scans and confirms.
func authorizedTicket(t *testing.T, web, phone *authClient, displayName string) string {
	t.Helper()
	var g GeneQRCodeRespDto
	decode(t, web.send(t, "POST", "/api/v3/gene-qrcode", geneQrReq{"MOBILE_APP"}), &g)
	if g.StatusCode != 200 || g.Data.QrcodeId == "" || g.Data.Url == "" {
		t.Fatalf("gene-qrcode: %+v", g)
	}
	id := g.Data.QrcodeId
	if s := qrStatus(t, web, id); s.Data.Status != "PENDING" || s.Data.Ticket != "" {
		t.Fatalf("a new code: %+v", s)
	}
	for _, action := range []string{"SCAN", "CONFIRM"} {
		var r CommonResponseDto
		decode(t, phone.send(t, "POST", "/api/v3/change-qrcode-status", changeQrReq{action, id}), &r)
		if r.StatusCode != 200 {
			t.Fatalf("%s: %+v", action, r)
		}
		if action == "SCAN" {
			s := qrStatus(t, web, id)
			if s.Data.Status != "SCANNED" || s.Data.BriefUserInfo.DisplayName != displayName || s.Data.Ticket != "" {
				t.Fatalf("after SCAN: %+v", s)
			}
		}
	}
	s := qrStatus(t, web, id)
	if s.Data.Status != "AUTHORIZED" || s.Data.Ticket == "" {
		t.Fatalf("after CONFIRM: %+v", s)
	}
	return s.Data.Ticket
}

func TestQrCodeFlowInEachClientAuthMode(t *testing.T) {
	m := newMgmtClient(t)
	e := testEnv(t)
	u := createUser(t, m, "QR Gopher")
	phone := mustAuthClient(t)
	phone.accessToken = wantTokenSet(t, "phone sign-in",
		phone.signIn(t, passwordSignin("email", u.Email, password))).AccessToken

	basicID, basicSecret := qrApp(t, m, clientSecretBasic)
	noneID, noneSecret := qrApp(t, m, authNone)
	modes := []struct {
		name          string
		appID, secret string
		method        string
		body          func(ticket string) exchangeReq
	}{
		{"client_secret_post", e.appID, e.appSecret, clientSecretPost, func(tk string) exchangeReq {
			return exchangeReq{tk, e.appID, e.appSecret}
		}},
		{"client_secret_basic", basicID, basicSecret, clientSecretBasic, func(tk string) exchangeReq {
			return exchangeReq{Ticket: tk}
		}},
		{"none", noneID, noneSecret, authNone, func(tk string) exchangeReq {
			return exchangeReq{Ticket: tk}
		}},
	}
	for _, mode := range modes {
		t.Run(mode.name, func(t *testing.T) {
			web, err := newAuthClient(t, e, mode.appID, mode.secret, mode.method)
			if err != nil {
				t.Fatal(err)
			}
			ticket := authorizedTicket(t, web, phone, "QR Gopher")
			var r LoginTokenRespDto
			decode(t, web.send(t, "POST", "/api/v3/exchange-tokenset-with-qrcode-ticket", mode.body(ticket)), &r)
			set := wantTokenSet(t, "exchange", r)
			claims := jwtClaims(t, set.IdToken)
			if claims["sub"] != u.UserId || claims["aud"] != mode.appID {
				t.Fatalf("exchanged id_token: %v", claims)
			}
			// A ticket is single-use.
			decode(t, web.send(t, "POST", "/api/v3/exchange-tokenset-with-qrcode-ticket", mode.body(ticket)), &r)
			if r.StatusCode == 200 {
				t.Fatalf("a ticket was exchanged twice: %+v", r)
			}
		})
	}

	t.Run("refusals", func(t *testing.T) {
		web := mustAuthClient(t)
		// A wrong client secret is refused and does not use the ticket up.
		ticket := authorizedTicket(t, web, phone, "QR Gopher")
		var r LoginTokenRespDto
		decode(t, web.send(t, "POST", "/api/v3/exchange-tokenset-with-qrcode-ticket",
			exchangeReq{ticket, e.appID, e.appSecret + "x"}), &r)
		if r.StatusCode < 400 {
			t.Fatalf("a wrong secret exchanged a ticket: %+v", r)
		}
		decode(t, web.send(t, "POST", "/api/v3/exchange-tokenset-with-qrcode-ticket",
			exchangeReq{ticket, e.appID, e.appSecret}), &r)
		wantTokenSet(t, "exchange after a refused attempt", r)
		// Another application cannot exchange a ticket it was not issued.
		ticket = authorizedTicket(t, web, phone, "QR Gopher")
		decode(t, web.send(t, "POST", "/api/v3/exchange-tokenset-with-qrcode-ticket",
			exchangeReq{ticket, noneID, ""}), &r)
		if r.StatusCode < 400 {
			t.Fatalf("another app exchanged the ticket: %+v", r)
		}
		// Scanning without a user token, or with a forged one, is refused.
		var g GeneQRCodeRespDto
		decode(t, web.send(t, "POST", "/api/v3/gene-qrcode", geneQrReq{"MOBILE_APP"}), &g)
		anon := mustAuthClient(t)
		for _, tok := range []string{"", "forged.token.value"} {
			anon.accessToken = tok
			var c CommonResponseDto
			decode(t, anon.send(t, "POST", "/api/v3/change-qrcode-status", changeQrReq{"SCAN", g.Data.QrcodeId}), &c)
			if c.StatusCode < 400 {
				t.Fatalf("SCAN with token %q accepted: %+v", tok, c)
			}
		}
		if s := qrStatus(t, web, g.Data.QrcodeId); s.Data.Status != "PENDING" {
			t.Fatalf("a refused scan changed the code: %+v", s)
		}
		// An unknown type is bad input.
		var bad GeneQRCodeRespDto
		decode(t, web.send(t, "POST", "/api/v3/gene-qrcode", geneQrReq{"NO_SUCH_TYPE"}), &bad)
		wantError(t, "gene-qrcode unknown type", bad.Envelope, 400)
	})
}
