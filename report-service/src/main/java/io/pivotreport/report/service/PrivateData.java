package io.pivotreport.report.service;

import java.util.regex.Pattern;

/**
 * Recognises text that looks like private data (policy P4). Deliberately eager: a report name such as
 * {@code team@home} is refused too, because a false positive costs the user a rename while a false negative stores an
 * e-mail address.
 */
public final class PrivateData {

    /** Something@something, including the full-width at sign some keyboards produce. */
    private static final Pattern EMAIL_LIKE = Pattern.compile("[\\p{L}\\p{N}._%+'!#$&*/=?^`{|}~-]+[@\uFF20][\\p{L}\\p{N}-]+");

    public static final String EMAIL_MESSAGE = "must not contain an e-mail address";

    private PrivateData() {
    }

    public static boolean looksLikeEmail(String text) {
        return text != null && EMAIL_LIKE.matcher(text).find();
    }
}
