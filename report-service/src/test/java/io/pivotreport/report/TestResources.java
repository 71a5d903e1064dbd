package io.pivotreport.report;

import io.pivotreport.test.InternalJwtTestResource;
import io.pivotreport.test.PostgresTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/**
 * The one set of test resources of this module, applied to every {@code @QuarkusTest} so the application starts once:
 * a fresh database on the real test PostgreSQL, a real Kafka broker with our topics that {@link BrokerOutageTest} can
 * stop and restart ({@link RestartableKafkaResource}), and the test key pair for internal tokens.
 */
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RestartableKafkaResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = InternalJwtTestResource.class, scope = TestResourceScope.GLOBAL)
public final class TestResources {

    private TestResources() {
    }
}
