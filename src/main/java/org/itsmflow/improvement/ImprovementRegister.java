package org.itsmflow.improvement;

import static org.itsmflow.platform.Jdbc.instant;
import static org.itsmflow.platform.Jdbc.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.itsmflow.platform.ConflictException;
import org.itsmflow.platform.EngineUser;
import org.itsmflow.platform.InvalidFieldException;
import org.itsmflow.platform.NotFoundException;
import org.itsmflow.platform.RecordNumbers;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The service improvement register: every process that says "→ SIP" records an improvement item here
 * (complaint handling when the investigation found a cause, problem reviews, SLA breaches and failed changes from the
 * monthly service reporting, outage investigations, corrective actions of a report review, releases and audits).
 *
 * <p>An item moves PROPOSED → ASSESSED → AUTHORISED → IN_PROGRESS → DONE, or to REJECTED from any open status;
 * authorising is for the service owners (checked by the API). Every step is appended to {@code improvement_history}
 * with who did it. "Now" is the engine clock, so process tests that move the clock move the items with it.
 */
@Service
public class ImprovementRegister {

    /** Where an improvement item may come from. */
    public static final Set<String> SOURCES = Set.of("SLA_BREACH", "COMPLAINT", "PROBLEM_REVIEW", "CHANGE_REVIEW",
            "RELEASE", "AUDIT", "SERVICE_REPORT", "OUTAGE_REVIEW", "MANAGEMENT_REVIEW", "MANUAL");
    public static final Set<String> PRIORITIES = Set.of("HIGH", "MEDIUM", "LOW");
    static final String PROPOSED = "PROPOSED";
    static final String ASSESSED = "ASSESSED";
    static final String AUTHORISED = "AUTHORISED";
    static final String IN_PROGRESS = "IN_PROGRESS";
    static final String DONE = "DONE";
    static final String REJECTED = "REJECTED";
    public static final List<String> STATUSES = List.of(PROPOSED, ASSESSED, AUTHORISED, IN_PROGRESS, DONE, REJECTED);

    /** The statuses each status may move to through {@link #changeStatus}. */
    private static final Map<String, Set<String>> NEXT = Map.of(
            PROPOSED, Set.of(REJECTED),
            ASSESSED, Set.of(REJECTED),
            AUTHORISED, Set.of(IN_PROGRESS, DONE, REJECTED),
            IN_PROGRESS, Set.of(DONE, REJECTED),
            DONE, Set.of(),
            REJECTED, Set.of());

    private final JdbcClient jdbc;
    private final RecordNumbers.Sequence numbers;
    private final EngineUser engineUser;

    ImprovementRegister(JdbcClient jdbc, RecordNumbers recordNumbers, EngineUser engineUser) {
        this.jdbc = jdbc;
        this.engineUser = engineUser;
        this.numbers = recordNumbers.sequence("improvement_number_seq", "SIP");
    }

    /**
     * Records a proposed improvement ({@code SIP-000001}) in the caller's transaction.
     *
     * @throws InvalidFieldException when source, title or priority is missing or unknown
     */
    @Transactional
    public ImprovementItem add(String source, String sourceRef, String title, String description, String priority) {
        return add(source, sourceRef, null, title, description, priority);
    }

    /** As {@link #add(String, String, String, String, String)}, for a known service. */
    @Transactional
    public ImprovementItem add(String source, String sourceRef, String serviceId, String title, String description,
            String priority) {
        if (source == null || !SOURCES.contains(source)) {
            throw new InvalidFieldException("source", "must be one of " + String.join(", ", SOURCES.stream().sorted().toList()));
        }
        if (title == null || title.isBlank()) {
            throw new InvalidFieldException("title", "must not be blank");
        }
        requirePriority(priority);
        String id = numbers.next();
        Instant now = now();
        jdbc.sql("""
                insert into improvement_item (id, source, source_ref, service_id, title, description, priority, status,
                    created_at, updated_at, version)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)
                """).params(id, source, sourceRef, serviceId, cut(title.trim(), 200), cut(description, 4000), priority,
                        PROPOSED, utc(now), utc(now)).update();
        history(id, "PROPOSED", null, PROPOSED, "Recorded from " + source + (sourceRef == null ? "" : " " + sourceRef));
        return find(id).orElseThrow();
    }

    /**
     * Assesses an open, not yet authorised item: what it would bring and cost, its priority, who would own it and by
     * when. PROPOSED or ASSESSED → ASSESSED.
     *
     * @throws ConflictException when the item is already authorised or closed
     */
    @Transactional
    public ImprovementItem assess(String id, String assessment, String priority, String owner, LocalDate targetDate) {
        ImprovementItem item = require(id);
        if (!PROPOSED.equals(item.status()) && !ASSESSED.equals(item.status())) {
            throw new ConflictException("Improvement " + id + " is " + item.status() + "; only a PROPOSED or ASSESSED "
                    + "item can be assessed");
        }
        if (assessment == null || assessment.isBlank()) {
            throw new InvalidFieldException("assessment", "must not be blank");
        }
        String p = priority == null ? item.priority() : priority;
        requirePriority(p);
        jdbc.sql("""
                update improvement_item set status = ?, assessment = ?, priority = ?, owner = ?, target_date = ?,
                    updated_at = ?, version = version + 1 where id = ?
                """).params(ASSESSED, cut(assessment.strip(), 4000), p, blank(owner), targetDate, utc(now()), id)
                .update();
        history(id, "ASSESSED", item.status(), ASSESSED, assessment);
        return require(id);
    }

    /**
     * The service owner's decision on an assessed item: AUTHORISED, or REJECTED with the reason.
     *
     * @throws ConflictException when the item is not ASSESSED
     */
    @Transactional
    public ImprovementItem authorise(String id, boolean approved, String note) {
        ImprovementItem item = require(id);
        if (!ASSESSED.equals(item.status())) {
            throw new ConflictException("Improvement " + id + " is " + item.status() + "; it must be ASSESSED before "
                    + "it is authorised or rejected");
        }
        if (!approved && (note == null || note.isBlank())) {
            throw new InvalidFieldException("note", "must give the reason for rejecting");
        }
        String to = approved ? AUTHORISED : REJECTED;
        Instant now = now();
        jdbc.sql("""
                update improvement_item set status = ?, authorised_by = ?, authorised_at = ?, closed_at = ?,
                    updated_at = ?, version = version + 1 where id = ?
                """).params(to, engineUser.actor(), utc(now), approved ? null : utc(now), utc(now), id).update();
        history(id, approved ? "AUTHORISED" : "REJECTED", item.status(), to, note);
        return require(id);
    }

    /**
     * Moves an item on: AUTHORISED → IN_PROGRESS → DONE, or any open item → REJECTED (with a note).
     *
     * @throws ConflictException for a move its status does not allow
     */
    @Transactional
    public ImprovementItem changeStatus(String id, String status, String note) {
        ImprovementItem item = require(id);
        if (status == null || !STATUSES.contains(status)) {
            throw new InvalidFieldException("status", "must be one of " + String.join(", ", STATUSES));
        }
        if (!NEXT.get(item.status()).contains(status)) {
            throw new ConflictException("Improvement " + id + " is " + item.status() + " and cannot move to " + status
                    + (NEXT.get(item.status()).isEmpty() ? "" : "; allowed: "
                    + String.join(", ", NEXT.get(item.status()).stream().sorted().toList())));
        }
        if (REJECTED.equals(status) && (note == null || note.isBlank())) {
            throw new InvalidFieldException("note", "must give the reason for rejecting");
        }
        Instant now = now();
        boolean closing = DONE.equals(status) || REJECTED.equals(status);
        jdbc.sql("update improvement_item set status = ?, closed_at = ?, updated_at = ?, version = version + 1 "
                + "where id = ?").params(status, closing ? utc(now) : null, utc(now), id).update();
        history(id, status, item.status(), status, note);
        return require(id);
    }

    public Optional<ImprovementItem> find(String id) {
        return jdbc.sql("select * from improvement_item where id = ?").param(id).query(ImprovementRegister::item)
                .optional();
    }

    /** @throws NotFoundException when no item has this id */
    public ImprovementItem require(String id) {
        return find(id).orElseThrow(() -> new NotFoundException("Improvement item", id));
    }

    /** The items a record raised, oldest first. */
    public List<ImprovementItem> fromSource(String source, String sourceRef) {
        return jdbc.sql("select * from improvement_item where source = ? and source_ref = ? order by id")
                .params(source, sourceRef).query(ImprovementRegister::item).list();
    }

    /**
     * The items that matter for a report period: recorded before its end and not closed before its start (so open
     * at some time in the period), of one service or (serviceId null) of all, oldest first.
     */
    public List<ImprovementItem> relevantTo(String serviceId, Instant from, Instant to) {
        String sql = "select * from improvement_item where created_at < :to and (closed_at is null or closed_at >= :from)"
                + (serviceId == null ? "" : " and service_id = :service") + " order by created_at, id";
        var spec = jdbc.sql(sql).param("from", utc(from)).param("to", utc(to));
        if (serviceId != null) {
            spec = spec.param("service", serviceId);
        }
        return spec.query(ImprovementRegister::item).list();
    }

    /** The item's history, oldest first. */
    public List<ImprovementHistoryEntry> history(String id) {
        require(id);
        return jdbc.sql("select * from improvement_history where item_id = ? order by id").param(id)
                .query((rs, n) -> new ImprovementHistoryEntry(rs.getLong("id"), rs.getString("item_id"),
                        instant(rs, "at"), rs.getString("actor"), rs.getString("action"), rs.getString("from_status"),
                        rs.getString("to_status"), rs.getString("note"))).list();
    }

    private void history(String id, String action, String from, String to, String note) {
        jdbc.sql("insert into improvement_history (item_id, at, actor, action, from_status, to_status, note) "
                + "values (?, ?, ?, ?, ?, ?, ?)").params(id, utc(now()), engineUser.actor(), action, from, to,
                cut(note, 4000)).update();
    }

    private static void requirePriority(String priority) {
        if (priority == null || !PRIORITIES.contains(priority)) {
            throw new InvalidFieldException("priority", "must be HIGH, MEDIUM or LOW");
        }
    }

    private static Instant now() {
        return ClockUtil.getCurrentTime().toInstant();
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    static ImprovementItem item(ResultSet rs, int row) throws SQLException {
        return new ImprovementItem(rs.getString("id"), rs.getString("source"), rs.getString("source_ref"),
                rs.getString("service_id"), rs.getString("title"), rs.getString("description"),
                rs.getString("priority"), rs.getString("status"), rs.getString("assessment"), rs.getString("owner"),
                rs.getObject("target_date", LocalDate.class), rs.getString("authorised_by"),
                instant(rs, "authorised_at"), instant(rs, "created_at"), instant(rs, "updated_at"),
                instant(rs, "closed_at"));
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
