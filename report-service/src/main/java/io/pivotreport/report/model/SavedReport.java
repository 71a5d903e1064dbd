package io.pivotreport.report.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Converter;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.ColumnTransformer;

import java.time.Instant;
import java.util.UUID;

/**
 * A saved report row. Only the service layer touches it, and every query it runs names the caller's tenant; the REST
 * layer never sees the entity.
 */
@Entity
@Table(name = "saved_report")
public class SavedReport extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    public String tenantId;

    /** The owner's accountId; null once the owner's Atlassian account was closed (shared reports only). */
    @Column(name = "owner_account_id", updatable = false)
    public String ownerAccountId;

    /** When the owner's accountId was erased after an account closure; null while the report has an owner. */
    @Column(name = "owner_erased_at", updatable = false)
    public Instant ownerErasedAt;

    @Column(nullable = false)
    public String name;

    @Column(name = "source_type", nullable = false)
    @Convert(converter = SourceTypeColumn.class)
    public SourceType sourceType;

    /** The filter, board or project id, or the JQL text. */
    @Column(name = "source_ref", nullable = false)
    public String sourceRef;

    /** The validated configuration as compact JSON; PostgreSQL keeps it as jsonb. */
    @Column(nullable = false, columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String configuration;

    @Column(nullable = false)
    @Convert(converter = VisibilityColumn.class)
    public Visibility visibility;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Version
    @Column(nullable = false)
    public long version;

    public boolean isOwnedBy(String accountId) {
        return ownerAccountId != null && ownerAccountId.equals(accountId);
    }

    /** A shared report whose owner's account was closed: readable by all, changeable by none, deletable by all. */
    public boolean isOwnerless() {
        return ownerAccountId == null;
    }

    public boolean isVisibleTo(String accountId) {
        return visibility == Visibility.SHARED || isOwnedBy(accountId);
    }

    @Converter
    public static class SourceTypeColumn implements AttributeConverter<SourceType, String> {
        @Override
        public String convertToDatabaseColumn(SourceType type) {
            return type == null ? null : type.wire();
        }

        @Override
        public SourceType convertToEntityAttribute(String value) {
            return value == null ? null : SourceType.fromWire(value)
                    .orElseThrow(() -> new IllegalStateException("Unknown source type in the database"));
        }
    }

    @Converter
    public static class VisibilityColumn implements AttributeConverter<Visibility, String> {
        @Override
        public String convertToDatabaseColumn(Visibility visibility) {
            return visibility == null ? null : visibility.wire();
        }

        @Override
        public Visibility convertToEntityAttribute(String value) {
            return value == null ? null : Visibility.fromWire(value)
                    .orElseThrow(() -> new IllegalStateException("Unknown visibility in the database"));
        }
    }
}
