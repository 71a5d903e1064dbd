package io.pivotreport.test;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RestartableKafkaResourceTest {

    @Test
    void aTestStopsAndRestartsTheBrokerOnTheSameAddressWithItsTopicsKept() throws Exception {
        RestartableKafkaResource resource = new RestartableKafkaResource();
        resource.init(Map.of(RestartableKafkaResource.TOPICS, "outage.a, outage.b:2"));
        Map<String, String> config = resource.start();
        try {
            String bootstrap = config.get("kafka.bootstrap.servers");
            assertEquals(bootstrap, config.get("mp.messaging.connector.smallrye-kafka.bootstrap.servers"));
            assertEquals(Set.of("outage.a", "outage.b"), topics(bootstrap));
            int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));

            RestartableKafkaResource.stopBroker();
            assertTrue(Ports.isFree(port), "a stopped broker releases its port");

            RestartableKafkaResource.startBroker();
            assertFalse(Ports.isFree(port));
            assertEquals(Set.of("outage.a", "outage.b"), topics(bootstrap));
        } finally {
            resource.stop();
        }
        assertThrows(IllegalStateException.class, RestartableKafkaResource::stopBroker,
                "no handle is left behind once the resource stopped");
    }

    private static Set<String> topics(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS);
        }
    }
}
