package org.itsmflow.event;

import static org.itsmflow.platform.Jdbc.instant;
import static org.itsmflow.platform.Jdbc.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;

/** The monitoring tables: alerts by fingerprint, and the incident each kind of alert attaches to. */
@Repository
class AlertStore {

    private final JdbcClient jdbc;

    AlertStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The alert with this fingerprint, locked until the transaction ends (concurrent deliveries queue here). */
    Optional<StoredAlert> lock(String fingerprint) {
        return jdbc.sql("select * from monitoring_alert where fingerprint = ? for update").param(fingerprint)
                .query(AlertStore::alert).optional();
    }

    /** Every alert attached to the incident, locked in id order (one order for every caller: no deadlock). */
    List<StoredAlert> lockAttachedTo(String incidentId) {
        return jdbc.sql("select * from monitoring_alert where incident_id = ? order by id for update")
                .param(incidentId).query(AlertStore::alert).list();
    }

    List<StoredAlert> attachedTo(String incidentId) {
        return jdbc.sql("select * from monitoring_alert where incident_id = ? order by id").param(incidentId)
                .query(AlertStore::alert).list();
    }

    void insert(StoredAlert alert) {
        jdbc.sql("""
                insert into monitoring_alert (fingerprint, alert_name, ci_id, service_id, incident_id, correlation,
                    status, delivery_count, first_seen, last_seen, starts_at, ends_at, resolve_when_cleared, summary,
                    generator_url, labels)
                values (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
                .params(alert.fingerprint(), alert.alertName(), alert.ciId(), alert.serviceId(), alert.incidentId(),
                        alert.correlation().name(), alert.status().name(), utc(alert.firstSeen()),
                        utc(alert.lastSeen()), utc(alert.startsAt()), utc(alert.endsAt()), alert.resolveWhenCleared(),
                        alert.summary(), alert.generatorUrl(), alert.labels())
                .update();
    }

    /** A known fingerprint fires for a new incident (its last incident was resolved or closed): a new episode. */
    void reattach(StoredAlert alert) {
        jdbc.sql("""
                update monitoring_alert set alert_name = ?, ci_id = ?, service_id = ?, incident_id = ?, correlation = ?,
                    status = ?, delivery_count = 1, first_seen = ?, last_seen = ?, starts_at = ?, ends_at = ?,
                    resolve_when_cleared = ?, summary = ?, generator_url = ?, labels = ?
                where fingerprint = ?
                """)
                .params(alert.alertName(), alert.ciId(), alert.serviceId(), alert.incidentId(),
                        alert.correlation().name(), alert.status().name(), utc(alert.firstSeen()),
                        utc(alert.lastSeen()), utc(alert.startsAt()), utc(alert.endsAt()), alert.resolveWhenCleared(),
                        alert.summary(), alert.generatorUrl(), alert.labels(), alert.fingerprint())
                .update();
    }

    /** Another delivery of the alert: counted, last seen now, firing or resolved as delivered. */
    void delivered(String fingerprint, AlertStatus status, Instant endsAt, Instant at) {
        jdbc.sql("update monitoring_alert set delivery_count = delivery_count + 1, last_seen = ?, status = ?, "
                        + "ends_at = ? where fingerprint = ?")
                .params(utc(at), status.name(), utc(endsAt), fingerprint).update();
    }

    /** The problem row of this key, locked until the transaction ends. */
    Optional<Problem> lockProblem(String key) {
        return jdbc.sql("select * from monitoring_problem where problem_key = ? for update").param(key)
                .query((rs, n) -> new Problem(rs.getString("problem_key"), rs.getString("incident_id"),
                        rs.getString("ci_id")))
                .optional();
    }

    /**
     * Claims a new problem key before its incident is recorded. A concurrent claim of the same key waits for this
     * transaction and then fails on the primary key (its transaction is retried and finds the row).
     */
    void claimProblem(String key, String ciId, Instant at) {
        jdbc.sql("insert into monitoring_problem (problem_key, incident_id, ci_id, created_at) values (?, null, ?, ?)")
                .params(key, ciId, utc(at)).update();
    }

    void pointProblem(String key, String incidentId) {
        jdbc.sql("update monitoring_problem set incident_id = ? where problem_key = ?").params(incidentId, key)
                .update();
    }

    /**
     * Incidents that firing alerts on any of these CIs are attached to, the earliest alert first: the incidents of
     * CIs that are failing now.
     */
    List<String> incidentsFiringOn(Collection<String> ciIds) {
        if (ciIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select incident_id from monitoring_alert where ci_id = any(?) and status = 'FIRING' "
                        + "and incident_id is not null group by incident_id order by min(first_seen), incident_id")
                .param(new SqlArrayValue("varchar", ciIds.toArray()))
                .query(String.class).list();
    }

    private static StoredAlert alert(ResultSet rs, int row) throws SQLException {
        return new StoredAlert(rs.getLong("id"), rs.getString("fingerprint"), rs.getString("alert_name"),
                rs.getString("ci_id"), rs.getString("service_id"), rs.getString("incident_id"),
                Correlation.valueOf(rs.getString("correlation")), AlertStatus.valueOf(rs.getString("status")),
                rs.getInt("delivery_count"), instant(rs, "first_seen"), instant(rs, "last_seen"),
                instant(rs, "starts_at"), instant(rs, "ends_at"), rs.getBoolean("resolve_when_cleared"),
                rs.getString("summary"), rs.getString("generator_url"), rs.getString("labels"));
    }

    /** Where alerts of one kind go. */
    record Problem(String key, String incidentId, String ciId) {
    }
}
