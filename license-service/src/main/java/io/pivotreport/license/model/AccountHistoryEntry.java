package io.pivotreport.license.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.ColumnTransformer;

import java.time.Instant;
import java.util.UUID;

/** One account-data history entry; kept at most 30 days (see {@code AccountHistoryPurge}). Never holds a secret. */
@Entity
@Table(name = "account_history")
public class AccountHistoryEntry extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "tenant_id")
    public UUID tenantId;

    /** {@link HistoryKind#wire()} */
    public String kind;

    @Column(name = "occurred_at")
    public Instant occurredAt;

    /** A small JSON object of non-secret facts (event, iat, status, counts). */
    @Column(columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String detail;
}
