package org.itsmflow.improvement;

import static org.itsmflow.platform.Jdbc.instant;
import static org.itsmflow.platform.Jdbc.utc;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.itsmflow.platform.InvalidFieldException;
import org.itsmflow.platform.RecordNumbers;
import org.springframework.jdbc.core.simple.JdbcClient;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The service improvement register: every process that says "→ SIP" records an improvement item here
 * (complaint handling when the investigation found a cause, problem reviews, SLA breaches, ...). Items start
 * PROPOSED; assessing, prioritising and authorising them, and reporting on them, come later. "Now" is the engine
 * clock, so process tests that move the clock move the items with it.
 */
@Service
public class ImprovementRegister {

    /** Where an improvement item may come from. */
    public static final Set<String> SOURCES =
            Set.of("SLA_BREACH", "COMPLAINT", "PROBLEM_REVIEW", "CHANGE_REVIEW", "RELEASE", "AUDIT");
    public static final Set<String> PRIORITIES = Set.of("HIGH", "MEDIUM", "LOW");
    static final String PROPOSED = "PROPOSED";

    private final JdbcClient jdbc;
    private final RecordNumbers.Sequence numbers;

    ImprovementRegister(JdbcClient jdbc, RecordNumbers recordNumbers) {
        this.jdbc = jdbc;
        this.numbers = recordNumbers.sequence("improvement_number_seq", "SIP");
    }

    /**
     * Records a proposed improvement ({@code SIP-000001}) in the caller's transaction.
     *
     * @throws InvalidFieldException when source, title or priority is missing or unknown
     */
    @Transactional
    public ImprovementItem add(String source, String sourceRef, String title, String description, String priority) {
        if (source == null || !SOURCES.contains(source)) {
            throw new InvalidFieldException("source", "must be one of " + String.join(", ", SOURCES.stream().sorted().toList()));
        }
        if (title == null || title.isBlank()) {
            throw new InvalidFieldException("title", "must not be blank");
        }
        if (priority == null || !PRIORITIES.contains(priority)) {
            throw new InvalidFieldException("priority", "must be HIGH, MEDIUM or LOW");
        }
        String id = numbers.next();
        Instant now = ClockUtil.getCurrentTime().toInstant();
        jdbc.sql("""
                insert into improvement_item (id, source, source_ref, title, description, priority, status, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?)
                """).params(id, source, sourceRef, cut(title.trim(), 200), cut(description, 4000), priority, PROPOSED,
                        utc(now)).update();
        return find(id).orElseThrow();
    }

    public Optional<ImprovementItem> find(String id) {
        return jdbc.sql("select * from improvement_item where id = ?").param(id).query(ImprovementRegister::item)
                .optional();
    }

    /** The items a record raised, oldest first. */
    public List<ImprovementItem> fromSource(String source, String sourceRef) {
        return jdbc.sql("select * from improvement_item where source = ? and source_ref = ? order by id")
                .params(source, sourceRef).query(ImprovementRegister::item).list();
    }

    private static ImprovementItem item(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new ImprovementItem(rs.getString("id"), rs.getString("source"), rs.getString("source_ref"),
                rs.getString("title"), rs.getString("description"), rs.getString("priority"), rs.getString("status"),
                instant(rs, "created_at"));
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
