package io.pivotreport.systemtest.harness;

import io.pivotreport.auth.CanonicalRequest;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Generates hostile requests against the live gateway: every one carries a token the gateway must refuse. Each starts
 * from a token that would be accepted on its route and breaks it one way: the signature (bit flips, truncation, other
 * keys), the header (algorithms, {@code kid}s, embedded keys, critical extensions), the claims (times, issuer,
 * audience, {@code qsh}, types, duplicates), the size, the encoding, the transport (scheme, two tokens) and the token
 * class. Tokens are re-signed with the legitimate key only where the change itself must make them invalid. Seeded:
 * a failing run is reproduced with its seed.
 */
public final class HostileTokens {

    /** One hostile request: where it goes and how it was made. */
    public record Probe(String category, String route, String method, String path, Map<String, List<String>> headers,
                        byte[] body, boolean raw) {
    }

    /** A route with the legitimate token it accepts. */
    private record Route(String name, String method, String path, String tokenClass, Supplier<Map<String, Object>> claims,
                         Supplier<byte[]> body) {
    }

    private static final String HS = "HS256";
    private final SystemUnderTest system;
    private final JiraSite site;
    private final JiraSite otherSite;
    private final ForgeSite forge;
    private final Random random;
    private final KeyPair attacker = AtlassianFake.newRsaKeyPair();
    private final List<Route> routes = new ArrayList<>();

    public HostileTokens(SystemUnderTest system, JiraSite site, JiraSite otherSite, ForgeSite forge, long seed) {
        this.system = system;
        this.site = site;
        this.otherSite = otherSite;
        this.forge = forge;
        this.random = new Random(seed);
        String pageQuery = site.pageQuery("active");
        routes.add(new Route("GET /api/reports (context)", "GET", "/api/reports", "context",
                () -> contextClaims(), () -> null));
        routes.add(new Route("POST /api/reports (context)", "POST", "/api/reports", "context",
                () -> contextClaims(), () -> json(Payloads.report("Hostile", "private"))));
        routes.add(new Route("POST /api/events (context)", "POST", "/api/events", "context",
                () -> contextClaims(), () -> json(Payloads.batch(List.of(Payloads.event(UUID.randomUUID(), 100))))));
        routes.add(new Route("GET /api/license (context)", "GET", "/api/license", "context",
                () -> contextClaims(), () -> null));
        routes.add(new Route("GET page (host)", "GET", JiraSite.PAGE_PATH + "?" + pageQuery, "host",
                () -> hostClaims("GET", JiraSite.PAGE_PATH, pageQuery, site.accountId()), () -> null));
        routes.add(new Route("POST /lifecycle/enabled (host)", "POST", "/lifecycle/enabled", "host",
                () -> hostClaims("POST", "/lifecycle/enabled", null, null),
                () -> json(site.lifecycleBody("enabled"))));
        routes.add(new Route("POST /lifecycle/installed (signed install)", "POST", "/lifecycle/installed", "install",
                null, null));
        routes.add(new Route("POST /lifecycle/uninstalled (signed install)", "POST", "/lifecycle/uninstalled",
                "install", null, null));
        routes.add(new Route("GET /api/reports (Forge)", "GET", "/api/reports", "forge",
                () -> forge.claims(forge.accountId(), true), () -> null));
        routes.add(new Route("POST /forge/lifecycle (Forge)", "POST", "/forge/lifecycle", "forge", null, null));
    }

    /** The prefix of every client key and installation a hostile install names: none may ever be stored. */
    public static final String HOSTILE_PREFIX = "hostile-";

    private Map<String, Object> contextClaims() {
        Map<String, Object> claims = Jwt.claims(site.clientKey(), site.accountId(), 180);
        claims.put("qsh", "context-qsh");
        return claims;
    }

    private Map<String, Object> hostClaims(String method, String path, String query, String account) {
        Map<String, Object> claims = Jwt.claims(site.clientKey(), account, 180);
        claims.put("qsh", CanonicalRequest.qsh(method, path, query, ""));
        return claims;
    }

    /** A fresh body and matching legitimate claims for the install routes (a new site each time). */
    private record Install(JiraSite newSite, Map<String, Object> claims, byte[] body) {
    }

    private Install install(Route route) {
        JiraSite newSite = new JiraSite("jira:" + HOSTILE_PREFIX + UUID.randomUUID(), site.sharedSecret(),
                "https://" + HOSTILE_PREFIX + random.nextInt(1_000_000) + ".atlassian.net", null);
        String event = route.path().substring("/lifecycle/".length());
        Map<String, Object> claims = Jwt.claims(newSite.clientKey(), null, 180);
        claims.put("aud", system.appBaseUrl());
        claims.put("qsh", CanonicalRequest.qsh("POST", route.path(), null, ""));
        return new Install(newSite, claims, json(newSite.lifecycleBody(event)));
    }

    private Map<String, Object> forgeLifecycleClaims(String installationId) {
        ForgeSite newInstallation = new ForgeSite(installationId, forge.cloudId(), null);
        return newInstallation.claims(null, null);
    }

    private static byte[] json(Object value) {
        return Jwt.toJson(value).getBytes(StandardCharsets.UTF_8);
    }

    /** {@code count} hostile probes, cycling through the routes and categories. */
    public List<Probe> generate(int count) {
        List<Probe> probes = new ArrayList<>(count);
        int i = 0;
        while (probes.size() < count) {
            Route route = routes.get(i % routes.size());
            probes.add(probe(route, i / routes.size()));
            i++;
        }
        return probes;
    }

    private Probe probe(Route route, int n) {
        Map<String, Object> claims;
        byte[] body;
        String legitimateSecretOrNull = null;
        boolean rsa;
        String kid = null;
        if (route.tokenClass().equals("install")) {
            Install install = install(route);
            claims = install.claims();
            body = install.body();
            rsa = true;
            kid = AtlassianFake.INSTALL_KID;
        } else if (route.path().equals("/forge/lifecycle")) {
            String installationId = "ari:cloud:ecosystem::installation/" + HOSTILE_PREFIX + UUID.randomUUID();
            claims = forgeLifecycleClaims(installationId);
            body = json(Map.of("eventType", "avi:forge:installed:app", "id", UUID.randomUUID().toString(),
                    "context", Map.of("cloudId", forge.cloudId())));
            rsa = true;
            kid = AtlassianFake.FORGE_KID;
        } else {
            claims = route.claims().get();
            body = route.body().get();
            rsa = route.tokenClass().equals("forge");
            kid = rsa ? AtlassianFake.FORGE_KID : null;
            legitimateSecretOrNull = rsa ? null : site.sharedSecret();
        }
        Signer legit = rsa
                ? new Signer("RS256", kid, input -> Jwt.rsa(input, "SHA256withRSA", legitimateRsaKey(route)))
                : new Signer(HS, null, input -> Jwt.hmac(input, "HmacSHA256",
                        site.sharedSecret().getBytes(StandardCharsets.UTF_8)));
        String scheme = route.tokenClass().equals("forge") ? "Bearer" : "JWT";
        boolean inQuery = route.tokenClass().equals("host") && route.method().equals("GET");
        Mutation mutation = MUTATIONS[Math.floorMod(n * 7 + random.nextInt(3), MUTATIONS.length)];
        return mutation.apply(this, new Base(route, claims, body, legit, scheme, inQuery, rsa,
                legitimateSecretOrNull));
    }

    private java.security.PrivateKey legitimateRsaKey(Route route) {
        return route.tokenClass().equals("install") ? system.atlassian().installKeys().getPrivate()
                : system.atlassian().forgeKeys().getPrivate();
    }

    private record Signer(String alg, String kid, java.util.function.Function<String, String> sign) {
        String token(Map<String, Object> header, Map<String, Object> claims) {
            return sign.apply(Jwt.segment(header) + "." + Jwt.segment(claims));
        }

        String token(Map<String, Object> claims) {
            return token(Jwt.header(alg, kid), claims);
        }

        String rawToken(String headerJson, String claimsJson) {
            return sign.apply(Jwt.segment(headerJson) + "." + Jwt.segment(claimsJson));
        }
    }

    private record Base(Route route, Map<String, Object> claims, byte[] body, Signer legit, String scheme,
                        boolean inQuery, boolean rsa, String secret) {
        String valid() {
            return legit.token(claims);
        }

        Map<String, Object> claimsCopy() {
            return new LinkedHashMap<>(claims);
        }
    }

    @FunctionalInterface
    private interface Mutation {
        Probe apply(HostileTokens gen, Base base);
    }

    private Probe withToken(String category, Base base, String token) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        String path = base.route().path();
        if (base.inQuery()) {
            path = path + "&jwt=" + urlEncode(token);
        } else {
            headers.put("Authorization", List.of(base.scheme() + " " + token));
        }
        return probe(category, base, path, headers);
    }

    private Probe probe(String category, Base base, String path, Map<String, List<String>> headers) {
        if (base.body() != null) {
            headers.put("Content-Type", List.of("application/json"));
        }
        // Java's HTTP client refuses control and non-Latin-1 characters in headers: those go over a raw socket
        boolean raw = headers.values().stream().flatMap(List::stream)
                .anyMatch(v -> v.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f || c > 0xff));
        return new Probe(category, base.route().name(), base.route().method(), path, headers, base.body(), raw);
    }

    private static String urlEncode(String text) {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    // ---- the mutations

    private static final Mutation[] MUTATIONS = {
            HostileTokens::flipSignatureBit,
            HostileTokens::truncateSignature,
            HostileTokens::dropSignature,
            HostileTokens::randomSignature,
            HostileTokens::tamperPayloadKeepSignature,
            HostileTokens::algorithmSwap,
            HostileTokens::algorithmConfusion,
            HostileTokens::hostileKid,
            HostileTokens::embeddedKey,
            HostileTokens::criticalHeader,
            HostileTokens::duplicateMembers,
            HostileTokens::badTimes,
            HostileTokens::badIssuerOrAudience,
            HostileTokens::badQsh,
            HostileTokens::claimsNotAnObject,
            HostileTokens::wrongKey,
            HostileTokens::structure,
            HostileTokens::oversized,
            HostileTokens::encoding,
            HostileTokens::transport,
            HostileTokens::wrongClass,
            HostileTokens::rawBytes,
    };

    private Probe flipSignatureBit(Base base) {
        String token = base.valid();
        int dot = token.lastIndexOf('.');
        byte[] signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
        int bit = random.nextInt(signature.length * 8);
        signature[bit / 8] ^= (byte) (1 << (bit % 8));
        return withToken("signature: one bit flipped", base, token.substring(0, dot + 1) + Jwt.b64(signature));
    }

    private Probe truncateSignature(Base base) {
        String token = base.valid();
        int dot = token.lastIndexOf('.');
        byte[] signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
        int keep = random.nextInt(signature.length);
        return withToken("signature: truncated", base,
                token.substring(0, dot + 1) + Jwt.b64(java.util.Arrays.copyOf(signature, keep)));
    }

    private Probe dropSignature(Base base) {
        String token = base.valid();
        String unsigned = token.substring(0, token.lastIndexOf('.') + 1);
        return withToken("signature: removed", base, random.nextBoolean() ? unsigned
                : unsigned.substring(0, unsigned.length() - 1));
    }

    private Probe randomSignature(Base base) {
        String token = base.valid();
        byte[] signature = new byte[base.rsa() ? 256 : 32];
        random.nextBytes(signature);
        return withToken("signature: random bytes", base, token.substring(0, token.lastIndexOf('.') + 1)
                + Jwt.b64(signature));
    }

    private Probe tamperPayloadKeepSignature(Base base) {
        String token = base.valid();
        int first = token.indexOf('.');
        int last = token.lastIndexOf('.');
        Map<String, Object> claims = base.claimsCopy();
        switch (random.nextInt(5)) {
            case 0 -> claims.put("exp", ((Number) claims.get("exp")).longValue() + 86_400);
            case 1 -> claims.put("sub", "557058:" + UUID.randomUUID());
            case 2 -> claims.put("iss", otherSite.clientKey());
            case 3 -> claims.put("qsh", "context-qsh".equals(claims.get("qsh")) ? "0".repeat(64) : "context-qsh");
            default -> claims.put("admin", true);
        }
        return withToken("payload: changed under the original signature", base,
                token.substring(0, first + 1) + Jwt.segment(claims) + token.substring(last));
    }

    private Probe algorithmSwap(Base base) {
        Object[] algs = {"none", "None", "NONE", "nOnE", "HS384", "HS512", "RS384", "RS512", "ES256", "PS256",
                "EdDSA", "", null, 256, List.of(base.legit().alg()), base.rsa() ? "HS256" : "RS256",
                base.legit().alg().toLowerCase(), base.legit().alg() + " "};
        Object alg = algs[random.nextInt(algs.length)];
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", alg);
        header.put("typ", "JWT");
        if (base.legit().kid() != null) {
            header.put("kid", base.legit().kid());
        }
        String signingInput = Jwt.segment(header) + "." + Jwt.segment(base.claims());
        String signature = switch (random.nextInt(3)) {
            case 0 -> "";
            case 1 -> base.valid().substring(base.valid().lastIndexOf('.') + 1);
            default -> Jwt.b64(new byte[] {1, 2, 3});
        };
        return withToken("header: algorithm " + alg, base, signingInput + "." + signature);
    }

    /** RS256 route signed HS256 with the public key as the HMAC secret; HS256 route signed RS256 with a foreign key. */
    private Probe algorithmConfusion(Base base) {
        if (base.rsa()) {
            byte[] publicKey = base.route().tokenClass().equals("install")
                    ? system.atlassian().installKeys().getPublic().getEncoded()
                    : system.atlassian().forgeKeys().getPublic().getEncoded();
            byte[] secret = random.nextBoolean() ? publicKey
                    : io.pivotreport.test.Pem.encode(base.route().tokenClass().equals("install")
                    ? system.atlassian().installKeys().getPublic()
                    : system.atlassian().forgeKeys().getPublic()).getBytes(StandardCharsets.US_ASCII);
            String input = Jwt.segment(Jwt.header("HS256", base.legit().kid())) + "." + Jwt.segment(base.claims());
            return withToken("header: HS256 keyed with the RSA public key", base,
                    Jwt.hmac(input, "HmacSHA256", secret));
        }
        String input = Jwt.segment(Jwt.header("RS256", "attacker")) + "." + Jwt.segment(base.claims());
        return withToken("header: RS256 on an HS256 route", base,
                Jwt.rsa(input, "SHA256withRSA", attacker.getPrivate()));
    }

    private Probe hostileKid(Base base) {
        String[] kids = {"../../../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "http://127.0.0.1:1/evil.pem",
                "/dev/zero", "kid' OR '1'='1", "\"; DROP TABLE tenant; --", "x".repeat(300 + random.nextInt(3000)),
                "", "unknown-" + UUID.randomUUID(), "%00", "..\\..\\windows", "${jndi:ldap://127.0.0.1:1/a}",
                AtlassianFake.INSTALL_KID + "/../" + AtlassianFake.FORGE_KID, AtlassianFake.FORGE_KID,
                AtlassianFake.INSTALL_KID};
        String kid = kids[random.nextInt(kids.length)];
        Map<String, Object> header = Jwt.header(base.rsa() ? "RS256" : HS, null);
        header.put("kid", random.nextInt(10) == 0 ? (Object) 12345 : kid);
        // signed with the attacker's key: the kid must not lead the gateway to a key that verifies it
        String input = Jwt.segment(header) + "." + Jwt.segment(base.claims());
        String token = base.rsa() ? Jwt.rsa(input, "SHA256withRSA", attacker.getPrivate())
                : Jwt.hmac(input, "HmacSHA256", "attacker-secret-attacker-secret-32b".getBytes(StandardCharsets.UTF_8));
        return withToken("header: hostile kid", base, token);
    }

    private Probe embeddedKey(Base base) {
        Map<String, Object> header = Jwt.header(base.rsa() ? "RS256" : HS, base.legit().kid());
        java.security.interfaces.RSAPublicKey key = (java.security.interfaces.RSAPublicKey) attacker.getPublic();
        Map<String, Object> jwk = Map.of("kty", "RSA", "n", Jwt.b64(unsigned(key.getModulus().toByteArray())),
                "e", Jwt.b64(unsigned(key.getPublicExponent().toByteArray())));
        switch (random.nextInt(4)) {
            case 0 -> header.put("jwk", jwk);
            case 1 -> header.put("jku", system.atlassian().jwksUrl().replace("forge", "attacker"));
            case 2 -> header.put("x5u", "http://127.0.0.1:1/cert.pem");
            default -> header.put("x5c", List.of(Jwt.b64(attacker.getPublic().getEncoded())));
        }
        String input = Jwt.segment(header) + "." + Jwt.segment(base.claims());
        String token = base.rsa() ? Jwt.rsa(input, "SHA256withRSA", attacker.getPrivate())
                : Jwt.hmac(input, "HmacSHA256", "attacker-secret-attacker-secret-32b".getBytes(StandardCharsets.UTF_8));
        return withToken("header: attacker key embedded (jwk/jku/x5u/x5c)", base, token);
    }

    private static byte[] unsigned(byte[] bytes) {
        return bytes.length > 1 && bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    private Probe criticalHeader(Base base) {
        Map<String, Object> header = Jwt.header(base.legit().alg(), base.legit().kid());
        header.put("crit", random.nextBoolean() ? List.of("b64") : List.of("exp"));
        if (random.nextBoolean()) {
            header.put("b64", false);
        }
        return withToken("header: critical extension", base, base.legit().token(header, base.claims()));
    }

    private Probe duplicateMembers(Base base) {
        String claimsJson = Jwt.toJson(base.claims());
        String token;
        if (random.nextBoolean()) {
            String header = "{\"alg\":\"none\",\"alg\":\"" + base.legit().alg() + "\""
                    + (base.legit().kid() == null ? "" : ",\"kid\":\"" + base.legit().kid() + "\"") + "}";
            token = base.legit().rawToken(header, claimsJson);
        } else {
            // a member the claims already have, given twice: which one counts must not be a matter of parser
            String duplicated = switch (random.nextInt(base.claims().containsKey("qsh") ? 3 : 2)) {
                case 0 -> "\"iss\":\"" + otherSite.clientKey() + "\",";
                case 1 -> "\"exp\":1,";
                default -> "\"qsh\":\"" + ("context-qsh".equals(base.claims().get("qsh")) ? "0".repeat(64)
                        : "context-qsh") + "\",";
            };
            token = base.legit().rawToken(Jwt.toJson(Jwt.header(base.legit().alg(), base.legit().kid())),
                    "{" + duplicated + claimsJson.substring(1));
        }
        return withToken("json: duplicate members (signed)", base, token);
    }

    private Probe badTimes(Base base) {
        Map<String, Object> claims = base.claimsCopy();
        long now = System.currentTimeMillis() / 1000;
        String what;
        switch (random.nextInt(10)) {
            case 0 -> { claims.put("exp", now - 31 - random.nextInt(100_000)); what = "expired"; }
            case 1 -> { claims.put("iat", now + 600 + random.nextInt(100_000)); what = "issued in the future"; }
            case 2 -> { claims.put("nbf", now + 600 + random.nextInt(100_000)); what = "not yet valid"; }
            case 3 -> { claims.remove("exp"); what = "no exp"; }
            case 4 -> { claims.remove("iat"); what = "no iat"; }
            case 5 -> { claims.put("exp", String.valueOf(now + 600)); what = "exp as a string"; }
            case 6 -> { claims.put("exp", 1e300); what = "exp out of range"; }
            case 7 -> { claims.put("exp", Long.MIN_VALUE); what = "exp negative"; }
            case 8 -> { claims.put("iat", List.of(now)); what = "iat as an array"; }
            default -> { claims.put("exp", null); what = "exp null"; }
        }
        return withToken("claims: " + what + " (signed)", base, base.legit().token(claims));
    }

    private Probe badIssuerOrAudience(Base base) {
        Map<String, Object> claims = base.claimsCopy();
        String what;
        String tokenClass = base.route().tokenClass();
        int pick = random.nextInt(4);
        if (tokenClass.equals("forge")) {
            switch (pick) {
                case 0 -> { claims.put("iss", "forge/invocation-token-evil"); what = "Forge iss"; }
                case 1 -> { claims.put("aud", "ari:cloud:ecosystem::app/" + UUID.randomUUID()); what = "Forge aud"; }
                case 2 -> {
                    Map<String, Object> app = new LinkedHashMap<>(cast(claims.get("app")));
                    app.put("id", "ari:cloud:ecosystem::app/" + UUID.randomUUID());
                    claims.put("app", app);
                    what = "Forge app.id";
                }
                default -> {
                    Map<String, Object> app = new LinkedHashMap<>(cast(claims.get("app")));
                    app.remove("installationId");
                    claims.put("app", app);
                    what = "Forge installation missing";
                }
            }
        } else if (tokenClass.equals("install")) {
            switch (pick) {
                case 0 -> { claims.put("aud", "https://evil.example.com"); what = "install aud"; }
                case 1 -> { claims.remove("aud"); what = "install without aud"; }
                case 2 -> { claims.put("iss", otherSite.clientKey()); what = "install iss is not the body's clientKey"; }
                default -> { claims.remove("iss"); what = "install without iss"; }
            }
        } else {
            switch (pick) {
                case 0 -> { claims.put("iss", "jira:" + UUID.randomUUID()); what = "unknown issuer"; }
                case 1 -> { claims.remove("iss"); what = "no issuer"; }
                case 2 -> { claims.put("iss", otherSite.clientKey()); what = "another site's issuer"; }
                default -> { claims.put("iss", List.of(site.clientKey())); what = "issuer as an array"; }
            }
        }
        return withToken("claims: " + what + " (signed)", base, base.legit().token(claims));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object value) {
        return (Map<String, Object>) value;
    }

    private Probe badQsh(Base base) {
        if (base.rsa() && base.route().tokenClass().equals("forge")) {
            return badTimes(base);
        }
        Map<String, Object> claims = base.claimsCopy();
        String what;
        switch (random.nextInt(5)) {
            case 0 -> { claims.remove("qsh"); what = "no qsh"; }
            case 1 -> { claims.put("qsh", CanonicalRequest.qsh("GET", "/api/other", null, "")); what = "qsh of another request"; }
            case 2 -> { claims.put("qsh", "CONTEXT-QSH"); what = "qsh upper case"; }
            case 3 -> { claims.put("qsh", 0); what = "qsh a number"; }
            default -> {
                boolean context = "context-qsh".equals(claims.get("qsh"));
                claims.put("qsh", context ? CanonicalRequest.qsh(base.route().method(), base.route().path(), null, "")
                        : "context-qsh");
                what = context ? "request qsh on a context route" : "context-qsh on a request-bound route";
            }
        }
        return withToken("claims: " + what + " (signed)", base, base.legit().token(claims));
    }

    private Probe claimsNotAnObject(Base base) {
        String[] payloads = {"[]", "\"string\"", "null", "123", "true", "{", "{\"iss\":", "{}", "[{\"iss\":\"x\"}]",
                "{\"iss\":\"" + site.clientKey() + "\"} trailing", "\u0000"};
        String payload = payloads[random.nextInt(payloads.length)];
        String header = Jwt.toJson(Jwt.header(base.legit().alg(), base.legit().kid()));
        return withToken("claims: not a claims object (signed)", base, base.legit().rawToken(header, payload));
    }

    private Probe wrongKey(Base base) {
        String token;
        String what;
        if (base.rsa()) {
            String input = Jwt.segment(Jwt.header("RS256", base.legit().kid())) + "." + Jwt.segment(base.claims());
            if (random.nextBoolean()) {
                token = Jwt.rsa(input, "SHA256withRSA", attacker.getPrivate());
                what = "attacker's RSA key under the real kid";
            } else {
                java.security.PrivateKey other = base.route().tokenClass().equals("install")
                        ? system.atlassian().forgeKeys().getPrivate() : system.atlassian().installKeys().getPrivate();
                token = Jwt.rsa(input, "SHA256withRSA", other);
                what = "the other Atlassian key";
            }
        } else {
            String input = Jwt.segment(Jwt.header(HS, null)) + "." + Jwt.segment(base.claims());
            String[] secrets = {otherSite.sharedSecret(), site.sharedSecret() + "x", site.sharedSecret().substring(1),
                    "", "secret", site.sharedSecret().toUpperCase()};
            String secret = secrets[random.nextInt(secrets.length)];
            token = Jwt.hmac(input, "HmacSHA256", secret.isEmpty() ? new byte[1] : secret.getBytes(StandardCharsets.UTF_8));
            what = "another secret";
        }
        return withToken("signature: " + what, base, token);
    }

    private Probe structure(Base base) {
        String valid = base.valid();
        String[] parts = valid.split("\\.");
        String[] shapes = {"", ".", "..", "...", parts[0], parts[0] + "." + parts[1], valid + ".", valid + "." + parts[2],
                parts[0] + "." + parts[1] + "." + parts[2] + "." + parts[1] + "." + parts[2],
                Jwt.segment("not json") + "." + parts[1] + "." + parts[2],
                parts[0] + "." + Jwt.segment("not json") + "." + parts[2],
                Jwt.segment("[" .repeat(2000) + "]".repeat(2000)) + "." + parts[1] + "." + parts[2],
                parts[1] + "." + parts[0] + "." + parts[2], "." + parts[1] + "." + parts[2]};
        return withToken("structure: wrong shape", base, shapes[random.nextInt(shapes.length)]);
    }

    private Probe oversized(Base base) {
        Map<String, Object> claims = base.claimsCopy();
        int kind = random.nextInt(4);
        int size = switch (kind) {
            case 0 -> 6200 + random.nextInt(100);     // just over the 8192-character token limit once encoded
            case 1 -> 9_000 + random.nextInt(2000);   // under the 16 KiB header limit
            case 2 -> 40_000;                          // over the header limit
            default -> 200_000;
        };
        String what = switch (kind) {
            case 0 -> "just over the 8 KiB token limit";
            case 1 -> "12-15 KiB, under the header limit";
            case 2 -> "53 KiB, over the header limit";
            default -> "267 KiB";
        };
        claims.put("pad", "p".repeat(size));
        return withToken("size: signed token " + what, base, base.legit().token(claims));
    }

    private Probe encoding(Base base) {
        String valid = base.valid();
        int first = valid.indexOf('.');
        int last = valid.lastIndexOf('.');
        String token;
        String what;
        switch (random.nextInt(7)) {
            case 0 -> {
                String header = Base64.getEncoder().encodeToString(Jwt.toJson(Jwt.header(base.legit().alg(),
                        base.legit().kid())).getBytes(StandardCharsets.UTF_8));
                token = header + valid.substring(first);
                what = "padded standard base64 header";
            }
            case 1 -> { token = valid.substring(0, first) + "=" + valid.substring(first); what = "padding in the header"; }
            case 2 -> { token = valid.substring(0, last) + "=" + valid.substring(last); what = "padding in the claims"; }
            case 3 -> { token = valid.replace('-', '+').replace('_', '/') + (valid.contains("-") || valid.contains("_")
                    ? "" : "+"); what = "standard base64 alphabet"; }
            case 4 -> { token = valid.substring(0, first) + " " + valid.substring(first); what = "space inside"; }
            case 5 -> { token = urlEncode(valid).replace(".", "%2E"); what = "percent-encoded"; }
            default -> { token = valid.substring(0, last) + "." + valid.substring(last + 1).replace('A', 'Ａ')
                    + "Ａ"; what = "full-width letters"; }
        }
        if (token.equals(valid)) {
            token = valid + "*";
        }
        return withToken("encoding: " + what, base, token);
    }

    private Probe transport(Base base) {
        String valid = base.valid();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        String path = base.route().path();
        String what;
        switch (random.nextInt(6)) {
            case 0 -> {
                headers.put("Authorization", List.of(base.scheme() + " " + valid, base.scheme() + " " + flip(valid)));
                what = "a valid and a hostile token in two headers";
            }
            case 1 -> {
                headers.put("Authorization", List.of(base.scheme() + " " + flip(valid)));
                path = path + (path.contains("?") ? "&" : "?") + "jwt=" + valid;
                what = "hostile header, valid query token";
            }
            case 2 -> {
                headers.put("Authorization", List.of("Basic " + Base64.getEncoder()
                        .encodeToString(("admin:" + valid).getBytes(StandardCharsets.UTF_8))));
                what = "Basic scheme";
            }
            case 3 -> { headers.put("Authorization", List.of(valid)); what = "no scheme"; }
            case 4 -> {
                headers.put("Authorization", List.of((base.scheme().equals("JWT") ? "Bearer " : "JWT ") + valid));
                what = "the other platform's scheme";
            }
            default -> {
                headers.put("Authorization", List.of(base.scheme() + " " + otherSiteToken(base)));
                path = path + (path.contains("?") ? "&" : "?") + "jwt=" + valid;
                what = "two different valid tokens (header and query)";
            }
        }
        if (base.inQuery() && !headers.containsKey("Authorization")) {
            headers.put("Authorization", List.of("JWT " + flip(valid)));
        }
        return probe("transport: " + what, base, path, headers);
    }

    private String otherSiteToken(Base base) {
        if (base.rsa()) {
            Map<String, Object> claims = base.claimsCopy();
            claims.put("jti", UUID.randomUUID().toString());
            return base.legit().token(claims);
        }
        Map<String, Object> claims = base.claimsCopy();
        claims.put("iss", otherSite.clientKey());
        return Jwt.hs256(claims, otherSite.sharedSecret());
    }

    private String flip(String token) {
        int dot = token.lastIndexOf('.');
        byte[] signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
        signature[random.nextInt(signature.length)] ^= 0x5a;
        return token.substring(0, dot + 1) + Jwt.b64(signature);
    }

    /** A genuine token of another class, presented where its class is not accepted (or under the wrong scheme). */
    private Probe wrongClass(Base base) {
        String tokenClass = base.route().tokenClass();
        String internal = system.internalToken("report-service", "tenant", site.accountId(),
                java.util.Set.of("app-user"));
        String host = site.hostToken(base.route().method(), base.route().path().split("\\?")[0], null,
                site.accountId());
        String context = site.contextToken();
        String forgeToken = forge.userToken(system);
        Map<String, Object> installClaims = Jwt.claims(site.clientKey(), null, 180);
        installClaims.put("aud", system.appBaseUrl());
        installClaims.put("qsh", CanonicalRequest.qsh("POST", "/lifecycle/installed", null, ""));
        String install = Jwt.rs256(installClaims, system.atlassian().installKeys().getPrivate(),
                AtlassianFake.INSTALL_KID);
        // {what, scheme, token}: every pair here is a class the route refuses
        List<String[]> choices = new ArrayList<>();
        choices.add(new String[] {"the gateway's internal token", "Bearer", internal});
        choices.add(new String[] {"the gateway's internal token", "JWT", internal});
        switch (tokenClass) {
            case "context" -> {
                choices.add(new String[] {"a host token", "JWT", host});
                choices.add(new String[] {"a Forge token under the JWT scheme", "JWT", forgeToken});
                choices.add(new String[] {"a signed install", "JWT", install});
                choices.add(new String[] {"a signed install as Bearer", "Bearer", install});
            }
            case "host" -> {
                choices.add(new String[] {"a context token", "JWT", context});
                choices.add(new String[] {"a Forge token", "Bearer", forgeToken});
                choices.add(new String[] {"a signed install", "JWT", install});
            }
            case "install" -> {
                choices.add(new String[] {"a host token", "JWT", site.hostToken("POST", base.route().path(), null,
                        null)});
                choices.add(new String[] {"a context token", "JWT", context});
                choices.add(new String[] {"a Forge token", "Bearer", forgeToken});
            }
            default -> {
                choices.add(new String[] {"a context token as Bearer", "Bearer", context});
                choices.add(new String[] {"a host token as Bearer", "Bearer", host});
                choices.add(new String[] {"a signed install as Bearer", "Bearer", install});
                if (base.route().path().equals("/forge/lifecycle")) {
                    choices.add(new String[] {"a context token", "JWT", context});
                }
            }
        }
        String[] choice = choices.get(random.nextInt(choices.size()));
        Map<String, List<String>> headers = new LinkedHashMap<>();
        String path = base.route().path();
        if (base.inQuery() && choice[1].equals("JWT")) {
            path = path + "&jwt=" + choice[2];
        } else {
            headers.put("Authorization", List.of(choice[1] + " " + choice[2]));
        }
        return probe("class: " + choice[0], base, path, headers);
    }

    /** Bytes no well-behaved client sends: NUL, control and non-Latin-1 characters in the Authorization header. */
    private Probe rawBytes(Base base) {
        String valid = base.valid();
        int at = 1 + random.nextInt(valid.length() - 2);
        String[] inserts = {"\u0000", "\u0001", "\u007f", "\u00e9", "\u2028", "\ud83d\ude00", "\u00a0"};
        String token = valid.substring(0, at) + inserts[random.nextInt(inserts.length)] + valid.substring(at);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Authorization", List.of(base.scheme() + " " + token));
        if (base.body() != null) {
            headers.put("Content-Type", List.of("application/json"));
        }
        String path = base.route().path();
        if (base.inQuery()) {
            path = path + "&jwt=" + urlEncode(token);
            headers.remove("Authorization");
        }
        return new Probe("encoding: raw non-token bytes", base.route().name(), base.route().method(), path, headers,
                base.body(), !base.inQuery());
    }
}
