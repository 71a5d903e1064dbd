package io.pivotreport.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.security.PublicKey;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpInstallKeyProviderTest {
    private KeyServer server;
    private HttpInstallKeyProvider provider;

    @BeforeEach
    void start() throws IOException {
        server = new KeyServer();
        provider = new HttpInstallKeyProvider(server.baseUrl(), Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void fetchesThePemKeyAtBaseSlashKid() throws KeyUnavailableException {
        server.answer("/kid-1", 200, TestKeys.pem(TestKeys.INSTALL.getPublic()));
        PublicKey key = provider.publicKey("kid-1");
        assertEquals(TestKeys.INSTALL.getPublic(), key);
        assertEquals(1, server.hits("/kid-1"));
    }

    @Test
    void oversizedResponseIsRefused() {
        server.answer("/big", 200, "x".repeat(KeyFetcher.MAX_BODY_BYTES + 1));
        KeyUnavailableException e = assertThrows(KeyUnavailableException.class, () -> provider.publicKey("big"));
        assertEquals("key server response too large", e.getMessage());
    }

    @Test
    void redirectsAreNotFollowed() {
        server.answer("/moved", 302, "");
        KeyUnavailableException e = assertThrows(KeyUnavailableException.class, () -> provider.publicKey("moved"));
        assertEquals("key server answered HTTP 302", e.getMessage());
    }

    @Test
    void unsafeKidIsRefusedEvenWhenThisProviderIsUsedDirectly() {
        assertThrows(KeyUnavailableException.class, () -> provider.publicKey("../admin"));
        assertEquals(0, server.totalHits());
    }

    @Test
    void unreachableServerIsKeyUnavailable() {
        server.close();
        assertThrows(KeyUnavailableException.class, () -> provider.publicKey("kid-1"));
    }

    @Test
    void nonRsaOrNonPemBodyIsKeyUnavailable() {
        server.answer("/text", 200, "hello");
        assertThrows(KeyUnavailableException.class, () -> provider.publicKey("text"));
    }
}
