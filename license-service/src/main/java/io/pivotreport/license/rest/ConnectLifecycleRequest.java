package io.pivotreport.license.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.pivotreport.license.model.LifecycleEvent;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /internal/lifecycle/connect}: a Connect lifecycle event the gateway verified. {@code description} is
 * accepted because Connect sends it, but not stored (it is not needed for licence validation).
 */
public record ConnectLifecycleRequest(
        @NotNull Event event,
        @NotNull @Positive Long issuedAt,
        @NotBlank @Size(max = 255) @Pattern(regexp = Formats.TOKEN, message = Formats.TOKEN_MESSAGE) String clientKey,
        @Size(max = 255) @Pattern(regexp = Formats.HTTPS_URL, message = Formats.URL_MESSAGE) String baseUrl,
        @Size(max = 255) @Pattern(regexp = Formats.HTTPS_URL, message = Formats.URL_MESSAGE) String displayUrl,
        @Size(max = 32) @Pattern(regexp = Formats.WORD, message = Formats.WORD_MESSAGE) String productType,
        @Size(min = 16, max = 512) @Pattern(regexp = Formats.TOKEN, message = Formats.TOKEN_MESSAGE) String sharedSecret,
        @Size(max = 255) @Pattern(regexp = Formats.TOKEN, message = Formats.TOKEN_MESSAGE) String oauthClientId,
        @Size(max = 255) @Pattern(regexp = Formats.TOKEN, message = Formats.TOKEN_MESSAGE) String entitlementId,
        @Size(max = 255) @Pattern(regexp = Formats.TOKEN, message = Formats.TOKEN_MESSAGE) String entitlementNumber,
        @Size(max = 255) @Pattern(regexp = Formats.TOKEN, message = Formats.TOKEN_MESSAGE) String cloudId,
        @Size(max = 255) @Pattern(regexp = Formats.TOKEN, message = Formats.TOKEN_MESSAGE) String installationId,
        @Size(max = 1000) String description) {

    public enum Event {
        @JsonProperty("installed") INSTALLED(LifecycleEvent.INSTALLED),
        @JsonProperty("enabled") ENABLED(LifecycleEvent.ENABLED),
        @JsonProperty("disabled") DISABLED(LifecycleEvent.DISABLED),
        @JsonProperty("uninstalled") UNINSTALLED(LifecycleEvent.UNINSTALLED);

        private final LifecycleEvent model;

        Event(LifecycleEvent model) {
            this.model = model;
        }

        public LifecycleEvent model() {
            return model;
        }
    }

    @Override
    public String toString() {
        return "ConnectLifecycleRequest[event=" + event + ", issuedAt=" + issuedAt + "]";
    }
}
