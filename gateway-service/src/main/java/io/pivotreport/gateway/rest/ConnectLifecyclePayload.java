package io.pivotreport.gateway.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A Connect lifecycle callback body, with every field Atlassian documents. Read strictly: an unknown field, a
 * duplicate member or a wrong type is a 400 with the field's path. Messages never repeat the rejected value.
 */
public record ConnectLifecyclePayload(
        @NotBlank @Size(max = 64) @Pattern(regexp = GRAPH, message = GRAPH_MESSAGE) String key,
        @NotBlank @Size(max = 255) @Pattern(regexp = GRAPH, message = GRAPH_MESSAGE) String clientKey,
        @Size(max = 4096) String publicKey,
        @Size(min = 16, max = 512) @Pattern(regexp = GRAPH, message = GRAPH_MESSAGE) String sharedSecret,
        @Size(max = 64) @Pattern(regexp = GRAPH, message = GRAPH_MESSAGE) String serverVersion,
        @Size(max = 64) @Pattern(regexp = GRAPH, message = GRAPH_MESSAGE) String pluginsVersion,
        @NotBlank @Size(max = 255) @Pattern(regexp = HTTPS_URL, message = URL_MESSAGE) String baseUrl,
        @Size(max = 255) @Pattern(regexp = HTTPS_URL, message = URL_MESSAGE) String displayUrl,
        @Size(max = 255) @Pattern(regexp = HTTPS_URL, message = URL_MESSAGE) String displayUrlServicedeskHelpCenter,
        @Size(max = 32) @Pattern(regexp = WORD, message = WORD_MESSAGE) String productType,
        @Size(max = 1000) String description,
        @Size(max = 255) @Pattern(regexp = GRAPH, message = GRAPH_MESSAGE) String serviceEntitlementNumber,
        @Size(max = 255) @Pattern(regexp = GRAPH, message = GRAPH_MESSAGE) String entitlementId,
        @Size(max = 255) @Pattern(regexp = GRAPH, message = GRAPH_MESSAGE) String entitlementNumber,
        @NotBlank @Pattern(regexp = "installed|uninstalled|enabled|disabled",
                message = "must be installed, uninstalled, enabled or disabled") String eventType,
        @Size(max = 255) @Pattern(regexp = GRAPH, message = GRAPH_MESSAGE) String oauthClientId,
        @Size(max = 255) @Pattern(regexp = GRAPH, message = GRAPH_MESSAGE) String cloudId,
        @Size(max = 255) @Pattern(regexp = GRAPH, message = GRAPH_MESSAGE) String installationId) {

    static final String GRAPH = "\\p{Graph}+";
    static final String GRAPH_MESSAGE = "must be printable ASCII without spaces";
    static final String HTTPS_URL = "https://\\p{Graph}+";
    static final String URL_MESSAGE = "must be an https URL";
    static final String WORD = "[A-Za-z][A-Za-z0-9_-]*";
    static final String WORD_MESSAGE = "must be a single word";

    @Override
    public String toString() {
        // Holds the tenant's shared secret: never printed.
        return "ConnectLifecyclePayload[" + eventType + "]";
    }
}
