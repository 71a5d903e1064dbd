package io.pivotreport.launcher;

import io.pivotreport.test.Pem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SupportTokenTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    @Test
    void tokenIsSignedWithTheDevSupportKeyAndCarriesTheSupportClaims() throws Exception {
        DevKeys keys = FakeServices.sharedKeys();
        assertFalse(java.util.Arrays.equals(Pem.readRsaPublicKey(keys.supportPublicPem()).getEncoded(),
                Pem.readRsaPublicKey(keys.internalPublicPem()).getEncoded()), "its own issuer, not the gateway's");

        String token = SupportToken.mint(keys, "eng-7", Duration.ofMinutes(5), Clock.fixed(NOW, ZoneOffset.UTC));
        String[] parts = token.split("\\.");
        assertEquals(3, parts.length);
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(Pem.readRsaPublicKey(keys.supportPublicPem()));
        verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertTrue(verifier.verify(Base64.getUrlDecoder().decode(parts[2])));

        String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertTrue(header.contains("\"alg\":\"RS256\""), header);
        for (String claim : new String[] {"\"iss\":\"pivot-support\"", "\"aud\":\"pivot-support\"", "\"sub\":\"eng-7\"",
                "\"groups\":[\"support\"]", "\"iat\":" + NOW.getEpochSecond(),
                "\"exp\":" + (NOW.getEpochSecond() + 300)}) {
            assertTrue(payload.contains(claim), payload);
        }
    }

    @Test
    void engineerMustBeAnIdAndLifetimeWithinTheGatewaysLimit() {
        DevKeys keys = FakeServices.sharedKeys();
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        assertThrows(LauncherException.class, () -> SupportToken.mint(keys, "jane@example.com", Duration.ofMinutes(5),
                clock));
        assertThrows(LauncherException.class, () -> SupportToken.mint(keys, null, Duration.ofMinutes(5), clock));
        assertThrows(LauncherException.class, () -> SupportToken.mint(keys, "eng-7", Duration.ofMinutes(16), clock));
        assertThrows(LauncherException.class, () -> SupportToken.mint(keys, "eng-7", Duration.ZERO, clock));
    }

    @Test
    void commandPrintsOneTokenForTheInstallationsKeys(@TempDir Path home) throws Exception {
        FakeServices.copyKeys(home);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int exit = Main.run(new String[] {"support-token", "--home", home.toString(), "--engineer", "eng-9",
                "--ttl", "PT2M"}, new PrintStream(buffer, true, StandardCharsets.UTF_8));
        assertEquals(0, exit, buffer.toString(StandardCharsets.UTF_8));
        String token = buffer.toString(StandardCharsets.UTF_8).strip();
        assertTrue(token.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+"), token);
        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        assertTrue(payload.contains("\"sub\":\"eng-9\""), payload);

        ByteArrayOutputStream refused = new ByteArrayOutputStream();
        assertEquals(2, Main.run(new String[] {"support-token", "--home", home.toString(), "--engineer", "eng-9",
                "--ttl", "ten minutes"}, new PrintStream(refused, true, StandardCharsets.UTF_8)));
        // keys copied from the shared set: the command used them rather than generating new ones
        assertArrayEquals(java.nio.file.Files.readAllBytes(FakeServices.sharedKeys().supportPublicPem()),
                java.nio.file.Files.readAllBytes(home.resolve(".platform/keys/support-jwt-public.pem")));
    }
}
