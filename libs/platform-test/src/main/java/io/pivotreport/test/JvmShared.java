package io.pivotreport.test;

/**
 * System properties through which the servers and keys of this JVM are shared by every class loader that loads
 * platform-test (Quarkus may load it once per test application; statics alone would start a second server and mint
 * tokens with a second key pair).
 */
final class JvmShared {

    /** An interned literal: the same object for every class loader, so one lock for the JVM. */
    static final String LOCK = "io.pivotreport.test.JvmShared.LOCK";

    static final String PG_URL = "pivot.test.shared.pg.url";
    static final String PG_USER = "pivot.test.shared.pg.user";
    static final String PG_PASSWORD = "pivot.test.shared.pg.password";
    static final String PG_SOURCE = "pivot.test.shared.pg.source";
    static final String KAFKA_BOOTSTRAP = "pivot.test.shared.kafka.bootstrap";
    static final String KAFKA_SOURCE = "pivot.test.shared.kafka.source";
    static final String KEYS_PRIVATE = "pivot.test.shared.keys.private";
    static final String KEYS_PUBLIC = "pivot.test.shared.keys.public";

    private JvmShared() {
    }
}
