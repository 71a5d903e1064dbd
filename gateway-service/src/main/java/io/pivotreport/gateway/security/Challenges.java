package io.pivotreport.gateway.security;

import io.pivotreport.auth.TokenClass;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code WWW-Authenticate} values: {@code JWT realm="<app key>"} for Connect, {@code Bearer} for Forge. */
public final class Challenges {

    private Challenges() {
    }

    public static List<String> forClasses(Set<TokenClass> accepted, String appKey) {
        List<String> challenges = new ArrayList<>(2);
        boolean connect = accepted.isEmpty() || accepted.stream().anyMatch(c -> c != TokenClass.FORGE_INVOCATION);
        if (connect) {
            challenges.add(connect(appKey));
        }
        if (accepted.contains(TokenClass.FORGE_INVOCATION)) {
            challenges.add("Bearer realm=\"" + appKey + "\"");
        }
        return challenges;
    }

    /** The challenge of support routes: a Bearer token of the support issuer. */
    public static String support(String supportIssuer) {
        return "Bearer realm=\"" + supportIssuer + "\"";
    }

    public static String connect(String appKey) {
        return "JWT realm=\"" + appKey + "\"";
    }
}
