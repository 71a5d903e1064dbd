package io.pivotreport.license.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pivotreport.license.model.AccountHistoryEntry;
import io.pivotreport.license.model.HistoryKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;

/**
 * Writes account-data history entries. Callers pass only non-secret facts; the detail map is the whole record, so
 * nothing else (a request body, a secret) can end up here by accident.
 */
@ApplicationScoped
public class AccountHistory {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    @Inject
    Clock clock;

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(UUID tenantId, HistoryKind kind, Map<String, ?> detail) {
        AccountHistoryEntry entry = new AccountHistoryEntry();
        entry.tenantId = tenantId;
        entry.kind = kind.wire();
        entry.occurredAt = clock.instant();
        try {
            entry.detail = JSON.writeValueAsString(detail);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("history detail is not serialisable", e);
        }
        entry.persist();
    }
}
