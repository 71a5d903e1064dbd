package io.pivotreport.license.support;

import io.pivotreport.events.Topics;

/** The topics created on platform-test's {@code RestartableKafkaResource} before the application starts. */
public final class TestTopics {

    public static final String ALL = Topics.TENANT_LIFECYCLE + "," + Topics.TENANT_ERASURE_RECEIPTS + ","
            + Topics.ACCOUNT_REFERENCES + "," + Topics.ACCOUNT_CLOSURES;

    private TestTopics() {
    }
}
