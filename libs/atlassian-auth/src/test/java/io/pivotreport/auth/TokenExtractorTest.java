package io.pivotreport.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenExtractorTest {
    private static final String TOKEN = "aaa.bbb.ccc";
    private static final String OTHER = "ddd.eee.fff";
    private final TokenExtractor extractor = new TokenExtractor(64);

    private static IncomingRequest request(String query, String... headers) {
        return new IncomingRequest("GET", "/x", query, List.of(headers), null);
    }

    private AuthFailureReason failure(IncomingRequest request) {
        return assertThrows(AuthException.class, () -> extractor.extract(request)).reason();
    }

    @Test
    void tokenFromJwtAuthorizationHeaderAloneIsAccepted() throws AuthException {
        ExtractedToken token = extractor.extract(request(null, "JWT " + TOKEN));
        assertEquals(TOKEN, token.value());
        assertEquals(Set.of(ExtractedToken.Source.AUTHORIZATION_JWT), token.sources());
    }

    @Test
    void tokenFromBearerAuthorizationHeaderAloneIsAccepted() throws AuthException {
        ExtractedToken token = extractor.extract(request(null, "Bearer " + TOKEN));
        assertEquals(Set.of(ExtractedToken.Source.AUTHORIZATION_BEARER), token.sources());
    }

    @Test
    void tokenFromJwtQueryParameterAloneIsAccepted() throws AuthException {
        ExtractedToken token = extractor.extract(request("a=1&jwt=" + TOKEN));
        assertEquals(TOKEN, token.value());
        assertEquals(Set.of(ExtractedToken.Source.QUERY_PARAMETER), token.sources());
    }

    @Test
    void schemeIsCaseInsensitiveAndWhitespaceTolerated() throws AuthException {
        assertEquals(TOKEN, extractor.extract(request(null, "  jwt   " + TOKEN + " ")).value());
        assertEquals(TOKEN, extractor.extract(request(null, "BEARER " + TOKEN)).value());
    }

    @Test
    void sameTokenInHeaderAndQueryIsOneToken() throws AuthException {
        ExtractedToken token = extractor.extract(request("jwt=" + TOKEN, "JWT " + TOKEN));
        assertEquals(Set.of(ExtractedToken.Source.AUTHORIZATION_JWT, ExtractedToken.Source.QUERY_PARAMETER),
                token.sources());
    }

    @Test
    void differentTokensInHeaderAndQueryAreRefused() {
        assertEquals(AuthFailureReason.MULTIPLE_TOKENS, failure(request("jwt=" + OTHER, "JWT " + TOKEN)));
    }

    @Test
    void twoDifferentJwtQueryParametersAreRefused() {
        assertEquals(AuthFailureReason.MULTIPLE_TOKENS, failure(request("jwt=" + TOKEN + "&jwt=" + OTHER)));
    }

    @Test
    void twoDifferentAuthorizationHeadersAreRefused() {
        assertEquals(AuthFailureReason.MULTIPLE_TOKENS, failure(request(null, "JWT " + TOKEN, "Bearer " + OTHER)));
    }

    @Test
    void noTokenAnywhereIsMissing() {
        assertEquals(AuthFailureReason.MISSING, failure(request("a=1")));
        assertEquals(AuthFailureReason.MISSING, failure(request(null, "   ")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Basic dXNlcjpwYXNz", "Digest x", "JWT", "Bearer", "aaa.bbb.ccc"})
    void unsupportedOrIncompleteAuthorizationHeaderIsMalformed(String header) {
        assertEquals(AuthFailureReason.MALFORMED, failure(request(null, header)));
    }

    @Test
    void emptyJwtQueryParameterIsMalformed() {
        assertEquals(AuthFailureReason.MALFORMED, failure(request("jwt=")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"aaa.b b.ccc", "aaa.bbb.c+c", "aaa.bbb.cc=", "aaa.bbb.ccé"})
    void charactersOutsideBase64UrlAreMalformed(String token) {
        assertEquals(AuthFailureReason.MALFORMED, failure(request(null, "JWT " + token)));
    }

    @Test
    void tokenAtTheSizeLimitIsAcceptedAndOneByteMoreIsTooLarge() throws AuthException {
        String atLimit = "a".repeat(62) + ".b";
        assertEquals(64, atLimit.length());
        assertEquals(atLimit, extractor.extract(request(null, "JWT " + atLimit)).value());
        assertEquals(AuthFailureReason.TOO_LARGE, failure(request(null, "JWT " + atLimit + "c")));
        assertEquals(AuthFailureReason.TOO_LARGE, failure(request("jwt=" + atLimit + "c")));
    }

    @Test
    void brokenQueryEncodingIsMalformed() {
        assertEquals(AuthFailureReason.MALFORMED, failure(request("jwt=%G1")));
    }
}
