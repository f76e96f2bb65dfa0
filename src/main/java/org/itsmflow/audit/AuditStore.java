package org.itsmflow.audit;

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

/** The audit programme, audit and finding tables; the only class that touches them. */
@Repository
class AuditStore {

    private final JdbcClient jdbc;
    private final RecordNumbers.Sequence programmeNumbers;
    private final RecordNumbers.Sequence auditNumbers;
    private final RecordNumbers.Sequence findingNumbers;

    AuditStore(JdbcClient jdbc, RecordNumbers numbers) {
        this.jdbc = jdbc;
        this.programmeNumbers = numbers.sequence("audit_programme_seq", "APG");
        this.auditNumbers = numbers.sequence("audit_number_seq", "AUD");
        this.findingNumbers = numbers.sequence("audit_finding_seq", "AF");
    }

    // --- programme -------------------------------------------------------------------------------------------

    AuditProgramme insertProgramme(String name, ProcessArea area, String criteria, String method, String frequency,
            Instant nextDue, String by, Instant at) {
        String id = programmeNumbers.next();
        jdbc.sql("""
                insert into audit_programme (id, name, process_area, criteria, method, frequency, next_due, active,
                    created_by, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).params(id, name, area.code(), criteria, method, frequency, utc(nextDue), true, by, utc(at))
                .update();
        return findProgramme(id).orElseThrow();
    }

    Optional<AuditProgramme> findProgramme(String id) {
        return jdbc.sql("select * from audit_programme where id = ?").param(id).query(AuditStore::programme).optional();
    }

    List<AuditProgramme> programmes() {
        return jdbc.sql("select * from audit_programme order by id").query(AuditStore::programme).list();
    }

    /** Active programme lines due at {@code now}, locked so that two nodes do not start the same audit twice. */
    List<AuditProgramme> dueProgrammes(Instant now) {
        return jdbc.sql("select * from audit_programme where active = ? and next_due <= ? order by next_due, id for update")
                .params(true, utc(now)).query(AuditStore::programme).list();
    }

    void setNextDue(String id, Instant nextDue) {
        jdbc.sql("update audit_programme set next_due = ? where id = ?").params(utc(nextDue), id).update();
    }

    // --- audits ----------------------------------------------------------------------------------------------

    String nextAuditId() {
        return auditNumbers.next();
    }

    void insertAudit(String id, String programmeId, ProcessArea area, Instant from, Instant to, Instant dueAt,
            String requestedBy, Instant at) {
        jdbc.sql("""
                insert into audit (id, programme_id, process_area, period_from, period_to, due_at, status, requested_by,
                    created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).params(id, programmeId, area.code(), utc(from), utc(to), utc(dueAt), AuditStatus.PLANNED.name(),
                        requestedBy, utc(at)).update();
    }

    void setProcessInstance(String id, String processInstanceId) {
        jdbc.sql("update audit set process_instance = ? where id = ?").params(processInstanceId, id).update();
    }

    void setPlan(String id, String leadAuditor, String plan, AuditStatus status) {
        jdbc.sql("update audit set lead_auditor = ?, audit_plan = ?, status = ? where id = ?")
                .params(leadAuditor, plan, status.name(), id).update();
    }

    void setLeadAuditor(String id, String leadAuditor) {
        jdbc.sql("update audit set lead_auditor = ? where id = ?").params(leadAuditor, id).update();
    }

    void setStatus(String id, AuditStatus status) {
        jdbc.sql("update audit set status = ? where id = ?").params(status.name(), id).update();
    }

    void setReport(String id, String report, Instant at) {
        jdbc.sql("update audit set report = ?, reported_at = ?, status = ? where id = ?")
                .params(report, utc(at), AuditStatus.REPORTED.name(), id).update();
    }

    void setResponse(String id, String response) {
        jdbc.sql("update audit set management_response = ?, status = ? where id = ?")
                .params(response, AuditStatus.RESPONDED.name(), id).update();
    }

    void setFollowUp(String id, String followUp) {
        jdbc.sql("update audit set follow_up = ? where id = ?").params(followUp, id).update();
    }

    void close(String id, Instant at) {
        jdbc.sql("update audit set status = ?, closed_at = ? where id = ?")
                .params(AuditStatus.CLOSED.name(), utc(at), id).update();
    }

    Optional<Audit> findAudit(String id) {
        return jdbc.sql("select * from audit where id = ?").param(id).query((rs, n) -> audit(rs, List.of())).optional()
                .map(a -> withFindings(a));
    }

    /** Audits, newest first, optionally of one programme or status. */
    List<Audit> audits(String programmeId, AuditStatus status, int limit) {
        StringBuilder sql = new StringBuilder("select * from audit where 1 = 1");
        java.util.List<Object> params = new java.util.ArrayList<>();
        if (programmeId != null) {
            sql.append(" and programme_id = ?");
            params.add(programmeId);
        }
        if (status != null) {
            sql.append(" and status = ?");
            params.add(status.name());
        }
        sql.append(" order by created_at desc, id desc");
        return jdbc.sql(sql.toString()).params(params).query((rs, n) -> audit(rs, List.of())).list().stream()
                .limit(limit).map(this::withFindings).toList();
    }

    /** Audits created in {@code [from, to)}, oldest first. */
    List<Audit> auditsCreated(Instant from, Instant to) {
        return jdbc.sql("select * from audit where created_at >= ? and created_at < ? order by created_at, id")
                .params(utc(from), utc(to)).query((rs, n) -> audit(rs, List.of())).list().stream()
                .map(this::withFindings).toList();
    }

    /** Audits answering a programme's due dates in {@code [from, to)}. */
    List<Audit> auditsDue(String programmeId, Instant from, Instant to) {
        return jdbc.sql("select * from audit where programme_id = ? and due_at >= ? and due_at < ? order by due_at")
                .params(programmeId, utc(from), utc(to)).query((rs, n) -> audit(rs, List.of())).list();
    }

    // --- findings --------------------------------------------------------------------------------------------

    AuditFinding insertFinding(String auditId, Severity severity, String description, String requirementId,
            String ciId, String by, Instant at) {
        String id = findingNumbers.next();
        jdbc.sql("""
                insert into audit_finding (id, audit_id, severity, description, requirement_id, ci_id, recorded_by,
                    recorded_at) values (?, ?, ?, ?, ?, ?, ?, ?)
                """).params(id, auditId, severity.name(), description, requirementId, ciId, by, utc(at)).update();
        return findings(auditId).stream().filter(f -> f.id().equals(id)).findFirst().orElseThrow();
    }

    void setImprovement(String findingId, String improvementId) {
        jdbc.sql("update audit_finding set improvement_id = ? where id = ?").params(improvementId, findingId).update();
    }

    List<AuditFinding> findings(String auditId) {
        return jdbc.sql("select * from audit_finding where audit_id = ? order by id").param(auditId)
                .query(AuditStore::finding).list();
    }

    private Audit withFindings(Audit audit) {
        return new Audit(audit.id(), audit.programmeId(), audit.processArea(), audit.periodFrom(), audit.periodTo(),
                audit.dueAt(), audit.leadAuditor(), audit.status(), audit.auditPlan(), audit.report(),
                audit.managementResponse(), audit.followUp(), audit.processInstanceId(), audit.requestedBy(),
                audit.createdAt(), audit.reportedAt(), audit.closedAt(), findings(audit.id()));
    }

    private static AuditProgramme programme(ResultSet rs, int row) throws SQLException {
        return new AuditProgramme(rs.getString("id"), rs.getString("name"), ProcessArea.find(rs.getString("process_area")),
                rs.getString("criteria"), rs.getString("method"), rs.getString("frequency"), instant(rs, "next_due"),
                rs.getBoolean("active"), rs.getString("created_by"), instant(rs, "created_at"));
    }

    private static Audit audit(ResultSet rs, List<AuditFinding> findings) throws SQLException {
        return new Audit(rs.getString("id"), rs.getString("programme_id"), ProcessArea.find(rs.getString("process_area")),
                instant(rs, "period_from"), instant(rs, "period_to"), instant(rs, "due_at"), rs.getString("lead_auditor"),
                AuditStatus.valueOf(rs.getString("status")), rs.getString("audit_plan"), rs.getString("report"),
                rs.getString("management_response"), rs.getString("follow_up"), rs.getString("process_instance"),
                rs.getString("requested_by"), instant(rs, "created_at"), instant(rs, "reported_at"),
                instant(rs, "closed_at"), findings);
    }

    private static AuditFinding finding(ResultSet rs, int row) throws SQLException {
        return new AuditFinding(rs.getString("id"), rs.getString("audit_id"), Severity.valueOf(rs.getString("severity")),
                rs.getString("description"), rs.getString("requirement_id"), rs.getString("ci_id"),
                rs.getString("improvement_id"), rs.getString("recorded_by"), instant(rs, "recorded_at"));
    }
}
