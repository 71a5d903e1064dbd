package io.pivotreport.events;

import java.util.regex.Pattern;

/** The shape of an Atlassian accountId, as Atlassian's user privacy guide defines it. */
public final class AccountIds {

    private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9:\\-]{1,128}");

    private AccountIds() {
    }

    /** 1–128 characters, letters, digits, {@code -} and {@code :} only. */
    public static boolean isValid(String accountId) {
        return accountId != null && ACCOUNT_ID.matcher(accountId).matches();
    }
}
