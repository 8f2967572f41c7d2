// The peer of bench/side-by-side.sh: node-oidc-provider with one confidential client allowed
// client_credentials (JWT access tokens signed with $ALG), refresh_token (rotated on every use,
// like authgate) and authorization_code. Prints one JSON line with refresh tokens minted for
// the refresh benchmark once it listens.
import Provider from "oidc-provider";
import { generateKeyPairSync, randomBytes } from "node:crypto";

const port = Number(process.env.PORT);
const alg = process.env.ALG || "RS256";
const refreshTokens = Number(process.env.REFRESH_TOKENS || "0");
const clientSecret = process.env.CLIENT_SECRET;
const issuer = `http://127.0.0.1:${port}`;

const pair =
  alg === "RS256"
    ? generateKeyPairSync("rsa", { modulusLength: 2048 })
    : generateKeyPairSync("ec", { namedCurve: "P-256" });
const jwk = { ...pair.privateKey.export({ format: "jwk" }), kid: "bench", alg, use: "sig" };
const resource = "urn:bench:api";

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: "bench",
      client_secret: clientSecret,
      grant_types: ["client_credentials", "refresh_token", "authorization_code"],
      response_types: ["code"],
      redirect_uris: ["http://127.0.0.1/cb"],
      scope: "openid offline_access api",
      id_token_signed_response_alg: alg,
    },
  ],
  jwks: { keys: [jwk] },
  findAccount: (ctx, id) => ({ accountId: id, claims: () => ({ sub: id }) }),
  scopes: ["openid", "offline_access", "api"],
  rotateRefreshToken: true,
  // Lifetimes as authgate's defaults (2 h access tokens, 30 d refresh tokens).
  ttl: {
    AccessToken: 7200,
    ClientCredentials: 7200,
    IdToken: 7200,
    Grant: 30 * 24 * 3600,
    RefreshToken: 30 * 24 * 3600,
  },
  features: {
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => resource,
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({
        scope: "api",
        audience: resource,
        accessTokenFormat: "jwt",
        jwt: { sign: { alg } },
      }),
    },
  },
});

async function mintRefreshToken(client) {
  const grant = new provider.Grant({ accountId: "bench-user", clientId: client.clientId });
  grant.addOIDCScope("openid offline_access");
  grant.addResourceScope(resource, "api");
  const grantId = await grant.save();
  const token = new provider.RefreshToken({
    client,
    accountId: "bench-user",
    grantId,
    gty: "authorization_code",
    scope: "openid offline_access api",
    resource,
    authTime: Math.floor(Date.now() / 1000),
    sid: randomBytes(8).toString("hex"),
  });
  return token.save();
}

const server = provider.listen(port, "127.0.0.1", async () => {
  const client = await provider.Client.find("bench");
  const tokens = [];
  for (let i = 0; i < refreshTokens; i += 1) tokens.push(await mintRefreshToken(client));
  process.stdout.write(`${JSON.stringify({ ready: true, refresh_tokens: tokens })}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
