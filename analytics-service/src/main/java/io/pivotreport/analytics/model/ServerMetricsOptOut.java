package io.pivotreport.analytics.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** A server installation that turned metrics off; keyed by the organisation id's hash, never the id itself. */
@Entity
@Table(name = "server_metrics_opt_out")
public class ServerMetricsOptOut extends PanacheEntityBase {

    @Id
    @Column(name = "org_hash")
    public String orgHash;

    @Column(name = "opted_out_at", nullable = false)
    public OffsetDateTime optedOutAt;
}
