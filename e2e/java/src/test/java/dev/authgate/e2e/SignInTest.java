package dev.authgate.e2e;

import cn.authing.sdk.java.client.AuthenticationClient;
import cn.authing.sdk.java.client.ManagementClient;
import cn.authing.sdk.java.dto.CreateUserReqDto;
import cn.authing.sdk.java.dto.GetNewAccessTokenByRefreshTokenRespDto;
import cn.authing.sdk.java.dto.IntrospectTokenRespDto;
import cn.authing.sdk.java.dto.LoginTokenRespDto;
import cn.authing.sdk.java.dto.LoginTokenResponseDataDto;
import cn.authing.sdk.java.dto.SendEmailDto;
import cn.authing.sdk.java.dto.SendEmailRespDto;
import cn.authing.sdk.java.dto.SendSMSDto;
import cn.authing.sdk.java.dto.SendSMSRespDto;
import cn.authing.sdk.java.dto.SignInOptionsDto;
import cn.authing.sdk.java.dto.UserSingleRespDto;
import cn.authing.sdk.java.dto.ValidateTokenRespDto;
import cn.authing.sdk.java.dto.authentication.AccessToken;
import cn.authing.sdk.java.dto.authentication.UserInfo;
import cn.authing.sdk.java.dto.authentication.ValidateTokenParams;
import cn.authing.sdk.java.enums.AuthMethodEnum;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * AuthenticationClient against authgate in each client-authentication mode: every password
 * method, email and SMS passcodes, then the token family (refresh, introspection, UserInfo,
 * offline verification, validateToken, revocation) exactly as the Java SDK sends it.
 */
class SignInTest {
    private static final ManagementClient MGMT = Env.mgmt();
    private static Env.Fixtures fixtures;
    private static final String MAIL_LOG = Env.env("E2E_MAIL_LOG");
    private static final String SMS_LOG = Env.env("E2E_SMS_LOG");

    @BeforeAll
    static void apps() throws Exception {
        fixtures = new Env.Fixtures("signin");
    }

    @AfterAll
    static void cleanUp() throws Exception {
        fixtures.cleanUp(MGMT);
    }

    /** A user created through the ManagementClient, and the id it got. */
    private record Person(CreateUserReqDto u, String id) {
    }

    /** A user with email, phone, username and password. */
    private static Person user() {
        String t = Env.tag();
        CreateUserReqDto u = new CreateUserReqDto();
        u.setEmail(t + "@example.com");
        u.setPhone(Env.phone());
        u.setUsername("u_" + t);
        u.setPassword(Env.PASSWORD);
        UserSingleRespDto created = MGMT.createUser(u);
        assertNotNull(created, "createUser answered something the SDK could not read");
        assertEquals(200, created.getStatusCode(), created.getMessage());
        fixtures.users.add(created.getData().getUserId());
        return new Person(u, created.getData().getUserId());
    }

    private static LoginTokenResponseDataDto tokens(LoginTokenRespDto r, String userId, Env.App app) throws Exception {
        assertNotNull(r, "the SDK could not read the sign-in answer");
        assertEquals(200, r.getStatusCode(), r.getMessage());
        LoginTokenResponseDataDto d = r.getData();
        assertEquals(userId, Env.claims(d.getAccessToken()).path("sub").asText());
        assertEquals(app.appId(), Env.claims(d.getAccessToken()).path("aud").asText());
        assertTrue(d.getExpireIn() > 0);
        return d;
    }

    @ParameterizedTest
    @EnumSource(AuthMethodEnum.class)
    void everyPasswordMethod(AuthMethodEnum mode) throws Exception {
        Env.App app = fixtures.apps.get(mode);
        AuthenticationClient c = Env.client(mode, app);
        Person p = user();
        CreateUserReqDto u = p.u();
        String id = p.id();
        tokens(c.signInByEmailPassword(u.getEmail(), Env.PASSWORD, null), id, app);
        tokens(c.signInByPhonePassword(u.getPhone(), Env.PASSWORD, null), id, app);
        tokens(c.signInByUsernamePassword(u.getUsername(), Env.PASSWORD, null), id, app);
        tokens(c.signInByAccountPassword(u.getUsername(), Env.PASSWORD, null), id, app);
        tokens(c.signInByAccountPassword(u.getEmail(), Env.PASSWORD, null), id, app);

        // A wrong password is an envelope (HTTP 200), the ambiguous 403.
        LoginTokenRespDto wrong = c.signInByEmailPassword(u.getEmail(), "nope-" + Env.PASSWORD, null);
        assertEquals(403, wrong.getStatusCode(), wrong.getMessage());
        assertEquals(null, wrong.getData());
    }

    @ParameterizedTest
    @EnumSource(AuthMethodEnum.class)
    void passcodesByEmailAndSms(AuthMethodEnum mode) throws Exception {
        Env.App app = fixtures.apps.get(mode);
        AuthenticationClient c = Env.client(mode, app);
        Person p = user();
        CreateUserReqDto u = p.u();

        int mailMark = Env.readJsonl(MAIL_LOG).size();
        SendEmailDto mail = new SendEmailDto();
        mail.setEmail(u.getEmail());
        mail.setChannel(SendEmailDto.Channel.CHANNEL_LOGIN);
        SendEmailRespDto sent = c.sendEmail(mail);
        assertEquals(200, sent.getStatusCode(), sent.getMessage());
        JsonNode rec = Env.waitRecord(MAIL_LOG, r -> r.path("to").toString().toLowerCase()
                .contains(u.getEmail().toLowerCase()) && !r.path("code").isNull(), mailMark, "email to " + u.getEmail());
        String code = rec.path("code").asText();
        assertTrue(code.matches("\\d{6}"), rec.toString());
        // A wrong code first: refused, and the right one still works afterwards.
        String wrongCode = code.equals("000000") ? "111111" : "000000";
        assertNotEquals(200, c.signInByEmailPassCode(u.getEmail(), wrongCode, null).getStatusCode());
        tokens(c.signInByEmailPassCode(u.getEmail(), code, null), p.id(), app);

        int smsMark = Env.readJsonl(SMS_LOG).size();
        SendSMSDto sms = new SendSMSDto();
        sms.setPhoneNumber(u.getPhone());
        sms.setChannel(SendSMSDto.Channel.CHANNEL_LOGIN);
        SendSMSRespDto smsSent = c.sendSms(sms);
        assertEquals(200, smsSent.getStatusCode(), smsSent.getMessage());
        JsonNode smsRec = Env.waitRecord(SMS_LOG, r -> u.getPhone().equals(r.path("phone").asText())
                && !r.has("status"), smsMark, "SMS to " + u.getPhone());
        String smsCode = smsRec.path("code").asText();
        assertTrue(smsCode.matches("\\d{6}"), smsRec.toString());
        tokens(c.signInByPhonePassCode(u.getPhone(), smsCode, null, null), p.id(), app);
        // Codes are single-use.
        assertNotEquals(200, c.signInByPhonePassCode(u.getPhone(), smsCode, null, null).getStatusCode());
    }

    @ParameterizedTest
    @EnumSource(AuthMethodEnum.class)
    void theTokenFamily(AuthMethodEnum mode) throws Exception {
        Env.App app = fixtures.apps.get(mode);
        AuthenticationClient c = Env.client(mode, app);
        Person p = user();
        CreateUserReqDto u = p.u();
        SignInOptionsDto opts = new SignInOptionsDto();
        opts.setScope("openid profile email phone offline_access");
        LoginTokenResponseDataDto set = tokens(c.signInByEmailPassword(u.getEmail(), Env.PASSWORD, opts),
                p.id(), app);
        assertNotNull(set.getRefreshToken(), "offline_access gives a refresh token");

        // Refresh: /oidc/token, a raw form body with a trailing '&'.
        GetNewAccessTokenByRefreshTokenRespDto fresh = c.getNewAccessTokenByRefreshToken(set.getRefreshToken());
        assertNotNull(fresh.getAccessToken(), "refresh answered no access token");
        assertNotEquals(set.getRefreshToken(), fresh.getRefreshToken(), "refresh tokens rotate");
        String at = fresh.getAccessToken();

        // Introspection.
        IntrospectTokenRespDto live = c.introspectToken(at);
        assertEquals(Boolean.TRUE, live.getActive());
        assertEquals(p.id(), live.getSub());

        // UserInfo: GET /oidc/me/?access_token=… (trailing slash).
        UserInfo info = c.getUserInfoByAccessToken(at);
        assertNotNull(info, "UserInfo answered something the SDK could not read");
        assertEquals(p.id(), info.getSub());
        Map<String, Object> claims = c.getUserInfoMapByAccessToken(at);
        assertEquals(u.getEmail(), claims.get("email"));

        // Offline: the FIRST JWKS key, whatever the kid.
        AccessToken offline = c.introspectAccessTokenOffline(at);
        assertEquals(p.id(), offline.getSub());
        assertEquals(app.appId(), offline.getAud());
        String tampered = at.substring(0, at.lastIndexOf('.') + 1) + "AAAA" + at.substring(at.lastIndexOf('.') + 5);
        assertThrows(Exception.class, () -> c.introspectAccessTokenOffline(tampered));

        // validateToken: GET /api/v2/oidc/validate_token.
        ValidateTokenParams byAccess = new ValidateTokenParams();
        byAccess.setAccessToken(at);
        ValidateTokenRespDto valid = c.validateToken(byAccess);
        assertEquals(p.id(), valid.getSub());
        assertEquals(null, valid.getCode());
        ValidateTokenParams byId = new ValidateTokenParams();
        byId.setIdToken(fresh.getIdToken());
        assertEquals(app.appId(), c.validateToken(byId).getAud());
        ValidateTokenParams bogus = new ValidateTokenParams();
        bogus.setAccessToken("not.a.token");
        ValidateTokenRespDto refused = c.validateToken(bogus);
        assertNotNull(refused.getCode());
        assertEquals(null, refused.getSub());

        // Revocation, then the token is dead everywhere.
        assertTrue(c.revokeToken(at));
        assertFalse(c.introspectToken(at).getActive());
        assertNotNull(c.validateToken(byAccess).getCode());
        assertThrows(RuntimeException.class, () -> c.getUserInfoByAccessToken(at),
                "UserInfo answers 401 for a revoked token; the SDK throws on non-2xx");
        // The used refresh token is refused too (RFC error, non-2xx: the SDK throws).
        assertThrows(RuntimeException.class, () -> c.getNewAccessTokenByRefreshToken(set.getRefreshToken()));
    }
}
