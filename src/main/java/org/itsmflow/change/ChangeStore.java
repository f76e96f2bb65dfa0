package org.itsmflow.change;

import static org.itsmflow.platform.Jdbc.instant;
import static org.itsmflow.platform.Jdbc.utc;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.itsmflow.platform.ConflictException;
import org.itsmflow.platform.RecordNumbers;
import org.springframework.jdbc.core.simple.JdbcClient;

import org.springframework.stereotype.Repository;

/** The change tables: records, their CIs and service updates, votes, freeze windows and journal. */
@Repository
class ChangeStore {

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final RecordNumbers.Sequence numbers;

    ChangeStore(JdbcClient jdbc, RecordNumbers recordNumbers, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
        this.numbers = recordNumbers.sequence("change_number_seq", "CHG");
    }

    /** The next human id, {@code CHG-000045}; numbers are never reused, gaps are possible after a rollback. */
    String nextId() {
        return numbers.next();
    }

    void insert(String id, NewChange change, String requester, Instant at) {
        jdbc.sql("""
                insert into change_request (id, title, description, reason, change_type, urgency, requester,
                    planned_start, planned_end, implementation_plan, backout_plan, cost_estimate, business_benefit,
                    status, requested_at, updated_at, version)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
                """)
                .params(id, change.title().trim(), blankToNull(change.description()), change.reason().trim(),
                        change.changeType().name(), change.urgency().name(), requester, utc(change.plannedStart()),
                        utc(change.plannedEnd()), change.implementationPlan().trim(),
                        blankToNull(change.backoutPlan()), change.costEstimate(), blankToNull(change.businessBenefit()),
                        ChangeStatus.RECORDED.name(), utc(at), utc(at))
                .update();
    }

    void insertCi(String changeId, String ciId, Map<String, Object> updates) {
        jdbc.sql("insert into change_ci (change_id, ci_id, updates) values (?, ?, ?)")
                .params(changeId, ciId, updates == null || updates.isEmpty() ? null : write(updates)).update();
    }

    void insertServiceUpdate(String changeId, ServiceUpdate update) {
        jdbc.sql("""
                insert into change_service_update (change_id, service_id, service_name, owner_group, calendar_id,
                    sla_id, priority, response_minutes, resolution_minutes) values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).params(changeId, update.serviceId().trim(), blankToNull(update.serviceName()),
                blankToNull(update.ownerGroup()), blankToNull(update.calendarId()), blankToNull(update.slaId()),
                blankToNull(update.priority()), update.responseMinutes(), update.resolutionMinutes()).update();
    }

    Optional<Change> find(String id) {
        return jdbc.sql("select * from change_request where id = ?").param(id).query(ChangeStore::change).optional();
    }

    List<ChangeCi> cis(String changeId) {
        return jdbc.sql("select * from change_ci where change_id = ? order by ci_id").param(changeId)
                .query((rs, n) -> new ChangeCi(rs.getString("ci_id"), read(rs.getString("updates")),
                        instant(rs, "applied_at"))).list();
    }

    Optional<ServiceUpdate> serviceUpdate(String changeId) {
        return jdbc.sql("select * from change_service_update where change_id = ?").param(changeId)
                .query((rs, n) -> new ServiceUpdate(rs.getString("service_id"), rs.getString("service_name"),
                        rs.getString("owner_group"), rs.getString("calendar_id"), rs.getString("sla_id"),
                        rs.getString("priority"), (Integer) rs.getObject("response_minutes"),
                        (Integer) rs.getObject("resolution_minutes"))).optional();
    }

    void markCiApplied(String changeId, String ciId, Instant at) {
        jdbc.sql("update change_ci set applied_at = ? where change_id = ? and ci_id = ?").params(utc(at), changeId, ciId)
                .update();
    }

    void markServiceUpdateApplied(String changeId, Instant at) {
        jdbc.sql("update change_service_update set applied_at = ? where change_id = ?").params(utc(at), changeId)
                .update();
    }

    /** Changes in one of {@code statuses} whose window overlaps [from, to). */
    List<Change> inWindow(Collection<ChangeStatus> statuses, Instant from, Instant to) {
        List<String> names = statuses.stream().map(Enum::name).toList();
        return jdbc.sql("""
                select * from change_request where status in (:statuses) and planned_start < :to and planned_end > :from
                order by planned_start, id
                """).param("statuses", names).param("from", utc(from)).param("to", utc(to))
                .query(ChangeStore::change).list();
    }

    /** Changes requested in [from, to), oldest first (change analysis in the service reports). */
    List<Change> requestedBetween(Instant from, Instant to) {
        return jdbc.sql("select * from change_request where requested_at >= ? and requested_at < ? "
                + "order by requested_at, id").params(utc(from), utc(to)).query(ChangeStore::change).list();
    }

    /** Of these changes, which CIs each affects. */
    Map<String, List<String>> ciIdsOf(Collection<String> changeIds) {
        if (changeIds.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> result = new java.util.LinkedHashMap<>();
        jdbc.sql("select change_id, ci_id from change_ci where change_id in (:ids) order by change_id, ci_id")
                .param("ids", changeIds).query(rs -> {
                    result.computeIfAbsent(rs.getString("change_id"), k -> new java.util.ArrayList<>())
                            .add(rs.getString("ci_id"));
                });
        return result;
    }

    List<FreezeWindow> freezeWindows(Instant from, Instant to) {
        return jdbc.sql("select * from freeze_window where starts_at < ? and ends_at > ? order by starts_at")
                .params(utc(to), utc(from))
                .query((rs, n) -> new FreezeWindow(rs.getString("id"), rs.getString("name"), instant(rs, "starts_at"),
                        instant(rs, "ends_at"))).list();
    }

    void setProcessInstance(String id, String processInstanceId) {
        jdbc.sql("update change_request set process_instance_id = ? where id = ?").params(processInstanceId, id).update();
    }

    void setImpact(String id, int dependentCount, int failureCount, Instant at) {
        update(id, at, "dependent_count = ?, failure_count = ?", dependentCount, failureCount);
    }

    void setRisk(String id, String level, String reason, Instant at) {
        update(id, at, "risk_level = ?, risk_reason = ?", level, reason);
    }

    void setClassification(String id, String changeClass, String route, String reason, List<String> voters,
            ChangeStatus status, Instant at) {
        update(id, at, "change_class = ?, approval_route = ?, classification_reason = ?, voters = ?, status = ?",
                changeClass, route, reason, voters.isEmpty() ? null : String.join(",", voters), status.name());
    }

    void setAssessment(String id, String assessment, String securityImpact, String continuityImpact, Instant at) {
        update(id, at, "assessment = coalesce(?, assessment), security_impact = coalesce(?, security_impact), "
                + "continuity_impact = coalesce(?, continuity_impact)", assessment, securityImpact, continuityImpact);
    }

    void setDecision(String id, boolean approved, String reason, String by, Instant at) {
        update(id, at, "status = ?, decision_reason = ?, decided_by = ?, approved_at = ?",
                (approved ? ChangeStatus.APPROVED : ChangeStatus.REJECTED).name(), reason, by,
                approved ? utc(at) : null);
    }

    void setStatus(String id, ChangeStatus status, Instant at) {
        update(id, at, "status = ?", status.name());
    }

    void setImplemented(String id, ChangeStatus status, String note, Instant at) {
        update(id, at, "status = ?, implementation_note = coalesce(?, implementation_note), implemented_at = ?",
                status.name(), note, utc(at));
    }

    void setBackedOut(String id, String backoutNote, Instant at) {
        update(id, at, "status = ?, backout_note = ?", ChangeStatus.BACKED_OUT.name(), backoutNote);
    }

    void setClosed(String id, String reviewOutcome, String reviewNote, String lessons, Instant at) {
        update(id, at, "status = ?, review_outcome = ?, review_note = ?, lessons_learned = ?, closed_at = ?",
                ChangeStatus.CLOSED.name(), reviewOutcome, reviewNote, lessons, utc(at));
    }

    private void update(String id, Instant at, String assignments, Object... values) {
        Object[] params = Arrays.copyOf(values, values.length + 2);
        params[values.length] = utc(at);
        params[values.length + 1] = id;
        int rows = jdbc.sql("update change_request set " + assignments + ", updated_at = ?, version = version + 1 where id = ?")
                .params(params).update();
        if (rows != 1) {
            throw new ConflictException("Change '" + id + "' does not exist");
        }
    }

    /** @return false when this voter has voted on this change already */
    boolean insertVote(String changeId, String voter, String vote, String comment, Instant at) {
        if (jdbc.sql("select count(*) from change_vote where change_id = ? and voter = ?").params(changeId, voter)
                .query(Integer.class).single() > 0) {
            return false;
        }
        jdbc.sql("insert into change_vote (change_id, voter, vote, comment, voted_at) values (?, ?, ?, ?, ?)")
                .params(changeId, voter, vote, comment, utc(at)).update();
        return true;
    }

    List<ChangeVote> votes(String changeId) {
        return jdbc.sql("select * from change_vote where change_id = ? order by voted_at, voter").param(changeId)
                .query((rs, n) -> new ChangeVote(rs.getString("voter"), rs.getString("vote"), rs.getString("comment"),
                        instant(rs, "voted_at"))).list();
    }

    void journal(String changeId, String actor, String kind, String code, String text, Instant at) {
        jdbc.sql("insert into change_journal (change_id, at, actor, kind, code, text) values (?, ?, ?, ?, ?, ?)")
                .params(changeId, utc(at), actor, kind, code, text == null || text.length() <= 4000 ? text
                        : text.substring(0, 3997) + "...").update();
    }

    List<ChangeJournalEntry> journal(String changeId) {
        return jdbc.sql("select * from change_journal where change_id = ? order by id").param(changeId)
                .query((rs, n) -> new ChangeJournalEntry(instant(rs, "at"), rs.getString("actor"), rs.getString("kind"),
                        rs.getString("code"), rs.getString("text"))).list();
    }

    private static Change change(ResultSet rs, int row) throws SQLException {
        String voters = rs.getString("voters");
        return new Change(rs.getString("id"), rs.getString("title"), rs.getString("description"),
                rs.getString("reason"), ChangeType.valueOf(rs.getString("change_type")),
                ChangeUrgency.valueOf(rs.getString("urgency")), rs.getString("requester"),
                instant(rs, "planned_start"), instant(rs, "planned_end"), rs.getString("implementation_plan"),
                rs.getString("backout_plan"), (BigDecimal) rs.getObject("cost_estimate"),
                rs.getString("business_benefit"), (Integer) rs.getObject("dependent_count"),
                (Integer) rs.getObject("failure_count"), rs.getString("risk_level"), rs.getString("risk_reason"),
                rs.getString("change_class"), rs.getString("approval_route"), rs.getString("classification_reason"),
                voters == null ? List.of() : List.of(voters.split(",")), rs.getString("assessment"),
                rs.getString("security_impact"),
                rs.getString("continuity_impact"), ChangeStatus.valueOf(rs.getString("status")),
                rs.getString("decision_reason"), rs.getString("decided_by"), rs.getString("implementation_note"),
                rs.getString("backout_note"), rs.getString("review_outcome"), rs.getString("review_note"),
                rs.getString("lessons_learned"), rs.getString("process_instance_id"), instant(rs, "requested_at"),
                instant(rs, "approved_at"), instant(rs, "implemented_at"), instant(rs, "closed_at"),
                instant(rs, "updated_at"), rs.getInt("version"));
    }

    private String write(Map<String, Object> value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("CI updates cannot be written as JSON", e);
        }
    }

    private Map<String, Object> read(String value) {
        if (value == null) {
            return Map.of();
        }
        try {
            return json.readValue(value, OBJECT);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored CI updates are not JSON: " + value, e);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** Changes per status, CLOSED and REJECTED left out. */
    java.util.Map<ChangeStatus, Long> countInFlightByStatus() {
        java.util.Map<ChangeStatus, Long> counts = new java.util.EnumMap<>(ChangeStatus.class);
        jdbc.sql("select status, count(*) from change_request where status not in ('CLOSED', 'REJECTED') group by status")
                .query(rs -> {
                    counts.put(ChangeStatus.valueOf(rs.getString(1)), rs.getLong(2));
                });
        return counts;
    }
}
