package io.pivotreport.report;

import io.pivotreport.test.InternalJwtTestResource;
import io.pivotreport.events.Topics;
import io.pivotreport.test.PostgresTestResource;
import io.pivotreport.test.RestartableKafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/**
 * The one set of test resources of this module, applied to every {@code @QuarkusTest} so the application starts once:
 * a fresh database on the real test PostgreSQL, a real Kafka broker with our topics that {@link BrokerOutageTest} can
 * stop and restart (platform-test's {@link RestartableKafkaResource}; {@link DatabaseOutageTest} takes the
 * database away with platform-test's {@code DatabaseOutage}), and the test key pair for internal tokens.
 */
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RestartableKafkaResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = RestartableKafkaResource.TOPICS, value = TestResources.TOPICS))
@WithTestResource(value = InternalJwtTestResource.class, scope = TestResourceScope.GLOBAL)
public final class TestResources {

    static final String TOPICS = Topics.TENANT_LIFECYCLE + "," + Topics.TENANT_ERASURE_RECEIPTS + ","
            + Topics.ACCOUNT_REFERENCES + "," + Topics.ACCOUNT_CLOSURES;

    private TestResources() {
    }
}
