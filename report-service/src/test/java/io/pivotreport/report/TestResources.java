package io.pivotreport.report;

import io.pivotreport.events.Topics;
import io.pivotreport.test.InternalJwtTestResource;
import io.pivotreport.test.KafkaTestResource;
import io.pivotreport.test.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/**
 * The one set of test resources of this module, applied to every {@code @QuarkusTest} so the application starts once:
 * a fresh database on the real test PostgreSQL, the real test Kafka broker with our topics, and the test key pair for
 * internal tokens.
 */
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS,
                value = Topics.TENANT_LIFECYCLE + "," + Topics.TENANT_ERASURE_RECEIPTS + ","
                        + Topics.ACCOUNT_REFERENCES + "," + Topics.ACCOUNT_CLOSURES))
@WithTestResource(value = InternalJwtTestResource.class, scope = TestResourceScope.GLOBAL)
public final class TestResources {

    private TestResources() {
    }
}
