package io.pivotreport.license.service;

import io.agroal.api.AgroalDataSource;
import io.pivotreport.license.support.Api;
import io.pivotreport.license.support.Metrics;
import io.pivotreport.license.support.MovableClock;
import io.pivotreport.license.support.TestTopics;
import io.pivotreport.test.RestartableKafkaResource;
import io.pivotreport.license.support.Sql;
import io.pivotreport.test.InternalJwtTestResource;
import io.pivotreport.test.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.pivotreport.license.support.Api.install;
import static io.pivotreport.license.support.Api.newBaseUrl;
import static io.pivotreport.license.support.Api.newClientKey;
import static io.pivotreport.license.support.Api.newSecret;
import static io.pivotreport.license.support.Api.verification;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(value = RestartableKafkaResource.class,
        initArgs = @ResourceArg(name = RestartableKafkaResource.TOPICS, value = TestTopics.ALL))
@WithTestResource(InternalJwtTestResource.class)
class SecretAtRestTest {

    @Inject
    AgroalDataSource ds;

    @Inject
    MovableClock clock;

    @Inject
    SecretCipher cipher;

    @Inject
    SecretReencryptionJob reencryption;

    /** Every way a careless implementation could have stored the secret: plain, base64 (both alphabets), hex. */
    private static List<String> encodings(String secret) {
        byte[] raw = secret.getBytes(StandardCharsets.UTF_8);
        List<String> forms = new ArrayList<>();
        forms.add(secret);
        forms.add(Base64.getEncoder().encodeToString(raw));
        forms.add(Base64.getEncoder().withoutPadding().encodeToString(raw));
        forms.add(Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
        forms.add(HexFormat.of().formatHex(raw));
        forms.add(HexFormat.of().withUpperCase().formatHex(raw));
        return forms;
    }

    @Test
    void theDatabaseHoldsCiphertextOnlyNeverThePlainSecretInAnyEncoding() {
        List<String> secrets = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String clientKey = newClientKey();
            String secret = newSecret();
            secrets.add(secret);
            install(clientKey, newBaseUrl(), secret, clock.instant().getEpochSecond());
            verification(clientKey).statusCode(200).body("sharedSecret", equalTo(secret));
        }

        List<String> needles = secrets.stream().flatMap(s -> encodings(s).stream()).toList();
        List<String> tables = Sql.rows(ds, "SELECT table_name FROM information_schema.tables "
                + "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'").stream()
                .map(r -> (String) r.get("table_name")).toList();
        assertTrue(tables.containsAll(List.of("tenant", "account_history", "outbox_event")), tables.toString());
        int cellsSwept = 0;
        for (String table : tables) {
            for (Map<String, Object> row : Sql.rows(ds, "SELECT * FROM " + table)) {
                for (Map.Entry<String, Object> cell : row.entrySet()) {
                    String text = cell.getValue() instanceof byte[] bytes
                            ? new String(bytes, StandardCharsets.ISO_8859_1) : String.valueOf(cell.getValue());
                    for (String needle : needles) {
                        assertTrue(!text.contains(needle),
                                "a form of a shared secret was found in " + table + "." + cell.getKey());
                    }
                    cellsSwept++;
                }
            }
        }
        assertTrue(cellsSwept > 0);
    }

    @Test
    void theStoredSecretIsAesGcmCiphertextUnderTheActiveKey() {
        String clientKey = newClientKey();
        String secret = newSecret();
        UUID tenant = install(clientKey, newBaseUrl(), secret, clock.instant().getEpochSecond());
        Map<String, Object> row = Sql.one(ds,
                "SELECT secret_key_id, secret_nonce, secret_ciphertext FROM tenant WHERE id = ?", tenant);
        assertEquals("test-b", row.get("secret_key_id"));
        assertEquals(12, ((byte[]) row.get("secret_nonce")).length);
        byte[] ciphertext = (byte[]) row.get("secret_ciphertext");
        assertEquals(secret.getBytes(StandardCharsets.UTF_8).length + 16, ciphertext.length, "ciphertext + GCM tag");
        assertNotEquals(secret, new String(ciphertext, StandardCharsets.ISO_8859_1));
    }

    @Test
    void aCiphertextCopiedIntoAnotherTenantsRowDoesNotOpen() {
        String keyA = newClientKey();
        String keyB = newClientKey();
        UUID a = install(keyA, newBaseUrl(), newSecret(), clock.instant().getEpochSecond());
        install(keyB, newBaseUrl(), newSecret(), clock.instant().getEpochSecond());
        Sql.update(ds, "UPDATE tenant b SET secret_key_id = a.secret_key_id, secret_nonce = a.secret_nonce, "
                + "secret_ciphertext = a.secret_ciphertext FROM tenant a WHERE a.id = ? AND b.client_key = ?", a, keyB);

        verification(keyB).statusCode(503).contentType("application/problem+json");
        verification(keyA).statusCode(200);
    }

    @Test
    void reencryptionMovesSecretsFromARetiredKeyToTheActiveKey() {
        String clientKey = newClientKey();
        String secret = newSecret();
        UUID tenant = install(clientKey, newBaseUrl(), secret, clock.instant().getEpochSecond());
        // as if written before the rotation: sealed with the retired key test-a
        KeyRing.Sealed old = cipher.ring().seal("test-a", secret.getBytes(StandardCharsets.UTF_8),
                SecretCipher.associatedData(tenant, "test-a"));
        Sql.update(ds, "UPDATE tenant SET secret_key_id = ?, secret_nonce = ?, secret_ciphertext = ? WHERE id = ?",
                old.keyId(), old.nonce(), old.ciphertext(), tenant);
        verification(clientKey).statusCode(200).body("sharedSecret", equalTo(secret));
        double before = Metrics.value(SecretReencryptionJob.REENCRYPTED_METRIC);

        int moved = reencryption.reencryptAll();

        assertTrue(moved >= 1);
        Map<String, Object> row = Sql.one(ds, "SELECT secret_key_id, secret_ciphertext FROM tenant WHERE id = ?", tenant);
        assertEquals("test-b", row.get("secret_key_id"));
        assertTrue(!java.util.Arrays.equals(old.ciphertext(), (byte[]) row.get("secret_ciphertext")));
        verification(clientKey).statusCode(200).body("sharedSecret", equalTo(secret));
        assertEquals(0, Sql.count(ds, "SELECT count(*) FROM tenant WHERE secret_key_id = 'test-a'"));
        assertEquals(0.0, Metrics.value(SecretReencryptionJob.INACTIVE_KEY_METRIC));
        assertEquals(before + moved, Metrics.value(SecretReencryptionJob.REENCRYPTED_METRIC));
        assertEquals(Map.of("from_key", "test-a", "to_key", "test-b"), Sql.one(ds, "SELECT detail->>'fromKeyId' AS "
                + "from_key, detail->>'toKeyId' AS to_key FROM account_history WHERE tenant_id = ? AND kind = 'secret-reencrypted'",
                tenant));
        assertArrayEquals(secret.getBytes(StandardCharsets.UTF_8), Api.verification(clientKey).extract()
                .path("sharedSecret").toString().getBytes(StandardCharsets.UTF_8));
    }
}
