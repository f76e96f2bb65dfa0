package org.itsmflow.servicelevel;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import org.itsmflow.platform.Jdbc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Read-only figures of SLA monitoring for reports (R-6.1d, R-6.2): the clocks stopped in a period with whether each
 * met its target, and the breaches recorded in a period with their cause. The service of a clock is the service of
 * the SLA it counts under.
 */
@Service
@Transactional(readOnly = true)
public class SlaFigures {

    /** One stopped clock: met when it was not breached. */
    public record ClockOutcome(String recordId, String recordType, String serviceId, Priority priority,
            ClockKind kind, Instant startedAt, Instant dueAt, Instant stoppedAt, boolean breached) {
        public boolean met() {
            return !breached;
        }
    }

    /** One recorded breach with the clock it belongs to. */
    public record BreachRecord(String recordId, String recordType, String serviceId, Priority priority,
            ClockKind kind, Instant dueAt, Instant breachedAt, String cause, String recordedBy) {
    }

    private final JdbcClient jdbc;

    SlaFigures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Clocks stopped in [from, to) of one service, or of every service when {@code serviceId} is null. */
    public List<ClockOutcome> stoppedBetween(String serviceId, Instant from, Instant to) {
        String sql = """
                select c.record_id, c.record_type, s.service_id, c.priority, c.kind, c.started_at, c.due_at,
                    c.stopped_at, c.breached
                from sla_clock c join sla s on s.id = c.sla_id
                where c.status = 'STOPPED' and c.stopped_at >= :from and c.stopped_at < :to
                """ + (serviceId == null ? "" : " and s.service_id = :service") + " order by c.stopped_at, c.record_id, c.kind";
        var spec = jdbc.sql(sql).param("from", Jdbc.utc(from)).param("to", Jdbc.utc(to));
        if (serviceId != null) {
            spec = spec.param("service", serviceId);
        }
        return spec.query(SlaFigures::outcome).list();
    }

    /** Breaches recorded in [from, to) of one service, or of every service when {@code serviceId} is null. */
    public List<BreachRecord> breachesBetween(String serviceId, Instant from, Instant to) {
        String sql = """
                select b.record_id, c.record_type, s.service_id, c.priority, b.kind, b.due_at, b.breached_at, b.cause,
                    b.recorded_by
                from sla_breach b join sla_clock c on c.id = b.clock_id join sla s on s.id = c.sla_id
                where b.breached_at >= :from and b.breached_at < :to
                """ + (serviceId == null ? "" : " and s.service_id = :service") + " order by b.breached_at, b.record_id";
        var spec = jdbc.sql(sql).param("from", Jdbc.utc(from)).param("to", Jdbc.utc(to));
        if (serviceId != null) {
            spec = spec.param("service", serviceId);
        }
        return spec.query((rs, n) -> new BreachRecord(rs.getString("record_id"), rs.getString("record_type"),
                rs.getString("service_id"), Priority.valueOf(rs.getString("priority")),
                ClockKind.valueOf(rs.getString("kind")), Jdbc.instant(rs, "due_at"), Jdbc.instant(rs, "breached_at"),
                rs.getString("cause"), rs.getString("recorded_by"))).list();
    }

    private static ClockOutcome outcome(ResultSet rs, int n) throws SQLException {
        return new ClockOutcome(rs.getString("record_id"), rs.getString("record_type"), rs.getString("service_id"),
                Priority.valueOf(rs.getString("priority")), ClockKind.valueOf(rs.getString("kind")),
                Jdbc.instant(rs, "started_at"), Jdbc.instant(rs, "due_at"), Jdbc.instant(rs, "stopped_at"),
                rs.getBoolean("breached"));
    }
}
