package io.pivotreport.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AuthSettingsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        AuthSettings settings = AuthSettings.builder("https://pivot.example.com").build();
        assertEquals("", settings.basePath());
        assertEquals(Duration.ofSeconds(30), settings.leeway());
        assertEquals(8192, settings.maxTokenBytes());
        assertEquals(URI.create("https://connect-install-keys.atlassian.com"), settings.installKeysBaseUrl());
        assertEquals(URI.create("https://forge.cdn.prod.atlassian-dev.net/.well-known/jwks.json"),
                settings.forgeJwksUrl());
        assertNull(settings.forgeAppId());
    }

    @Test
    void basePathDefaultsToThePathOfTheAppBaseUrl() {
        assertEquals("/app", AuthSettings.builder("https://pivot.example.com/app/").build().basePath());
        assertEquals("/x", AuthSettings.builder("https://pivot.example.com/app").basePath("x/").build().basePath());
    }

    @Test
    void audienceIsTheBaseUrlWithoutTrailingSlash() {
        assertEquals("https://pivot.example.com/app",
                AuthSettings.builder("https://pivot.example.com/app/").build().audience());
    }

    @Test
    void forgeAppIdIsNormalisedToAnAri() {
        assertEquals("ari:cloud:ecosystem::app/abc",
                AuthSettings.builder("https://p.example.com").forgeAppId("abc").build().forgeAppAri());
        assertEquals("ari:cloud:ecosystem::app/abc", AuthSettings.builder("https://p.example.com")
                .forgeAppId("ari:cloud:ecosystem::app/abc").build().forgeAppAri());
        assertThrows(IllegalStateException.class,
                () -> AuthSettings.builder("https://p.example.com").forgeAppId(" ").build().forgeAppAri());
    }

    @Test
    void nonsenseIsRefusedAtStartUp() {
        assertThrows(IllegalArgumentException.class, () -> AuthSettings.builder("/relative").build());
        assertThrows(IllegalArgumentException.class,
                () -> AuthSettings.builder("https://p.example.com").leeway(Duration.ofSeconds(-1)).build());
        assertThrows(IllegalArgumentException.class,
                () -> AuthSettings.builder("https://p.example.com").maxTokenBytes(0).build());
        assertThrows(IllegalArgumentException.class,
                () -> AuthSettings.builder("https://p.example.com").readTimeout(Duration.ZERO).build());
    }
}
