package io.pivotreport.license.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pivotreport.license.service.SupportService;
import io.pivotreport.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Read-only support routes (role {@code support}, forwarded by the gateway); every read is audited. */
@Path("/support")
public class SupportResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    public record HistoryEntry(String kind, Instant occurredAt, JsonNode detail) {
    }

    public record License(String status, Instant checkedAt) {
    }

    public record TenantResponse(UUID tenantId, String platform, String state, String clientKey, String baseUrl,
                                 String forgeInstallationId, String cloudId, License license, Instant installedAt,
                                 Instant uninstalledAt, Instant eraseAfter, Instant erasedAt, long accountsHeld,
                                 List<HistoryEntry> history) {
    }

    @Inject
    SupportService support;

    @GET
    @Path("/tenant")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.SUPPORT)
    public TenantResponse tenant() {
        SupportService.TenantView view = support.tenant();
        return new TenantResponse(view.tenantId(), view.platform(), view.state(), view.clientKey(), view.baseUrl(),
                view.forgeInstallationId(), view.cloudId(), new License(view.licenseStatus(), view.licenseCheckedAt()),
                view.installedAt(), view.uninstalledAt(), view.eraseAfter(), view.erasedAt(), view.accountsHeld(),
                view.history().stream().map(h -> new HistoryEntry(h.kind(), h.occurredAt(), json(h.detail())))
                        .toList());
    }

    private static JsonNode json(String detail) {
        try {
            return JSON.readTree(detail);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
