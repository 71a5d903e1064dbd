package io.pivotreport.platform.security;

import io.pivotreport.platform.problem.ProblemException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Set;

/**
 * Who is calling, as the gateway's verified internal token says. Services take the tenant and account from here and
 * never from the request, so a caller cannot name another tenant.
 */
@RequestScoped
public class CallerContext {

    public static final String TENANT_CLAIM = "tenant";
    public static final String ACCOUNT_CLAIM = "account";

    @Inject
    JsonWebToken token;

    /** The caller's tenant; a token without one cannot reach tenant data. */
    public String tenantId() {
        String tenant = token.getClaim(TENANT_CLAIM);
        if (tenant == null || tenant.isBlank()) {
            throw ProblemException.forbidden("The internal token names no tenant");
        }
        return tenant;
    }

    /** The Atlassian accountId of the user, or null for calls made on behalf of the tenant itself. */
    public String accountIdOrNull() {
        String account = token.getClaim(ACCOUNT_CLAIM);
        return account == null || account.isBlank() ? null : account;
    }

    /** The user's accountId, required for user-owned data. */
    public String accountId() {
        String account = accountIdOrNull();
        if (account == null) {
            throw ProblemException.forbidden("The internal token names no user account");
        }
        return account;
    }

    public Set<String> roles() {
        Set<String> groups = token.getGroups();
        return groups == null ? Set.of() : groups;
    }

    public boolean hasRole(String role) {
        return roles().contains(role);
    }
}
