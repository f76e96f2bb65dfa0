package org.itsmflow.problem;

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

/** The problem tables: records, linked incidents, the incident signals trend analysis counts, the journal. */
@Repository
class ProblemStore {

    private final JdbcClient jdbc;
    private final RecordNumbers.Sequence numbers;

    ProblemStore(JdbcClient jdbc, RecordNumbers recordNumbers) {
        this.jdbc = jdbc;
        this.numbers = recordNumbers.sequence("problem_number_seq", "PRB");
    }

    /** The next human id, {@code PRB-000012}. */
    String nextId() {
        return numbers.next();
    }

    void insert(String id, NewProblem problem, String source, String raisedBy, Instant at) {
        jdbc.sql("""
                insert into problem (id, title, description, service_id, ci_id, category, impact, urgency, source,
                    status, raised_by, reopen_count, raised_at, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)
                """)
                .params(id, problem.title(), problem.description(), problem.serviceId(), blankToNull(problem.ciId()),
                        problem.category(), problem.impact(), problem.urgency(), source, ProblemStatus.NEW.name(),
                        raisedBy, utc(at), utc(at))
                .update();
    }

    Optional<Problem> find(String id) {
        return jdbc.sql("select * from problem where id = ?").param(id).query(this::problem).optional();
    }

    /** Problems raised or closed in [from, to), of one service or of all (serviceId null). */
    List<Problem> activeBetween(String serviceId, Instant from, Instant to) {
        String where = "((raised_at >= :from and raised_at < :to) or (closed_at >= :from and closed_at < :to))";
        var spec = jdbc.sql("select * from problem where " + where + (serviceId == null ? "" : " and service_id = :service")
                + " order by raised_at, id").param("from", utc(from)).param("to", utc(to));
        if (serviceId != null) {
            spec = spec.param("service", serviceId);
        }
        return spec.query(this::problem).list();
    }

    List<Problem> list(ProblemStatus status) {
        return status == null
                ? jdbc.sql("select * from problem order by raised_at desc, id desc limit 200").query(this::problem).list()
                : jdbc.sql("select * from problem where status = ? order by raised_at desc, id desc limit 200")
                        .param(status.name()).query(this::problem).list();
    }

    /** The open problem (not closed) for a CI and category, or for a service and category, if any. */
    Optional<String> openProblemOnCi(String ciId, String category) {
        return jdbc.sql("""
                select id from problem where ci_id = ? and category = ? and status <> 'CLOSED'
                order by raised_at, id limit 1
                """).params(ciId, category).query(String.class).optional();
    }

    Optional<String> openProblemOnService(String serviceId, String category) {
        return jdbc.sql("""
                select id from problem where service_id = ? and category = ? and status <> 'CLOSED'
                order by raised_at, id limit 1
                """).params(serviceId, category).query(String.class).optional();
    }

    void setProcessInstance(String id, String processInstanceId) {
        jdbc.sql("update problem set process_instance_id = ? where id = ?").params(processInstanceId, id).update();
    }

    void setPriority(String id, String priority, String reason, String group, Instant at) {
        jdbc.sql("""
                update problem set priority = ?, priority_reason = ?, assignment_group = ?, status = ?, updated_at = ?
                where id = ?
                """).params(priority, reason, group, ProblemStatus.INVESTIGATING.name(), utc(at), id).update();
    }

    void setRootCause(String id, String rootCause, String knownErrorId, Instant at) {
        jdbc.sql("update problem set root_cause = ?, known_error_id = ?, status = ?, updated_at = ? where id = ?")
                .params(rootCause, knownErrorId, ProblemStatus.KNOWN_ERROR.name(), utc(at), id).update();
    }

    void setChange(String id, String changeId, Instant at) {
        jdbc.sql("update problem set change_id = ?, status = ?, updated_at = ? where id = ?")
                .params(changeId, ProblemStatus.FIX_PENDING.name(), utc(at), id).update();
    }

    void setFixed(String id, Instant at) {
        jdbc.sql("update problem set fixed_at = ?, status = ?, updated_at = ? where id = ?")
                .params(utc(at), ProblemStatus.WATCHING.name(), utc(at), id).update();
    }

    void setReopened(String id, Instant at) {
        jdbc.sql("""
                update problem set status = ?, reopen_count = reopen_count + 1, fixed_at = null, updated_at = ?
                where id = ?
                """).params(ProblemStatus.REOPENED.name(), utc(at), id).update();
    }

    void setStatus(String id, ProblemStatus status, Instant at) {
        jdbc.sql("update problem set status = ?, updated_at = ? where id = ?").params(status.name(), utc(at), id).update();
    }

    void setClosed(String id, Instant at) {
        jdbc.sql("update problem set status = ?, closed_at = ?, updated_at = ? where id = ?")
                .params(ProblemStatus.CLOSED.name(), utc(at), utc(at), id).update();
    }

    /** Links an incident to a problem once; returns whether it was new. */
    boolean link(String problemId, String incidentId, Instant at) {
        Integer existing = jdbc.sql("select count(*) from problem_incident where problem_id = ? and incident_id = ?")
                .params(problemId, incidentId).query(Integer.class).single();
        if (existing > 0) {
            return false;
        }
        jdbc.sql("insert into problem_incident (problem_id, incident_id, linked_at) values (?, ?, ?)")
                .params(problemId, incidentId, utc(at)).update();
        return true;
    }

    List<String> incidents(String problemId) {
        return jdbc.sql("select incident_id from problem_incident where problem_id = ? order by incident_id")
                .param(problemId).query(String.class).list();
    }

    // --- incident signals (R-8.3c) -------------------------------------------------------------------------

    void insertSignal(String incidentId, String serviceId, String ciId, String category, Instant at) {
        jdbc.sql("""
                insert into problem_incident_signal (incident_id, service_id, ci_id, category, recorded_at)
                values (?, ?, ?, ?, ?)
                """).params(incidentId, serviceId, ciId, category, utc(at)).update();
    }

    /** Incidents of a category on a CI (column {@code ci_id}) or a service ({@code service_id}) since a moment. */
    List<String> signals(String column, String value, String category, Instant from, Instant to) {
        if (!"ci_id".equals(column) && !"service_id".equals(column)) {
            throw new IllegalArgumentException(column);
        }
        return jdbc.sql("select incident_id from problem_incident_signal where " + column
                        + " = ? and category = ? and recorded_at >= ? and recorded_at <= ? order by incident_id")
                .params(value, category, utc(from), utc(to)).query(String.class).list();
    }

    // --- journal -------------------------------------------------------------------------------------------

    void journal(String problemId, String actor, String code, String text, Instant at) {
        jdbc.sql("insert into problem_journal (problem_id, at, actor, code, text) values (?, ?, ?, ?, ?)")
                .params(problemId, utc(at), actor, code, text).update();
    }

    List<ProblemJournalEntry> journal(String problemId) {
        return jdbc.sql("select * from problem_journal where problem_id = ? order by at, id").param(problemId)
                .query((rs, row) -> new ProblemJournalEntry(instant(rs, "at"), rs.getString("actor"),
                        rs.getString("code"), rs.getString("text")))
                .list();
    }

    Problem problem(ResultSet rs, int row) throws SQLException {
        String id = rs.getString("id");
        return new Problem(id, rs.getString("title"), rs.getString("description"), rs.getString("service_id"),
                rs.getString("ci_id"), rs.getString("category"), rs.getString("impact"), rs.getString("urgency"),
                rs.getString("priority"), rs.getString("priority_reason"), rs.getString("assignment_group"),
                rs.getString("source"), ProblemStatus.valueOf(rs.getString("status")), rs.getString("raised_by"),
                rs.getString("root_cause"), rs.getString("known_error_id"), rs.getString("change_id"),
                rs.getInt("reopen_count"), rs.getString("process_instance_id"), instant(rs, "raised_at"),
                instant(rs, "fixed_at"), instant(rs, "closed_at"), instant(rs, "updated_at"), incidents(id));
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
