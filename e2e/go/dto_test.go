package e2e

// The answer types of the Go SDK (package dto), with the SDK's field types: decoding an
// answer into them fails exactly when the SDK's json.Unmarshal would.

// Envelope is the common part of every *RespDto.
type Envelope struct {
	StatusCode int    `json:"statusCode"`
	Message    string `json:"message"`
	ApiCode    int    `json:"apiCode,omitempty"`
	RequestId  string `json:"requestId,omitempty"`
}

type CommonResponseDto struct {
	Envelope
}

type IsSuccessRespDto struct {
	Envelope
	Data struct {
		Success bool `json:"success"`
	} `json:"data"`
}

type CheckAppIdSecretRespDto struct {
	Envelope
	Data struct {
		Valid bool `json:"valid"`
	} `json:"data"`
}

type GetManagementTokenRespDto struct {
	Envelope
	Data struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int    `json:"expires_in"`
	} `json:"data"`
}

type IdentityDto struct {
	IdentityId    string      `json:"identityId"`
	ExtIdpId      string      `json:"extIdpId"`
	Provider      string      `json:"provider"`
	Type          string      `json:"type"`
	UserIdInIdp   string      `json:"userIdInIdp"`
	UserInfoInIdp interface{} `json:"userInfoInIdp"`
	AccessToken   string      `json:"accessToken,omitempty"`
	RefreshToken  string      `json:"refreshToken,omitempty"`
	OriginConnIds []string    `json:"originConnIds"`
}

type UserDto struct {
	UserId                   string        `json:"userId"`
	CreatedAt                string        `json:"createdAt"`
	UpdatedAt                string        `json:"updatedAt"`
	Status                   string        `json:"status"`
	Email                    string        `json:"email,omitempty"`
	Phone                    string        `json:"phone,omitempty"`
	PhoneCountryCode         string        `json:"phoneCountryCode,omitempty"`
	Username                 string        `json:"username,omitempty"`
	Name                     string        `json:"name,omitempty"`
	Nickname                 string        `json:"nickname,omitempty"`
	Photo                    string        `json:"photo,omitempty"`
	LoginsCount              int           `json:"loginsCount,omitempty"`
	LastLogin                string        `json:"lastLogin,omitempty"`
	LastIp                   string        `json:"lastIp,omitempty"`
	Gender                   string        `json:"gender"`
	EmailVerified            bool          `json:"emailVerified"`
	PhoneVerified            bool          `json:"phoneVerified"`
	PasswordLastSetAt        string        `json:"passwordLastSetAt,omitempty"`
	Birthdate                string        `json:"birthdate,omitempty"`
	Country                  string        `json:"country,omitempty"`
	Province                 string        `json:"province,omitempty"`
	City                     string        `json:"city,omitempty"`
	Address                  string        `json:"address,omitempty"`
	StreetAddress            string        `json:"streetAddress,omitempty"`
	PostalCode               string        `json:"postalCode,omitempty"`
	ExternalId               string        `json:"externalId,omitempty"`
	ResetPasswordOnNextLogin bool          `json:"resetPasswordOnNextLogin,omitempty"`
	DepartmentIds            []string      `json:"departmentIds,omitempty"`
	Identities               []IdentityDto `json:"identities,omitempty"`
	CustomData               interface{}   `json:"customData,omitempty"`
	StatusChangedAt          string        `json:"statusChangedAt,omitempty"`
}

type UserSingleRespDto struct {
	Envelope
	Data UserDto `json:"data"`
}

type UserPaginatedRespDto struct {
	Envelope
	Data struct {
		TotalCount int       `json:"totalCount"`
		List       []UserDto `json:"list"`
	} `json:"data"`
}

type LoginTokenResponseDataDto struct {
	AccessToken  string `json:"access_token,omitempty"`
	IdToken      string `json:"id_token,omitempty"`
	RefreshToken string `json:"refresh_token,omitempty"`
	TokenType    string `json:"token_type"`
	ExpireIn     int    `json:"expire_in"`
}

type LoginTokenRespDto struct {
	Envelope
	Data LoginTokenResponseDataDto `json:"data"`
}

type GeneQRCodeRespDto struct {
	Envelope
	Data struct {
		QrcodeId      string `json:"qrcodeId"`
		Url           string `json:"url"`
		CustomLogoUrl string `json:"customLogoUrl,omitempty"`
	} `json:"data"`
}

type CheckQRCodeStatusRespDto struct {
	Envelope
	Data struct {
		Status        string `json:"status"`
		Ticket        string `json:"ticket,omitempty"`
		BriefUserInfo struct {
			DisplayName string `json:"displayName"`
			Photo       string `json:"photo"`
		} `json:"briefUserInfo,omitempty"`
		TokenSet LoginTokenResponseDataDto `json:"tokenSet,omitempty"`
	} `json:"data"`
}

type CreateApplicationRespDto struct {
	Envelope
	Data struct {
		AppId      string         `json:"appId"`
		OidcConfig map[string]any `json:"oidcConfig"`
	} `json:"data"`
}

type GetApplicationSecretRespDto struct {
	Envelope
	Data struct {
		Secret string `json:"secret"`
	} `json:"data"`
}

// OIDCTokenResponse is what GetNewAccessTokenByRefreshToken's caller decodes.
type OIDCTokenResponse struct {
	AccessToken  string `json:"access_token"`
	IdToken      string `json:"id_token"`
	RefreshToken string `json:"refresh_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int    `json:"expires_in"`
	Scope        string `json:"scope"`
}

// IntrospectTokenResult: exp / iat are ints.
type IntrospectTokenResult struct {
	Active bool   `json:"active"`
	Exp    int    `json:"exp,omitempty"`
	Iat    int    `json:"iat,omitempty"`
	Sub    string `json:"sub,omitempty"`
	Scope  string `json:"scope,omitempty"`
}

// UserInfoCommon is the SDK's profile-claim struct (every member a string, updated_at too).
type UserInfoCommon struct {
	Name              string `json:"name,omitempty"`
	Nickname          string `json:"nickname,omitempty"`
	GivenName         string `json:"given_name,omitempty"`
	FamilyName        string `json:"family_name,omitempty"`
	Birthdate         string `json:"birthdate,omitempty"`
	Gender            string `json:"gender,omitempty"`
	Picture           string `json:"picture,omitempty"`
	UpdatedAt         string `json:"updated_at,omitempty"`
	Zoneinfo          string `json:"zoneinfo,omitempty"`
	PreferredUsername string `json:"preferred_username,omitempty"`
	Locale            string `json:"locale,omitempty"`
}

// UserInfo is GetUserInfo's answer.
type UserInfo struct {
	Subject string `json:"sub,omitempty"`
	UserInfoCommon
}

// IDTokenClaims is what ParseIDToken decodes: the profile claims plus jwt-go v3's
// StandardClaims (aud a string, times int64).
type IDTokenClaims struct {
	UserInfoCommon
	Nonce     string `json:"nonce,omitempty"`
	AtHash    string `json:"at_hash,omitempty"`
	Audience  string `json:"aud,omitempty"`
	ExpiresAt int64  `json:"exp,omitempty"`
	Id        string `json:"jti,omitempty"`
	IssuedAt  int64  `json:"iat,omitempty"`
	Issuer    string `json:"iss,omitempty"`
	NotBefore int64  `json:"nbf,omitempty"`
	Subject   string `json:"sub,omitempty"`
}
