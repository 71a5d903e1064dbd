package io.pivotreport.gateway;

import io.pivotreport.gateway.support.GatewayTestEnvironment;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The one Quarkus application of this module's tests (one start): the gateway in front of the real license-service
 * and report-service, real Kafka, local key servers. Every {@code @QuarkusTest} here carries it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@QuarkusTest
@WithTestResource(value = GatewayTestEnvironment.class, scope = TestResourceScope.MATCHING_RESOURCES)
public @interface GatewayTest {
}
