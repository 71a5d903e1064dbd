package io.pivotreport.analytics.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * One period's anonymised metrics of one server installation: versions, two counts and a coarse bucket of active
 * users. There is no column that could hold a person's data; the organisation appears only as a keyed hash.
 */
@Entity
@Table(name = "server_metrics_report")
public class ServerMetricsReport extends PanacheEntityBase {

    @Id
    @Column(name = "id")
    public Long id;

    @Column(name = "org_hash", nullable = false)
    public String orgHash;

    @Column(name = "period", nullable = false)
    public LocalDate period;

    @Column(name = "app_version", nullable = false)
    public String appVersion;

    @Column(name = "product_version", nullable = false)
    public String productVersion;

    @Column(name = "reports_generated", nullable = false)
    public long reportsGenerated;

    @Column(name = "saved_reports", nullable = false)
    public long savedReports;

    @Column(name = "active_users_bucket", nullable = false)
    public String activeUsersBucket;

    @Column(name = "received_at", nullable = false)
    public OffsetDateTime receivedAt;
}
