package org.itsmflow.complaint;

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

/** The complaint tables: records and their journal. */
@Repository
class ComplaintStore {

    private final JdbcClient jdbc;
    private final RecordNumbers.Sequence numbers;

    ComplaintStore(JdbcClient jdbc, RecordNumbers recordNumbers) {
        this.jdbc = jdbc;
        this.numbers = recordNumbers.sequence("complaint_number_seq", "CMP");
    }

    /** The next human id, {@code CMP-000007}; numbers are never reused, gaps are possible after a rollback. */
    String nextId() {
        return numbers.next();
    }

    void insert(String id, NewComplaint c, String customerId, String serviceId, String raisedBy, String recordedBy,
            Instant at) {
        jdbc.sql("""
                insert into complaint (id, title, description, severity, customer_id, service_id, incident_id, change_id,
                    raised_by, recorded_by, status, raised_at, updated_at, version)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
                """)
                .params(id, c.title().trim(), c.description().trim(), c.severity().name(), customerId, serviceId,
                        blankToNull(c.incidentId()), blankToNull(c.changeId()), raisedBy, recordedBy,
                        ComplaintStatus.RECEIVED.name(), utc(at), utc(at))
                .update();
    }

    List<Complaint> raisedBetween(String customerId, String serviceId, Instant from, Instant to) {
        return jdbc.sql("select * from complaint where customer_id = ? and service_id = ? and raised_at >= ? "
                + "and raised_at < ? order by raised_at, id")
                .params(customerId, serviceId, org.itsmflow.platform.Jdbc.utc(from), org.itsmflow.platform.Jdbc.utc(to))
                .query(ComplaintStore::complaint).list();
    }

    /** Complaints raised in [from, to) about one service, or about any (serviceId null). */
    List<Complaint> raisedBetween(String serviceId, Instant from, Instant to) {
        return serviceId == null
                ? jdbc.sql("select * from complaint where raised_at >= ? and raised_at < ? order by raised_at, id")
                        .params(org.itsmflow.platform.Jdbc.utc(from), org.itsmflow.platform.Jdbc.utc(to))
                        .query(ComplaintStore::complaint).list()
                : jdbc.sql("select * from complaint where service_id = ? and raised_at >= ? and raised_at < ? "
                        + "order by raised_at, id").params(serviceId, org.itsmflow.platform.Jdbc.utc(from),
                        org.itsmflow.platform.Jdbc.utc(to)).query(ComplaintStore::complaint).list();
    }

    Optional<Complaint> find(String id) {
        return jdbc.sql("select * from complaint where id = ?").param(id).query(ComplaintStore::complaint).optional();
    }

    void setProcessInstance(String id, String processInstanceId) {
        jdbc.sql("update complaint set process_instance_id = ? where id = ?").params(processInstanceId, id).update();
    }

    void setClassification(String id, boolean formal, String owner, String first, String second, String reason,
            Instant acknowledgeDue, Instant resolutionDue, Instant secondEscalationAt, Instant at) {
        update(id, at, "formal = ?, owner_group = ?, first_escalation_group = ?, second_escalation_group = ?, "
                + "classification_reason = ?, acknowledge_due_at = ?, resolution_due_at = ?, second_escalation_at = ?",
                formal, owner, first, second, reason, utc(acknowledgeDue), utc(resolutionDue), utc(secondEscalationAt));
    }

    void setAcknowledged(String id, Instant at) {
        update(id, at, "status = ?, acknowledged_at = ?", ComplaintStatus.ACKNOWLEDGED.name(), utc(at));
    }

    void setInvestigated(String id, boolean causeFound, String cause, Instant at) {
        update(id, at, "status = ?, cause_found = ?, cause = ?", ComplaintStatus.INVESTIGATED.name(), causeFound, cause);
    }

    void setActions(String id, String actions, Instant at) {
        update(id, at, "status = ?, actions = ?", ComplaintStatus.ACTIONED.name(), actions);
    }

    void setOutcome(String id, String outcome, Instant at) {
        update(id, at, "status = ?, outcome = ?", ComplaintStatus.OUTCOME_REPORTED.name(), outcome);
    }

    void setClosed(String id, String code, String reason, Instant at) {
        update(id, at, "status = ?, closure_code = ?, closure_reason = ?, closed_at = ?", ComplaintStatus.CLOSED.name(),
                code, reason, utc(at));
    }

    void setEscalationLevel(String id, int level, Instant at) {
        update(id, at, "escalation_level = ?", level);
    }

    void setImprovement(String id, String improvementId, Instant at) {
        update(id, at, "improvement_id = ?", improvementId);
    }

    private void update(String id, Instant at, String assignments, Object... values) {
        Object[] params = new Object[values.length + 2];
        System.arraycopy(values, 0, params, 0, values.length);
        params[values.length] = utc(at);
        params[values.length + 1] = id;
        int rows = jdbc.sql("update complaint set " + assignments + ", updated_at = ?, version = version + 1 where id = ?")
                .params(params).update();
        if (rows != 1) {
            throw new ConflictException("Complaint '" + id + "' does not exist");
        }
    }

    void journal(String complaintId, String actor, String kind, String code, String text, Instant at) {
        jdbc.sql("insert into complaint_journal (complaint_id, at, actor, kind, code, text) values (?, ?, ?, ?, ?, ?)")
                .params(complaintId, utc(at), actor, kind, code, text.length() > 4000 ? text.substring(0, 4000) : text)
                .update();
    }

    List<ComplaintJournalEntry> journal(String complaintId) {
        return jdbc.sql("select * from complaint_journal where complaint_id = ? order by id").param(complaintId)
                .query((rs, n) -> new ComplaintJournalEntry(instant(rs, "at"), rs.getString("actor"),
                        rs.getString("kind"), rs.getString("code"), rs.getString("text")))
                .list();
    }

    private static Complaint complaint(ResultSet rs, int row) throws SQLException {
        return new Complaint(rs.getString("id"), rs.getString("title"), rs.getString("description"),
                Severity.valueOf(rs.getString("severity")), rs.getString("customer_id"), rs.getString("service_id"),
                rs.getString("incident_id"), rs.getString("change_id"), rs.getString("raised_by"),
                rs.getString("recorded_by"), (Boolean) rs.getObject("formal"), rs.getString("owner_group"),
                rs.getString("first_escalation_group"), rs.getString("second_escalation_group"),
                rs.getString("classification_reason"), instant(rs, "acknowledge_due_at"),
                instant(rs, "resolution_due_at"), instant(rs, "second_escalation_at"), rs.getInt("escalation_level"),
                ComplaintStatus.valueOf(rs.getString("status")), instant(rs, "acknowledged_at"),
                (Boolean) rs.getObject("cause_found"), rs.getString("cause"), rs.getString("actions"),
                rs.getString("outcome"), rs.getString("closure_code"), rs.getString("closure_reason"),
                instant(rs, "closed_at"), rs.getString("improvement_id"), rs.getString("process_instance_id"),
                instant(rs, "raised_at"), instant(rs, "updated_at"), rs.getInt("version"));
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
