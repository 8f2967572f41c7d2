package e2e

import (
	"fmt"
	"math/rand"
	"testing"
)

const password = "Go-e2e pass 1"

// The management request structs as the SDK marshals them: struct-typed members (otp,
// options, sendNotification, pagination) are always present.
type createUserReq struct {
	Username         string `json:"username,omitempty"`
	Email            string `json:"email,omitempty"`
	Phone            string `json:"phone,omitempty"`
	PhoneCountryCode string `json:"phoneCountryCode,omitempty"`
	Nickname         string `json:"nickname,omitempty"`
	Photo            string `json:"photo,omitempty"`
	Password         string `json:"password,omitempty"`
	Otp              struct {
		Secret       string `json:"secret"`
		RecoveryCode string `json:"recoveryCode,omitempty"`
	} `json:"otp,omitempty"`
	Options struct {
		KeepPassword     bool   `json:"keepPassword,omitempty"`
		DepartmentIdType string `json:"departmentIdType,omitempty"`
		SendNotification struct {
			SendEmailNotification bool   `json:"sendEmailNotification,omitempty"`
			AppId                 string `json:"appId,omitempty"`
		} `json:"sendNotification,omitempty"`
	} `json:"options,omitempty"`
}

type getUserReq struct {
	UserId            string `json:"userId,omitempty"`
	UserIdType        string `json:"userIdType,omitempty"`
	WithCustomData    bool   `json:"withCustomData,omitempty"`
	WithIdentities    bool   `json:"withIdentities,omitempty"`
	WithDepartmentIds bool   `json:"withDepartmentIds,omitempty"`
}

type updateUserReq struct {
	UserId   string `json:"userId"`
	Nickname string `json:"nickname,omitempty"`
	Email    string `json:"email,omitempty"`
	Options  struct {
		UserIdType                      string `json:"userIdType,omitempty"`
		SendPasswordResetedNotification struct {
			AppId string `json:"appId,omitempty"`
		} `json:"sendPasswordResetedNotification,omitempty"`
	} `json:"options,omitempty"`
}

type listUsersReq struct {
	Keywords string `json:"keywords,omitempty"`
	Options  struct {
		Pagination struct {
			Page  int `json:"page,omitempty"`
			Limit int `json:"limit,omitempty"`
		} `json:"pagination,omitempty"`
		WithCustomData bool `json:"withCustomData,omitempty"`
	} `json:"options,omitempty"`
}

type deleteUsersReq struct {
	UserIds []string `json:"userIds"`
	Options struct {
		UserIdType string `json:"userIdType,omitempty"`
	} `json:"options,omitempty"`
}

// phoneNumber is a plausible mainland-China mobile number never ending in 0000 (the SMS
// sink answers 500 for those).
func phoneNumber() string {
	for {
		p := fmt.Sprintf("13%d%08d", 5+rand.Intn(4), rand.Intn(100000000))
		if p[len(p)-4:] != "0000" {
			return p
		}
	}
}

// createUser creates a user with username, email and phone; it is deleted when the test ends.
func createUser(t *testing.T, m *mgmtClient, nickname string) UserDto {
	t.Helper()
	tg := tag(t)
	req := createUserReq{Username: "u_" + tg, Email: tg + "@example.com", Phone: phoneNumber(),
		PhoneCountryCode: "+86", Nickname: nickname, Password: password, Photo: "https://example.com/" + tg + ".png"}
	var r UserSingleRespDto
	m.call(t, "POST", "/api/v3/create-user", req, &r)
	if r.StatusCode != 200 || r.Data.UserId == "" {
		t.Fatalf("create-user: %+v", r)
	}
	t.Cleanup(func() {
		var d IsSuccessRespDto
		m.call(t, "POST", "/api/v3/delete-users-batch", deleteUsersReq{UserIds: []string{r.Data.UserId}}, &d)
	})
	return r.Data
}

func TestManagementUsersCrud(t *testing.T) {
	m := newMgmtClient(t)
	u := createUser(t, m, "Gopher")
	if u.Nickname != "Gopher" || u.Gender == "" || u.CreatedAt == "" || u.Status == "" {
		t.Fatalf("created user: %+v", u)
	}

	// GetUser by id and by username; the GET carries Go's query shape and JSON body.
	var got UserSingleRespDto
	m.call(t, "GET", "/api/v3/get-user", getUserReq{UserId: u.UserId}, &got)
	if got.StatusCode != 200 || got.Data.UserId != u.UserId || got.Data.Email != u.Email {
		t.Fatalf("get-user: %+v", got)
	}
	m.call(t, "GET", "/api/v3/get-user",
		getUserReq{UserId: u.Username, UserIdType: "username", WithCustomData: true, WithIdentities: true}, &got)
	if got.Data.UserId != u.UserId {
		t.Fatalf("get-user by username: %+v", got)
	}

	// UpdateUser.
	var upd UserSingleRespDto
	m.call(t, "POST", "/api/v3/update-user", updateUserReq{UserId: u.UserId, Nickname: "Renamed"}, &upd)
	if upd.StatusCode != 200 || upd.Data.Nickname != "Renamed" {
		t.Fatalf("update-user: %+v", upd)
	}

	// ListUsers (POST) finds the user by keyword; the page default applies to an empty
	// pagination struct.
	var list UserPaginatedRespDto
	m.call(t, "POST", "/api/v3/list-users", listUsersReq{Keywords: u.Username}, &list)
	if list.StatusCode != 200 || list.Data.TotalCount < 1 {
		t.Fatalf("list-users: %+v", list)
	}
	found := false
	for _, x := range list.Data.List {
		found = found || x.UserId == u.UserId
	}
	if !found {
		t.Fatalf("list-users does not list %s: %+v", u.UserId, list)
	}

	// DeleteUsersBatch, then the user is gone.
	var del IsSuccessRespDto
	m.call(t, "POST", "/api/v3/delete-users-batch", deleteUsersReq{UserIds: []string{u.UserId}}, &del)
	if del.StatusCode != 200 || !del.Data.Success {
		t.Fatalf("delete-users-batch: %+v", del)
	}
	m.call(t, "GET", "/api/v3/get-user", getUserReq{UserId: u.UserId}, &got)
	wantError(t, "get-user after delete", got.Envelope, 404)
}

func TestManagementUsersBadInput(t *testing.T) {
	m := newMgmtClient(t)
	u := createUser(t, m, "Dup")

	var r UserSingleRespDto
	// No identifier at all.
	m.call(t, "POST", "/api/v3/create-user", createUserReq{Password: password}, &r)
	wantError(t, "create-user without identifier", r.Envelope, 400)
	// A username that is taken.
	m.call(t, "POST", "/api/v3/create-user", createUserReq{Username: u.Username, Password: password}, &r)
	wantError(t, "create-user with a taken username", r.Envelope, 409)
	// An unknown user.
	m.call(t, "GET", "/api/v3/get-user", getUserReq{UserId: "no-such-user"}, &r)
	wantError(t, "get-user unknown", r.Envelope, 404)
	m.call(t, "POST", "/api/v3/update-user", updateUserReq{UserId: "no-such-user", Nickname: "x"}, &r)
	wantError(t, "update-user unknown", r.Envelope, 404)
	// Another user's email.
	other := createUser(t, m, "Other")
	m.call(t, "POST", "/api/v3/update-user", updateUserReq{UserId: other.UserId, Email: u.Email}, &r)
	wantError(t, "update-user to a taken email", r.Envelope, 409)
	// Paging beyond the maximum.
	var list UserPaginatedRespDto
	req := listUsersReq{}
	req.Options.Pagination.Page, req.Options.Pagination.Limit = 1, 500
	m.call(t, "POST", "/api/v3/list-users", req, &list)
	wantError(t, "list-users limit 500", list.Envelope, 400)
}

func TestManagementTokenIsRefusedWhenForged(t *testing.T) {
	m := newMgmtClient(t)
	m.token = m.token[:len(m.token)-4] + "AAAA"
	var r UserSingleRespDto
	m.call(t, "GET", "/api/v3/get-user", getUserReq{UserId: "anyone"}, &r)
	if r.StatusCode < 400 || r.StatusCode == 404 {
		t.Fatalf("a forged management token must be refused: %+v", r)
	}
}
