package io.pivotreport.gateway.security;

import io.pivotreport.auth.IncomingRequest;
import io.pivotreport.auth.TokenClass;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ChooseTokenClassTest {

    private static IncomingRequest withAuthorization(String... headers) {
        return new IncomingRequest("GET", "/api/reports", null, List.of(headers), null);
    }

    @Test
    void bearerHeaderSelectsForgeOnRoutesThatTakeIt() {
        Set<TokenClass> api = Set.of(TokenClass.CONTEXT, TokenClass.FORGE_INVOCATION);
        assertEquals(TokenClass.FORGE_INVOCATION, AtlassianIdentityProvider.chooseClass(api, withAuthorization("Bearer x")));
        assertEquals(TokenClass.CONTEXT, AtlassianIdentityProvider.chooseClass(api, withAuthorization("JWT x")));
        assertEquals(TokenClass.CONTEXT, AtlassianIdentityProvider.chooseClass(api, withAuthorization()));
    }

    @Test
    void routesWithOneClassAlwaysVerifyAsThatClass() {
        assertEquals(TokenClass.HOST,
                AtlassianIdentityProvider.chooseClass(Set.of(TokenClass.HOST), withAuthorization("Bearer x")));
        assertEquals(TokenClass.FORGE_INVOCATION,
                AtlassianIdentityProvider.chooseClass(Set.of(TokenClass.FORGE_INVOCATION), withAuthorization("JWT x")));
    }

    @Test
    void lifecycleBodyClientKeyIsReadStrictly() throws Exception {
        assertEquals("jira:1", AtlassianIdentityProvider.clientKeyOf("{\"clientKey\":\"jira:1\"}".getBytes()));
        assertThrows(io.pivotreport.auth.AuthException.class,
                () -> AtlassianIdentityProvider.clientKeyOf("{\"clientKey\":\"a\",\"clientKey\":\"b\"}".getBytes()));
        assertThrows(io.pivotreport.auth.AuthException.class,
                () -> AtlassianIdentityProvider.clientKeyOf("{\"clientKey\":7}".getBytes()));
        assertThrows(io.pivotreport.auth.AuthException.class,
                () -> AtlassianIdentityProvider.clientKeyOf("not json".getBytes()));
    }

    @Test
    void challengesFollowTheRoutesClasses() {
        assertEquals(List.of("JWT realm=\"k\""), Challenges.forClasses(Set.of(TokenClass.HOST), "k"));
        assertEquals(List.of("Bearer realm=\"k\""), Challenges.forClasses(Set.of(TokenClass.FORGE_INVOCATION), "k"));
        assertEquals(2, Challenges.forClasses(Set.of(TokenClass.CONTEXT, TokenClass.FORGE_INVOCATION), "k").size());
    }
}
