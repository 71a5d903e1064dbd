package io.pivotreport.bench.auth;

import io.pivotreport.auth.AuthException;
import io.pivotreport.auth.AuthSettings;
import io.pivotreport.auth.CanonicalRequest;
import io.pivotreport.auth.HostTokenVerifier;
import io.pivotreport.auth.IncomingRequest;
import io.pivotreport.auth.VerifiedConnectToken;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.HmacKey;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * (a) Host tokens: HS256 signature + computed qsh, the check every iframe load and webhook pays. The request is an
 * iframe URL as Jira builds it (a dozen query parameters, the token in {@code ?jwt=}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HostTokenBenchmark {
    private static final long NOW = 1_700_000_000L;
    private static final String SECRET = "a-shared-secret-that-is-long-enough-for-hs256-0123456789";
    private static final String CLIENT_KEY = "jira:0b3a4f0c-1d2e-4f5a-8b9c-0d1e2f3a4b5c";
    private static final String PATH = "/app/pivot-report/view";
    private static final String QUERY = "xdm_e=https%3A%2F%2Ftenant.atlassian.net&xdm_c=channel-pivot-report"
            + "&cp=&xdm_deprecated_addon_key_do_not_use=io.pivotreport.jira&lic=active&cv=1001.0.0"
            + "&tz=Europe%2FBerlin&loc=de-DE&project.key=PR&project.id=10000&issue.key=PR-1&issue.id=10001";

    private HostTokenVerifier verifier;
    private IncomingRequest iframeRequest;
    private IncomingRequest webhookRequest;

    @Setup
    public void setUp() throws Exception {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
        AuthSettings settings = AuthSettings.builder("https://pivot.example.com/app").build();
        verifier = new HostTokenVerifier(settings,
                clientKey -> CLIENT_KEY.equals(clientKey) ? Optional.of(SECRET) : Optional.empty(), clock);

        String iframeToken = sign("GET", PATH, QUERY);
        iframeRequest = IncomingRequest.of("GET", PATH, QUERY + "&jwt=" + iframeToken, null);
        String webhookToken = sign("POST", "/app/webhook/issue-updated", "issueId=10001");
        webhookRequest = IncomingRequest.of("POST", "/app/webhook/issue-updated", "issueId=10001",
                "JWT " + webhookToken);
        verifier.verify(iframeRequest); // fail fast if the fixture is wrong
        verifier.verify(webhookRequest);
    }

    private static String sign(String method, String path, String query) throws Exception {
        String claims = "{\"iss\":\"" + CLIENT_KEY + "\",\"sub\":\"5b10a2844c20165700ede21g\",\"iat\":" + NOW
                + ",\"exp\":" + (NOW + 180) + ",\"qsh\":\"" + CanonicalRequest.qsh(method, path, query, "/app")
                + "\",\"context\":{}}";
        JsonWebSignature jws = new JsonWebSignature();
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        jws.setHeader("typ", "JWT");
        jws.setPayload(claims);
        jws.setKey(new HmacKey(SECRET.getBytes(StandardCharsets.UTF_8)));
        return jws.getCompactSerialization();
    }

    @Benchmark
    public VerifiedConnectToken verifyIframeHostToken() throws AuthException {
        return verifier.verify(iframeRequest);
    }

    @Benchmark
    public VerifiedConnectToken verifyWebhookHostToken() throws AuthException {
        return verifier.verify(webhookRequest);
    }

    /** The qsh part alone, to see what share of (a) is canonicalisation. */
    @Benchmark
    public String qshOfIframeRequest() {
        return CanonicalRequest.qsh("GET", PATH, QUERY, "/app");
    }
}
