package io.pivotreport.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Our own edge cases on top of the official vectors. */
class CanonicalRequestTest {

    private static String canonical(String method, String rawPath, String rawQuery, String basePath) {
        return CanonicalRequest.canonicalize(method, rawPath, rawQuery, basePath);
    }

    @Test
    void qshIsLowercaseHexSha256OfTheCanonicalString() {
        assertEquals("2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae", CanonicalRequest.qsh("foo"));
        assertEquals(CanonicalRequest.qsh("GET&/test&a=1"), CanonicalRequest.qsh("get", "/test", "a=1", null));
    }

    @Test
    void methodIsUpperCased() {
        assertEquals("POST&/x&", canonical("post", "/x", null, null));
    }

    @Test
    void nonAsciiParameterNamesAreUtf8PercentEncoded() {
        assertEquals("GET&/x&%C3%BCber=1&%E5%AE%AE=2", canonical("GET", "/x", "%C3%BCber=1&%E5%AE%AE=2", null));
    }

    @Test
    void emptyValuesKeepTheirEqualsSign() {
        assertEquals("GET&/x&a=&b=", canonical("GET", "/x", "b=&a=", null));
    }

    @Test
    void parameterWithoutEqualsSignHasAnEmptyValue() {
        assertEquals("GET&/x&a=1&flag=", canonical("GET", "/x", "flag&a=1", null));
        assertEquals(canonical("GET", "/x", "flag=", null), canonical("GET", "/x", "flag", null));
    }

    @Test
    void emptySegmentsOfTheQueryAreIgnored() {
        assertEquals("GET&/x&a=1&b=2", canonical("GET", "/x", "&a=1&&b=2&", null));
    }

    @Test
    void plusAndPercent20AreBothASpaceAndEncodeAsPercent20() {
        assertEquals("GET&/x&q=a%20b", canonical("GET", "/x", "q=a+b", null));
        assertEquals("GET&/x&q=a%20b", canonical("GET", "/x", "q=a%20b", null));
        assertEquals("GET&/x&q=a%2Bb", canonical("GET", "/x", "q=a%2Bb", null));
    }

    @Test
    void asteriskIsEncodedAndTildeIsNot() {
        assertEquals("GET&/x&q=%2A~", canonical("GET", "/x", "q=*%7E", null));
    }

    @Test
    void encodedSlashesInThePathStayEncoded() {
        assertEquals("GET&/issue%2Fpanel/a%2fb&", canonical("GET", "/app/issue%2Fpanel/a%2fb", null, "/app"));
    }

    @Test
    void oneTrailingSlashIsRemoved() {
        assertEquals("GET&/x&", canonical("GET", "/x/", null, null));
        assertEquals("GET&/x/&", canonical("GET", "/x//", null, null));
    }

    @ParameterizedTest
    @CsvSource({"/app", "/app/"})
    void aPathEqualToTheBasePathIsSlash(String rawPath) {
        assertEquals("GET&/&", canonical("GET", rawPath, null, "/app"));
    }

    @Test
    void rootPathIsSlash() {
        assertEquals("GET&/&", canonical("GET", "/", null, null));
        assertEquals("GET&/&", canonical("GET", "", null, null));
    }

    @ParameterizedTest
    @CsvSource({"/app", "/app/", "app", "app/"})
    void basePathIsNormalised(String basePath) {
        assertEquals("GET&/installed&", canonical("GET", "/app/installed", null, basePath));
    }

    @ParameterizedTest
    @CsvSource(value = {"NULL", "''", "/"}, nullValues = "NULL")
    void noBasePathLeavesThePathAlone(String basePath) {
        assertEquals("GET&/app/installed&", canonical("GET", "/app/installed", null, basePath));
    }

    @Test
    void basePathIsRemovedOnlyOnASegmentBoundary() {
        assertEquals("GET&/application/x&", canonical("GET", "/application/x", null, "/app"));
    }

    @Test
    void ampersandInThePathIsEncodedSoPathAndQueryCannotBeConfused() {
        assertEquals("GET&/a%26b=c&x=", canonical("GET", "/a&b=c", "x", null));
        assertFalse(canonical("GET", "/a&b=c", "x", null).equals(canonical("GET", "/a", "b=c&x", null)));
    }

    @Test
    void jwtParametersAreDropped() {
        assertEquals("GET&/x&a=1", canonical("GET", "/x", "jwt=abc&a=1&jwt=def", null));
    }

    @Test
    void namesAreSortedByTheirEncodedForm() {
        // "a b" encodes as "a%20b": '%' (0x25) sorts before '-' (0x2D); upper case before lower case.
        assertEquals("GET&/x&B=1&a%20b=2&a-b=3&b=4", canonical("GET", "/x", "b=4&a-b=3&a+b=2&B=1", null));
    }

    @Test
    void repeatedValuesAreSortedByDecodedValueAndJoinedWithComma() {
        // The official "Multi-value II" vector pins decoded order: ".1" before ":1" although "%3A1" < ".1".
        assertEquals("GET&/x&ids=.1,%3A1,b", canonical("GET", "/x", "ids=b&ids=%3A1&ids=.1", null));
    }

    @Test
    void personalDataReportingPathLosesItsTrailingSlash() {
        assertEquals("POST&/app/report-accounts&", canonical("POST", "/app/report-accounts/", null, ""));
    }

    @Test
    void brokenPercentEscapeIsRefusedWithoutEchoingTheInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> canonical("GET", "/x", "secret-ish=%ZZ", null));
        assertFalse(e.getMessage().contains("secret-ish"));
    }
}
