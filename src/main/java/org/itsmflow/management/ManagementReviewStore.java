package org.itsmflow.management;

import static org.itsmflow.platform.Jdbc.instant;
import static org.itsmflow.platform.Jdbc.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.itsmflow.platform.RecordNumbers;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The management review tables: {@code management_review} and its decisions. */
@Repository
class ManagementReviewStore {

    private final JdbcClient jdbc;
    private final RecordNumbers.Sequence numbers;

    ManagementReviewStore(JdbcClient jdbc, RecordNumbers recordNumbers) {
        this.jdbc = jdbc;
        this.numbers = recordNumbers.sequence("management_review_seq", "MR");
    }

    String nextId() {
        return numbers.next();
    }

    void insert(String id, ManagementReviewTrigger trigger, String requestedBy, String reason, Instant from,
            Instant to, Instant dueAt, String processInstanceId, Instant at) {
        jdbc.sql("""
                insert into management_review (id, trigger_kind, requested_by, request_reason, period_from, period_to,
                    status, process_instance, due_at, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).params(id, trigger.name(), requestedBy, reason, utc(from), utc(to),
                ManagementReviewStatus.OPEN.name(), processInstanceId, utc(dueAt), utc(at)).update();
    }

    void setInputs(String id, ReviewInputs inputs, Instant at) {
        jdbc.sql("""
                update management_review set conformance_input = ?, sla_input = ?, incident_input = ?,
                    change_input = ?, customer_input = ?, audit_input = ?, improvement_input = ?, previous_input = ?,
                    inputs_at = ? where id = ?
                """).params(inputs.conformance(), inputs.sla(), inputs.incidents(), inputs.changes(),
                inputs.customers(), inputs.audits(), inputs.improvements(), inputs.previous(), utc(at), id).update();
    }

    /** Marks an open review overdue once; returns false when it was held or already marked. */
    boolean markOverdue(String id, Instant at) {
        return jdbc.sql("update management_review set overdue_at = ? "
                        + "where id = ? and status = ? and overdue_at is null")
                .params(utc(at), id, ManagementReviewStatus.OPEN.name()).update() == 1;
    }

    /** Records the meeting once; returns false when the review was already held. */
    boolean setHeld(String id, String attendees, String minutes, String by, Instant at) {
        return jdbc.sql("""
                update management_review set attendees = ?, minutes = ?, minutes_by = ?, held_at = ?, status = ?
                where id = ? and status = ?
                """).params(attendees, minutes, by, utc(at), ManagementReviewStatus.HELD.name(), id,
                ManagementReviewStatus.OPEN.name()).update() == 1;
    }

    void addDecision(String id, int line, String decision, String priority, String improvementId) {
        jdbc.sql("insert into management_review_decision (review_id, line_no, decision, priority, improvement_id) "
                + "values (?, ?, ?, ?, ?)").params(id, line, decision, priority, improvementId).update();
    }

    Optional<ManagementReview> find(String id) {
        return jdbc.sql("select * from management_review where id = ?").param(id)
                .query(ManagementReviewStore::map).optional().map(this::withDecisions);
    }

    Optional<ManagementReview> findByProcessInstance(String processInstanceId) {
        return jdbc.sql("select * from management_review where process_instance = ?").param(processInstanceId)
                .query(ManagementReviewStore::map).optional().map(this::withDecisions);
    }

    /** Reviews newest first, of one status or all, at most {@code limit}. */
    List<ManagementReview> list(ManagementReviewStatus status, int limit) {
        String sql = "select * from management_review" + (status == null ? "" : " where status = :status")
                + " order by created_at desc, id desc limit :limit";
        var spec = jdbc.sql(sql).param("limit", limit);
        if (status != null) {
            spec = spec.param("status", status.name());
        }
        return spec.query(ManagementReviewStore::map).list().stream().map(this::withDecisions).toList();
    }

    /** The last review held before {@code before} other than {@code exceptId}, if any. */
    Optional<ManagementReview> lastHeldBefore(Instant before, String exceptId) {
        return jdbc.sql("select * from management_review where status = ? and held_at <= ? and id <> ? "
                        + "order by held_at desc, id desc limit 1")
                .params(ManagementReviewStatus.HELD.name(), utc(before), exceptId).query(ManagementReviewStore::map)
                .optional().map(this::withDecisions);
    }

    /** Reviews held with minutes in [from, to), oldest first. */
    List<ManagementReview> heldBetween(Instant from, Instant to) {
        return jdbc.sql("select * from management_review where held_at >= ? and held_at < ? and minutes is not null "
                + "order by held_at, id").params(utc(from), utc(to)).query(ManagementReviewStore::map).list().stream()
                .map(this::withDecisions).toList();
    }

    /** When the first review was recorded. */
    Optional<Instant> firstCreated() {
        List<Instant> first = jdbc.sql("select min(created_at) as first_created from management_review")
                .query((rs, n) -> instant(rs, "first_created")).list();
        return first.isEmpty() ? Optional.empty() : Optional.ofNullable(first.get(0));
    }

    List<ManagementReviewDecision> decisions(String id) {
        return jdbc.sql("select * from management_review_decision where review_id = ? order by line_no").param(id)
                .query((rs, n) -> new ManagementReviewDecision(rs.getInt("line_no"), rs.getString("decision"),
                        rs.getString("priority"), rs.getString("improvement_id"))).list();
    }

    /** The review with its decisions (read after the row, so no query runs inside another's result set). */
    private ManagementReview withDecisions(ManagementReview r) {
        if (r.status() != ManagementReviewStatus.HELD) {
            return r;
        }
        return new ManagementReview(r.id(), r.trigger(), r.requestedBy(), r.requestReason(), r.periodFrom(),
                r.periodTo(), r.status(), r.processInstanceId(), r.dueAt(), r.overdueAt(), r.conformanceInput(),
                r.slaInput(), r.incidentInput(), r.changeInput(), r.customerInput(), r.auditInput(),
                r.improvementInput(), r.previousInput(), r.inputsAt(), r.attendees(), r.minutes(), r.minutesBy(),
                r.heldAt(), r.createdAt(), decisions(r.id()));
    }

    private static ManagementReview map(ResultSet rs, int row) throws SQLException {
        return new ManagementReview(rs.getString("id"), ManagementReviewTrigger.valueOf(rs.getString("trigger_kind")),
                rs.getString("requested_by"), rs.getString("request_reason"), instant(rs, "period_from"),
                instant(rs, "period_to"), ManagementReviewStatus.valueOf(rs.getString("status")),
                rs.getString("process_instance"), instant(rs, "due_at"),
                instant(rs, "overdue_at"), rs.getString("conformance_input"), rs.getString("sla_input"),
                rs.getString("incident_input"), rs.getString("change_input"), rs.getString("customer_input"),
                rs.getString("audit_input"), rs.getString("improvement_input"), rs.getString("previous_input"),
                instant(rs, "inputs_at"), rs.getString("attendees"), rs.getString("minutes"),
                rs.getString("minutes_by"), instant(rs, "held_at"), instant(rs, "created_at"), List.of());
    }
}
