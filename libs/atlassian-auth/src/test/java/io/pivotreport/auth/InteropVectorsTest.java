package io.pivotreport.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Atlassian's 78 official interop vectors (see src/test/resources/vectors/README.md for their source). */
class InteropVectorsTest {
    private static final String RESOURCE = "/vectors/jwt-signed-urls.json";

    record Vector(String name, String canonicalUrl, String method, String rawPath, String rawQuery, String token) {
        @Override
        public String toString() {
            return name;
        }
    }

    static JsonNode file() throws IOException {
        try (InputStream in = InteropVectorsTest.class.getResourceAsStream(RESOURCE)) {
            return TestTokens.JSON.readTree(in);
        }
    }

    static String secret() throws IOException {
        return file().get("secret").textValue();
    }

    static Stream<Arguments> vectors() throws IOException {
        List<Arguments> vectors = new ArrayList<>();
        for (JsonNode test : file().get("tests")) {
            String signedUrl = test.get("signedUrl").textValue();
            // Split by hand rather than with java.net.URI so the path and query stay byte-for-byte as signed.
            String afterHost = signedUrl.substring(signedUrl.indexOf('/', "https://".length()));
            int question = afterHost.indexOf('?');
            String rawPath = question < 0 ? afterHost : afterHost.substring(0, question);
            String rawQuery = question < 0 ? null : afterHost.substring(question + 1);
            String token = null;
            for (FormQuery.Param param : FormQuery.parse(rawQuery)) {
                if ("jwt".equals(param.name())) {
                    token = param.value();
                }
            }
            String canonical = test.get("canonicalUrl").textValue();
            String method = canonical.substring(0, canonical.indexOf('&'));
            vectors.add(Arguments.of(new Vector(test.get("name").textValue(), canonical, method, rawPath, rawQuery,
                    token)));
        }
        return vectors.stream();
    }

    @Test
    void theFileHoldsAll78OfficialVectors() throws IOException {
        assertEquals(78, file().get("tests").size());
        assertEquals(78, vectors().count());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void canonicalRequestMatchesTheVector(Vector vector) {
        assertEquals(vector.canonicalUrl(),
                CanonicalRequest.canonicalize(vector.method(), vector.rawPath(), vector.rawQuery(), ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void qshOfTheRequestEqualsTheQshClaimOfTheVectorToken(Vector vector) {
        Map<String, Object> claims = TestTokens.decodeClaims(vector.token());
        assertEquals(claims.get("qsh"),
                CanonicalRequest.qsh(vector.method(), vector.rawPath(), vector.rawQuery(), ""));
        assertEquals(claims.get("qsh"), CanonicalRequest.qsh(vector.canonicalUrl()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void hs256SignatureVerifiesWithTheFileSecret(Vector vector) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(vector.token());
        jws.setKey(new HmacKey(secret().getBytes(StandardCharsets.UTF_8)));
        assertEquals("HS256", jws.getAlgorithmHeaderValue());
        assertTrue(jws.verifySignature());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void hostTokenVerifierAcceptsTheVectorWithinItsLifetime(Vector vector) throws Exception {
        Map<String, Object> claims = TestTokens.decodeClaims(vector.token());
        long iat = ((Number) claims.get("iat")).longValue();
        String issuer = (String) claims.get("iss");
        String secret = secret();
        // The tokens expired in 2016: the clock is set inside their lifetime instead of skipping the exp check.
        MutableClock clock = new MutableClock(Instant.ofEpochSecond(iat + 1));
        HostTokenVerifier verifier = new HostTokenVerifier(
                AuthSettings.builder("https://example.com").build(),
                clientKey -> issuer.equals(clientKey) ? Optional.of(secret) : Optional.empty(),
                clock);

        VerifiedConnectToken verified = verifier.verify(
                IncomingRequest.of(vector.method(), vector.rawPath(), vector.rawQuery(), null));

        assertEquals(issuer, verified.clientKey());
        assertEquals(TokenClass.HOST, verified.tokenClass());
        assertEquals(Instant.ofEpochSecond(iat), verified.issuedAt());
    }
}
