package io.pivotreport.license.support;

import io.pivotreport.test.Ports;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Points the service at a loopback port for platform-test's {@code PersonalDataApiFake}, which the reporting test starts
 * on that port itself: the fake must live in the test's class loader to be scripted and inspected.
 */
public class PersonalDataApiPortResource implements QuarkusTestResourceLifecycleManager {

    public static final String API_BASE_URL = "pivot.license.personal-data.api-base-url";

    @Override
    public Map<String, String> start() {
        return Map.of(API_BASE_URL, "http://127.0.0.1:" + Ports.freePort());
    }

    @Override
    public void stop() {
    }
}
