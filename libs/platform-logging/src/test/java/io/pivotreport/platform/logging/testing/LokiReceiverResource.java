package io.pivotreport.platform.logging;

import io.pivotreport.platform.logging.testing.LokiPushReceiver;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** Starts a loopback Loki receiver, points the app's shipping at it and injects it into the test. */
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
