package io.pivotreport.platform.logging.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Starts a {@link LokiPushReceiver}, points the application's log shipping at it ({@code pivot.logging.loki.url}) and
 * injects it into fields of type {@code LokiPushReceiver} of the test.
 *
 * <pre>{@code
 * @QuarkusTest
 * @WithTestResource(LokiReceiverResource.class)
 * class ShippedLogsTest {
 *     LokiPushReceiver loki;
 *     ...
 * }
 * }</pre>
 */
public class LokiReceiverResource implements QuarkusTestResourceLifecycleManager {

    private LokiPushReceiver receiver;

    @Override
    public Map<String, String> start() {
        receiver = LokiPushReceiver.start();
        return Map.of("pivot.logging.loki.url", receiver.pushUrl());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(receiver, new TestInjector.MatchesType(LokiPushReceiver.class));
    }

    @Override
    public void stop() {
        receiver.close();
    }
}
