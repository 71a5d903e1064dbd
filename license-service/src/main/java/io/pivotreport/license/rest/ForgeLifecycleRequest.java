package io.pivotreport.license.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.pivotreport.license.model.LifecycleEvent;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/** {@code POST /internal/lifecycle/forge}: a Forge installation event the gateway verified. */
public record ForgeLifecycleRequest(
        @NotNull Event event,
        @NotNull @Positive Long issuedAt,
        @NotBlank @Size(max = 255) @Pattern(regexp = Formats.TOKEN, message = Formats.TOKEN_MESSAGE) String installationId,
        @Size(max = 255) @Pattern(regexp = Formats.TOKEN, message = Formats.TOKEN_MESSAGE) String cloudId,
        @Size(max = 32) @Pattern(regexp = Formats.WORD, message = Formats.WORD_MESSAGE) String environmentType,
        @Size(max = 255) @Pattern(regexp = Formats.TOKEN, message = Formats.TOKEN_MESSAGE) String environmentId,
        @Size(max = 255) @Pattern(regexp = Formats.TOKEN, message = Formats.TOKEN_MESSAGE) String appId) {

    public enum Event {
        @JsonProperty("installed") INSTALLED(LifecycleEvent.INSTALLED),
        @JsonProperty("uninstalled") UNINSTALLED(LifecycleEvent.UNINSTALLED);

        private final LifecycleEvent model;

        Event(LifecycleEvent model) {
            this.model = model;
        }

        public LifecycleEvent model() {
            return model;
        }
    }
}
