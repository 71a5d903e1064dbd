package io.pivotreport.gateway.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostPatternsTest {

    private final HostPatterns defaults = new HostPatterns(List.of("*.atlassian.net", "*.jira.com", "*.jira-dev.com"));

    @Test
    void atlassianSitesAreAllowed() {
        assertTrue(defaults.allows("https://acme.atlassian.net"));
        assertTrue(defaults.allows("https://acme.atlassian.net/"));
        assertTrue(defaults.allows("https://a.b.jira-dev.com"));
        assertTrue(defaults.allows("https://ACME.Jira.com"));
    }

    @Test
    void lookAlikesAndTheBareDomainAreRefused() {
        assertFalse(defaults.allows("https://atlassian.net"));
        assertFalse(defaults.allows("https://evil-atlassian.net"));
        assertFalse(defaults.allows("https://acme.atlassian.net.evil.com"));
        assertFalse(defaults.allows("https://acme.atlassian.netx"));
    }

    @Test
    void onlyPlainHttpsOnTheDefaultPortQualifies() {
        assertFalse(defaults.allows("http://acme.atlassian.net"));
        assertFalse(defaults.allows("https://acme.atlassian.net:8443"));
        assertFalse(defaults.allows("https://user@acme.atlassian.net"));
        assertFalse(defaults.allows("https://acme.atlassian.net/?x=1"));
        assertFalse(defaults.allows("https://acme.atlassian.net/#x"));
        assertFalse(defaults.allows("not a url"));
        assertFalse(defaults.allows(null));
    }

    @Test
    void originIsRebuiltFromTheMatchedHostOnly() {
        assertEquals(Optional.of("https://acme.atlassian.net"), defaults.origin("https://ACME.atlassian.net/jira/x"));
        assertEquals(Optional.empty(), defaults.origin("https://acme.atlassian.net; script-src *"));
    }

    @Test
    void exactHostsAndPatternValidation() {
        HostPatterns exact = new HostPatterns(List.of("jira.example.org"));
        assertTrue(exact.allows("https://jira.example.org"));
        assertFalse(exact.allows("https://x.jira.example.org"));
        assertTrue(HostPatterns.isValidPattern("*.atlassian.net"));
        assertFalse(HostPatterns.isValidPattern("*"));
        assertFalse(HostPatterns.isValidPattern("*.net"));
        assertFalse(HostPatterns.isValidPattern("https://x.com"));
    }
}
