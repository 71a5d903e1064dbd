package io.pivotreport.bench.auth;

import io.pivotreport.auth.AuthException;
import io.pivotreport.auth.AuthSettings;
import io.pivotreport.auth.CachingInstallKeyProvider;
import io.pivotreport.auth.CanonicalRequest;
import io.pivotreport.auth.IncomingRequest;
import io.pivotreport.auth.SignedInstallVerifier;
import io.pivotreport.auth.VerifiedConnectToken;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * (b) Signed installs with a warm key cache: the caching provider already holds the key, so this is RS256 verification
 * plus claims, aud, iss and qsh checks, and no network.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SignedInstallBenchmark {
    private static final long NOW = 1_700_000_000L;
    private static final String KID = "2a4b8c1d-install-key";
    private static final String CLIENT_KEY = "jira:0b3a4f0c-1d2e-4f5a-8b9c-0d1e2f3a4b5c";
    private static final String BASE_URL = "https://pivot.example.com/app";

    private final AtomicInteger keyFetches = new AtomicInteger();
    private SignedInstallVerifier verifier;
    private IncomingRequest installed;

    @Setup
    public void setUp() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        Clock clock = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);

        CachingInstallKeyProvider cache = new CachingInstallKeyProvider(kid -> {
            keyFetches.incrementAndGet();
            return keys.getPublic();
        }, clock);
        cache.publicKey(KID); // warm: the benchmark never fetches

        verifier = new SignedInstallVerifier(AuthSettings.builder(BASE_URL).build(), cache, clock);
        String claims = "{\"iss\":\"" + CLIENT_KEY + "\",\"aud\":\"" + BASE_URL + "\",\"iat\":" + NOW
                + ",\"exp\":" + (NOW + 180) + ",\"qsh\":\"" + CanonicalRequest.qsh("POST", "/app/installed", null,
                "/app") + "\"}";
        JsonWebSignature jws = new JsonWebSignature();
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setKeyIdHeaderValue(KID);
        jws.setPayload(claims);
        jws.setKey(keys.getPrivate());
        installed = IncomingRequest.of("POST", "/app/installed", null, "JWT " + jws.getCompactSerialization())
                .withBodyClientKey(CLIENT_KEY);
        verifier.verify(installed);
    }

    @TearDown(Level.Trial)
    public void checkCacheStayedWarm() {
        if (keyFetches.get() != 1) {
            throw new IllegalStateException("key was fetched " + keyFetches.get() + " times; expected 1 (warm-up)");
        }
    }

    @Benchmark
    public VerifiedConnectToken verifySignedInstallWarmCache() throws AuthException {
        return verifier.verify(installed);
    }
}
