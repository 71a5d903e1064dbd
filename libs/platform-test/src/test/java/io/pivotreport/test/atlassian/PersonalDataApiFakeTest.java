package io.pivotreport.test.atlassian;

import org.jose4j.json.JsonUtil;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PersonalDataApiFakeTest {

    private static final String APP_KEY = "io.pivotreport.test-app";
    private static final String SECRET = "fake-test-secret-0123456789abcdef0123456789";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static PersonalDataApiFake fake;

    @BeforeAll
    static void start() {
        fake = PersonalDataApiFake.start(APP_KEY).registerTenant("client-a", SECRET);
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @BeforeEach
    void clean() {
        fake.reset();
        fake.cyclePeriod("604800");
    }

    private static String token(String secret, String issuer, String qsh, long expInSeconds) throws Exception {
        JwtClaims claims = new JwtClaims();
        long now = Instant.now().getEpochSecond();
        claims.setIssuer(issuer);
        claims.setIssuedAt(NumericDate.fromSeconds(now));
        claims.setExpirationTime(NumericDate.fromSeconds(now + expInSeconds));
        claims.setClaim("qsh", qsh);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        jws.setKey(new HmacKey(secret.getBytes(StandardCharsets.UTF_8)));
        return jws.getCompactSerialization();
    }

    private static String validToken() throws Exception {
        return token(SECRET, APP_KEY, PersonalDataApiFake.qsh("POST&/app/report-accounts&"), 180);
    }

    private static String body(List<String> accountIds) {
        List<Map<String, Object>> accounts = new ArrayList<>();
        accountIds.forEach(id -> accounts.add(Map.of("accountId", id, "updatedAt", "2026-11-01T10:15:30.123Z")));
        return JsonUtil.toJson(Map.of("accounts", accounts));
    }

    private static HttpResponse<String> post(String authorization, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(fake.baseUrl() + PersonalDataApiFake.PATH))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void publishedTestAccountsAnswerAsTheGuideDocuments() throws Exception {
        HttpResponse<String> response = post("JWT " + validToken(), body(List.of(
                PersonalDataApiFake.ACTIVE_TEST_ACCOUNT, PersonalDataApiFake.CLOSED_TEST_ACCOUNT)));

        assertEquals(200, response.statusCode());
        assertEquals(Map.of("accounts", List.of(Map.of("accountId", PersonalDataApiFake.CLOSED_TEST_ACCOUNT,
                "status", "closed"))), JsonUtil.parseJson(response.body()));
        assertEquals("604800", response.headers().firstValue("Cycle-Period").orElseThrow());
        assertEquals("client-a", fake.calls().get(0).clientKey());
        assertEquals(2, fake.calls().get(0).accounts().size());
    }

    @Test
    void accountsWithNothingToDoGet204AndConfiguredOnesTheirStatus() throws Exception {
        assertEquals(204, post("JWT " + validToken(), body(List.of(PersonalDataApiFake.ACTIVE_TEST_ACCOUNT)))
                .statusCode());

        fake.answer("557058:updated-one", PersonalDataApiFake.Status.UPDATED);
        HttpResponse<String> response = post("JWT " + validToken(), body(List.of("557058:updated-one")));
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("\"updated\""));
    }

    @Test
    void moreThan90AccountsAreRefusedAnd90Accepted() throws Exception {
        List<String> ninety = IntStream.range(0, 90).mapToObj(i -> "acc-" + i).toList();
        List<String> ninetyOne = IntStream.range(0, 91).mapToObj(i -> "acc-" + i).toList();

        assertEquals(204, post("JWT " + validToken(), body(ninety)).statusCode());
        HttpResponse<String> refused = post("JWT " + validToken(), body(ninetyOne));
        assertEquals(400, refused.statusCode());
        assertTrue(refused.body().contains("errorMessage"));
        assertEquals(91, fake.calls().get(1).accounts().size());
    }

    @Test
    void malformedBodiesAreRefused() throws Exception {
        String token = "JWT " + validToken();
        assertEquals(400, post(token, "not json").statusCode());
        assertEquals(400, post(token, "{\"accounts\":[],\"extra\":1}").statusCode());
        assertEquals(400, post(token, "{\"accounts\":[]}").statusCode());
        assertEquals(400, post(token, body(List.of("has space"))).statusCode());
        assertEquals(400, post(token, "{\"accounts\":[{\"accountId\":\"a-1\",\"updatedAt\":\"yesterday\"}]}")
                .statusCode());
        assertEquals(5, fake.calls().size());
    }

    @Test
    void tokensThatDoNotVerifyAreRefused() throws Exception {
        String qsh = PersonalDataApiFake.qsh("POST&/app/report-accounts&");
        String accounts = body(List.of(PersonalDataApiFake.ACTIVE_TEST_ACCOUNT));

        assertEquals(401, post(null, accounts).statusCode());
        assertEquals(401, post("JWT " + token("another-secret-0123456789abcdef0123", APP_KEY, qsh, 180), accounts)
                .statusCode());
        assertEquals(401, post("JWT " + token(SECRET, "another-app", qsh, 180), accounts).statusCode());
        assertEquals(401, post("JWT " + token(SECRET, APP_KEY, PersonalDataApiFake.qsh("GET&/app/report-accounts&"),
                180), accounts).statusCode());
        assertEquals(401, post("JWT " + token(SECRET, APP_KEY, qsh, -10), accounts).statusCode());
        assertEquals(401, post("Bearer " + validToken(), accounts).statusCode());
        assertTrue(fake.calls().stream().allMatch(c -> c.clientKey() == null));
    }

    @Test
    void scriptedRateLimitsAndFailuresComeFirstThenNormalAnswers() throws Exception {
        fake.rateLimitNext(2, "120").failNext(1, 500);
        String accounts = body(List.of(PersonalDataApiFake.CLOSED_TEST_ACCOUNT));

        HttpResponse<String> limited = post("JWT " + validToken(), accounts);
        assertEquals(429, limited.statusCode());
        assertEquals("120", limited.headers().firstValue("Retry-After").orElseThrow());
        assertEquals(429, post("JWT " + validToken(), accounts).statusCode());
        HttpResponse<String> failed = post("JWT " + validToken(), accounts);
        assertEquals(500, failed.statusCode());
        assertTrue(failed.body().contains("errorType"));
        assertEquals(200, post("JWT " + validToken(), accounts).statusCode());

        assertEquals(List.of(429, 429, 500, 200), fake.calls().stream().map(PersonalDataApiFake.Call::status).toList());
        assertEquals(1, fake.acceptedCalls().size());
    }

    @Test
    void cyclePeriodHeaderCanBeChangedOrLeftOut() throws Exception {
        fake.cyclePeriod("86400");
        assertEquals("86400", post("JWT " + validToken(), body(List.of("a-1"))).headers()
                .firstValue("Cycle-Period").orElseThrow());
        fake.cyclePeriod(null);
        assertNull(post("JWT " + validToken(), body(List.of("a-1"))).headers().firstValue("Cycle-Period")
                .orElse(null));
    }
}
