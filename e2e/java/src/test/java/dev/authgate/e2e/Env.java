package dev.authgate.e2e;

import cn.authing.sdk.java.client.AuthenticationClient;
import cn.authing.sdk.java.client.ManagementClient;
import cn.authing.sdk.java.dto.GetApplicationSecretDto;
import cn.authing.sdk.java.dto.GetApplicationSecretRespDto;
import cn.authing.sdk.java.enums.AuthMethodEnum;
import cn.authing.sdk.java.model.AuthenticationClientOptions;
import cn.authing.sdk.java.model.ManagementClientOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import cn.hutool.log.dialect.console.ConsoleLog;
import cn.hutool.log.level.Level;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Shared support of the Java e2e suite: the environment e2e/run.sh exports, clients of the
 * official SDK, applications per client-authentication mode, and the delivery sinks' logs.
 */
final class Env {
    private Env() {
    }

    static {
        // The SDK logs every request and response at INFO, client secrets and tokens included
        // (hutool's console log): keep that out of the run's output unless asked for.
        if (!"1".equals(System.getenv("E2E_JAVA_SDK_LOG"))) {
            ConsoleLog.setLevel(Level.WARN);
        }
    }

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A variable exported by e2e/run.sh; missing means the suite was not started through it. */
    static String env(String name) {
        String v = System.getenv(name);
        if (v == null || v.isEmpty()) {
            throw new IllegalStateException("missing env " + name + " — run the suite through e2e/run.sh");
        }
        return v;
    }

    static final String URL = env("AUTHGATE_URL").replaceAll("/+$", "");
    static final String AK = env("AUTHGATE_ACCESS_KEY_ID");
    static final String SK = env("AUTHGATE_ACCESS_KEY_SECRET");
    static final App DEFAULT_APP = new App(env("AUTHGATE_APP_ID"), env("AUTHGATE_APP_SECRET"));
    static final String PASSWORD = "Corr3ct-horse!";

    /** An application's credentials. */
    record App(String appId, String appSecret) {
    }

    /** A short random tag for names that must not collide between runs. */
    static String tag() {
        byte[] b = new byte[5];
        RANDOM.nextBytes(b);
        return "jv" + HexFormat.of().formatHex(b);
    }

    /** A phone number the SMS sink accepts (it answers 500 for numbers ending in 0000). */
    static String phone() {
        for (;;) {
            String p = "139" + String.format("%08d", RANDOM.nextInt(100_000_000));
            if (!p.endsWith("0000")) {
                return p;
            }
        }
    }

    static ManagementClient mgmt() {
        ManagementClientOptions o = new ManagementClientOptions();
        o.setAccessKeyId(AK);
        o.setAccessKeySecret(SK);
        o.setHost(URL);
        return new ManagementClient(o);
    }

    /** A client of `app` authenticating the way `mode` says, on every endpoint family. */
    static AuthenticationClient client(AuthMethodEnum mode, App app) {
        AuthenticationClientOptions o = new AuthenticationClientOptions();
        o.setAppId(app.appId());
        o.setAppSecret(mode == AuthMethodEnum.NONE ? null : app.appSecret());
        o.setAppHost(URL);
        o.setTokenEndPointAuthMethod(mode.getValue());
        o.setIntrospectionEndPointAuthMethod(mode.getValue());
        o.setRevocationEndPointAuthMethod(mode.getValue());
        try {
            return new AuthenticationClient(o);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------- raw management calls ---

    /** A management token, fetched as the SDK does. */
    static String managementToken() throws IOException, InterruptedException {
        JsonNode body = post("/api/v3/get-management-token",
                Map.of("accessKeyId", AK, "accessKeySecret", SK), null);
        assertEquals(200, body.path("statusCode").asInt(), body.toString());
        return body.path("data").path("access_token").asText();
    }

    /**
     * POSTs JSON; `token` goes in `authorization` with no scheme, exactly as the Java
     * ManagementClient sends it. Answers the envelope (asserting HTTP 200).
     */
    static JsonNode post(String path, Object body, String token) throws IOException, InterruptedException {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(URL + path))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (token != null) {
            req.header("authorization", token);
        }
        HttpResponse<String> resp = HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, resp.statusCode(), path + ": " + resp.body());
        return JSON.readTree(resp.body());
    }

    /**
     * A new application whose token, introspection and revocation endpoints all use `mode`
     * (the Java SDK's typed `OIDCConfig` has no members, so this goes through the management
     * API directly, with the Java wire's bare token).
     */
    static App createApp(AuthMethodEnum mode, String name) throws IOException, InterruptedException {
        String token = managementToken();
        Map<String, Object> oidc = Map.of(
                "token_endpoint_auth_method", mode.getValue(),
                "introspection_endpoint_auth_method", mode.getValue(),
                "revocation_endpoint_auth_method", mode.getValue());
        JsonNode created = post("/api/v3/create-application",
                Map.of("appName", "e2e-java-" + name + "-" + tag(), "appType", "web", "oidcConfig", oidc), token);
        assertEquals(200, created.path("statusCode").asInt(), created.toString());
        String appId = created.path("data").path("appId").asText();
        assertEquals(mode.getValue(),
                created.path("data").path("oidcConfig").path("token_endpoint_auth_method").asText(), created.toString());
        GetApplicationSecretDto dto = new GetApplicationSecretDto();
        dto.setAppId(appId);
        GetApplicationSecretRespDto secret = mgmt().getApplicationSecret(dto);
        assertNotNull(secret, "getApplicationSecret answered something the SDK could not read");
        assertEquals(200, secret.getStatusCode(), secret.getMessage());
        return new App(appId, secret.getData().getSecret());
    }

    static void deleteApp(String appId) throws IOException, InterruptedException {
        JsonNode r = post("/api/v3/delete-application", Map.of("appId", appId), managementToken());
        assertEquals(200, r.path("statusCode").asInt(), r.toString());
    }

    /**
     * What a test class sets up and takes down again: an application per client-authentication
     * mode (named `prefix-<mode>`) and the users it creates.
     */
    static final class Fixtures {
        final Map<AuthMethodEnum, App> apps = new java.util.EnumMap<>(AuthMethodEnum.class);
        final List<String> users = new ArrayList<>();

        Fixtures(String prefix) throws IOException, InterruptedException {
            for (AuthMethodEnum mode : AuthMethodEnum.values()) {
                apps.put(mode, createApp(mode, prefix + "-" + mode.getValue().replace('_', '-')));
            }
        }

        /** Deletes the users and the applications. */
        void cleanUp(ManagementClient mgmt) throws IOException, InterruptedException {
            if (!users.isEmpty()) {
                cn.authing.sdk.java.dto.DeleteUsersBatchDto d = new cn.authing.sdk.java.dto.DeleteUsersBatchDto();
                d.setUserIds(users);
                assertEquals(200, mgmt.deleteUsersBatch(d).getStatusCode());
            }
            for (App app : apps.values()) {
                deleteApp(app.appId());
            }
        }
    }

    // ---------------------------------------------------------------------- the sinks ---

    static List<JsonNode> readJsonl(String path) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        Path p = Path.of(path);
        if (!Files.exists(p)) {
            return out;
        }
        for (String line : Files.readAllLines(p)) {
            if (line.isEmpty()) {
                continue;
            }
            try {
                out.add(JSON.readTree(line));
            } catch (IOException e) {
                // a line still being written
            }
        }
        return out;
    }

    /**
     * Bounded (10 s) wait for a record the server's delivery wrote after the first `after`
     * lines: a state check polled every 50 ms, not a sleep standing in for one.
     */
    static JsonNode waitRecord(String path, Predicate<JsonNode> match, int after, String what)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        for (;;) {
            List<JsonNode> all = readJsonl(path);
            for (int i = all.size() - 1; i >= after; i--) {
                if (match.test(all.get(i))) {
                    return all.get(i);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " arrived in " + path + " within 10s");
            }
            Thread.sleep(50);
        }
    }

    /** The claims of a JWT (unverified). */
    static JsonNode claims(String jwt) throws IOException {
        return JSON.readTree(java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }
}
