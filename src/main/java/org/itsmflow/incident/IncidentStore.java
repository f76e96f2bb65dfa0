package org.itsmflow.incident;

import static org.itsmflow.platform.Jdbc.instant;
import static org.itsmflow.platform.Jdbc.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.itsmflow.platform.ConflictException;
import org.itsmflow.platform.RecordNumbers;
import org.springframework.jdbc.core.simple.JdbcClient;

import org.springframework.stereotype.Repository;

/** The incident tables: records, the decisions taken on them, their journal. */
@Repository
class IncidentStore {

    private final JdbcClient jdbc;
    private final RecordNumbers.Sequence numbers;

    IncidentStore(JdbcClient jdbc, RecordNumbers recordNumbers) {
        this.jdbc = jdbc;
        this.numbers = recordNumbers.sequence("incident_number_seq", "INC");
    }

    /** The next human id, {@code INC-000123}; numbers are never reused, gaps are possible after a rollback. */
    String nextId() {
        return numbers.next();
    }

    void insert(String id, NewIncident incident, String ciType, String reportedBy, Instant at) {
        jdbc.sql("""
                insert into incident (id, title, description, service_id, ci_id, ci_type, category, impact, urgency,
                    status, reported_by, reported_at, updated_at, version)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
                """)
                .params(id, incident.title(), incident.description(), incident.serviceId(), incident.ciId(), ciType,
                        incident.category(), incident.impact().name(), incident.urgency().name(),
                        IncidentStatus.NEW.name(), reportedBy, utc(at), utc(at))
                .update();
    }

    Optional<Incident> find(String id) {
        return jdbc.sql("select * from incident where id = ?").param(id).query(IncidentStore::incident).optional();
    }

    /** Incidents reported in [from, to), of one service or (serviceId null) of all, oldest first (reports). */
    List<Incident> reportedBetween(String serviceId, Instant from, Instant to) {
        return serviceId == null
                ? jdbc.sql("select * from incident where reported_at >= ? and reported_at < ? order by reported_at, id")
                        .params(utc(from), utc(to)).query(IncidentStore::incident).list()
                : jdbc.sql("select * from incident where service_id = ? and reported_at >= ? and reported_at < ? "
                        + "order by reported_at, id").params(serviceId, utc(from), utc(to))
                        .query(IncidentStore::incident).list();
    }

    void setProcessInstance(String id, String processInstanceId) {
        jdbc.sql("update incident set process_instance_id = ? where id = ?").params(processInstanceId, id).update();
    }

    void setPriority(String id, String impact, String urgency, String priority, String reason, Instant at) {
        update(id, at, "impact = ?, urgency = ?, priority = ?, priority_reason = ?", impact, urgency, priority, reason);
    }

    void setClassification(String id, String category, String group, boolean security, boolean major, String reason,
            Instant at) {
        update(id, at, "category = ?, assignment_group = ?, security_incident = ?, major_incident = ?, "
                + "classification_reason = ?", category, group, security, major, reason);
    }

    void setKnownErrorsAtTriage(String id, String shown, String applied, Instant at) {
        update(id, at, "known_errors_shown = ?, known_error_applied = ?", shown, applied);
    }

    void setAssignmentGroup(String id, String group, Instant at) {
        update(id, at, "assignment_group = ?", group);
    }

    void setStatus(String id, IncidentStatus status, Instant at) {
        update(id, at, "status = ?", status.name());
    }

    void setResolved(String id, String note, Instant at) {
        update(id, at, "status = ?, resolved_at = ?, resolution_note = ?", IncidentStatus.RESOLVED.name(), utc(at), note);
    }

    void setReopened(String id, Instant at) {
        update(id, at, "status = ?, resolved_at = null, reopen_count = reopen_count + 1",
                IncidentStatus.IN_PROGRESS.name());
    }

    void setClosed(String id, String code, String note, Instant at) {
        update(id, at, "status = ?, closed_at = ?, closure_code = ?, closure_note = ?", IncidentStatus.CLOSED.name(),
                utc(at), code, note);
    }

    private void update(String id, Instant at, String assignments, Object... values) {
        Object[] params = new Object[values.length + 2];
        System.arraycopy(values, 0, params, 0, values.length);
        params[values.length] = utc(at);
        params[values.length + 1] = id;
        int rows = jdbc.sql("update incident set " + assignments + ", updated_at = ?, version = version + 1 where id = ?")
                .params(params).update();
        if (rows != 1) {
            throw new ConflictException("Incident '" + id + "' does not exist");
        }
    }

    void insertDecision(String incidentId, String key, Integer version, String inputs, String outputs, String reason,
            String by, Instant at) {
        jdbc.sql("""
                insert into incident_decision (incident_id, decision_key, decision_version, inputs, outputs, reason,
                    decided_at, decided_by) values (?, ?, ?, ?, ?, ?, ?, ?)
                """).params(incidentId, key, version, inputs, outputs, reason, utc(at), by).update();
    }

    List<IncidentDecision> decisions(String incidentId) {
        return jdbc.sql("select * from incident_decision where incident_id = ? order by id").param(incidentId)
                .query((rs, n) -> new IncidentDecision(rs.getString("decision_key"),
                        (Integer) rs.getObject("decision_version"), rs.getString("inputs"), rs.getString("outputs"),
                        rs.getString("reason"), instant(rs, "decided_at"), rs.getString("decided_by")))
                .list();
    }

    void journal(String incidentId, String actor, JournalKind kind, String code, String text, Instant at) {
        jdbc.sql("insert into incident_journal (incident_id, at, actor, kind, code, text) values (?, ?, ?, ?, ?, ?)")
                .params(incidentId, utc(at), actor, kind.name(), code, text).update();
    }

    /** Whether the incident's journal has an entry with this code. */
    boolean hasJournalEntry(String incidentId, String code) {
        return jdbc.sql("select count(*) from incident_journal where incident_id = ? and code = ?")
                .params(incidentId, code).query(Integer.class).single() > 0;
    }

    /** Which of these codes the incident's journal has (one query for several checks). */
    java.util.Set<String> journalCodes(String incidentId, String... codes) {
        return new java.util.HashSet<>(jdbc.sql("select distinct code from incident_journal "
                        + "where incident_id = :incident and code in (:codes)")
                .param("incident", incidentId).param("codes", List.of(codes)).query(String.class).list());
    }

    List<JournalEntry> journal(String incidentId) {
        return jdbc.sql("select * from incident_journal where incident_id = ? order by id").param(incidentId)
                .query((rs, n) -> new JournalEntry(instant(rs, "at"), rs.getString("actor"),
                        JournalKind.valueOf(rs.getString("kind")), rs.getString("code"), rs.getString("text")))
                .list();
    }

    /** Incidents on any of these CIs reported in [from, to), oldest first (release watch, R-10.1i). */
    List<Incident> reportedOn(java.util.Collection<String> ciIds, Instant from, Instant to) {
        if (ciIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select * from incident where ci_id = any(?) and reported_at >= ? and reported_at < ? "
                        + "order by reported_at, id")
                .params(new org.springframework.jdbc.support.SqlArrayValue("varchar", ciIds.toArray()), utc(from),
                        utc(to))
                .query(IncidentStore::incident).list();
    }

    /** Incidents on any of these CIs that are neither resolved nor closed, by id. */
    List<Incident> openOn(java.util.Collection<String> ciIds) {
        if (ciIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select * from incident where ci_id = any(?) and status not in ('RESOLVED', 'CLOSED') order by id")
                .param(new org.springframework.jdbc.support.SqlArrayValue("varchar", ciIds.toArray()))
                .query(IncidentStore::incident).list();
    }

    private static Incident incident(ResultSet rs, int row) throws SQLException {
        return new Incident(rs.getString("id"), rs.getString("title"), rs.getString("description"),
                rs.getString("service_id"), rs.getString("ci_id"), rs.getString("ci_type"), rs.getString("category"),
                rs.getString("impact"), rs.getString("urgency"), rs.getString("priority"),
                rs.getString("priority_reason"), rs.getString("assignment_group"), rs.getBoolean("security_incident"),
                rs.getBoolean("major_incident"), rs.getString("classification_reason"),
                IncidentStatus.valueOf(rs.getString("status")), rs.getString("reported_by"),
                instant(rs, "reported_at"), instant(rs, "resolved_at"), rs.getString("resolution_note"),
                instant(rs, "closed_at"), rs.getString("closure_code"), rs.getString("closure_note"),
                rs.getInt("reopen_count"), rs.getString("process_instance_id"), instant(rs, "updated_at"),
                rs.getInt("version"));
    }


    /** Incidents in these statuses per priority ({@code none} when not yet prioritised). */
    java.util.Map<String, Long> countByPriority(java.util.Collection<String> statuses) {
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        jdbc.sql("select coalesce(priority, 'none'), count(*) from incident where status in (:statuses) "
                        + "group by coalesce(priority, 'none')")
                .param("statuses", statuses)
                .query(rs -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                });
        return counts;
    }
}
