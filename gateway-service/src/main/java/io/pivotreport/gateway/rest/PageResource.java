package io.pivotreport.gateway.rest;

import io.pivotreport.auth.TokenClass;
import io.pivotreport.gateway.internal.LicenseServiceClient;
import io.pivotreport.gateway.security.AcceptsToken;
import io.pivotreport.gateway.security.GatewayCaller;
import io.pivotreport.gateway.security.GatewayRoles;
import io.pivotreport.gateway.service.PageShell;
import io.pivotreport.gateway.tenant.LicensePolicy;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.util.regex.Pattern;

/**
 * The general page Jira frames: a host token whose {@code qsh} covers the full query Jira sends ({@code lic},
 * {@code xdm_e}, {@code cp}, {@code tz}, {@code loc}, ...), so no parameter can be changed after signing. The page
 * load records the licence check at license-service and shows a notice when the licence is not active.
 */
@Path(DescriptorResource.PAGE_PATH)
public class PageResource {

    private static final Logger LOG = Logger.getLogger(PageResource.class);
    private static final Pattern LIC = Pattern.compile("[a-z][a-z_-]{0,31}");

    private final PageShell shell;
    private final LicenseServiceClient licenseService;
    private final LicensePolicy licenses;
    private final SecurityIdentity identity;

    public PageResource(PageShell shell, LicenseServiceClient licenseService, LicensePolicy licenses,
                        SecurityIdentity identity) {
        this.shell = shell;
        this.licenseService = licenseService;
        this.licenses = licenses;
        this.identity = identity;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @AcceptsToken(TokenClass.HOST)
    @RolesAllowed(GatewayRoles.TENANT_USER)
    public Uni<Response> page(@QueryParam("lic") String lic) {
        GatewayCaller caller = GatewayCaller.of(identity);
        String status = lic != null && LIC.matcher(lic).matches() ? lic : null;
        boolean notice = licenses.enforced() && !LicensePolicy.ACTIVE.equals(status);
        Uni<Void> recorded = Uni.createFrom().voidItem();
        if (status != null) {
            licenses.recordPageLoad(caller.tenantId(), status);
            recorded = licenseService.recordLicenseCheck(caller.tenantId(), status, "page")
                    .onFailure().invoke(failure -> LOG.warn("Licence check of a page load could not be recorded"))
                    .onFailure().recoverWithNull();
        }
        return recorded.map(ignored -> Response.ok(shell.html(notice), MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Content-Security-Policy", shell.contentSecurityPolicy(caller.tenantOrigin()))
                .header("Referrer-Policy", "no-referrer")
                .build());
    }
}
