package org.itsmflow.servicelevel;

import org.itsmflow.platform.Jdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.itsmflow.platform.ConflictException;
import org.itsmflow.platform.InvalidFieldException;
import org.itsmflow.platform.NotFoundException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * SLA clocks of records (R-6.1d: service levels monitored against the targets of R-6.1a). The incident process
 * starts a RESPONSE and a RESOLUTION clock when an incident is recorded, pauses them while it waits for the
 * customer, retargets them when the priority changes, stops them on response and resolution, and records a breach
 * when a due-time timer fires. Due and warning times are computed here in business time
 * ({@link BusinessCalendar}) and handed to BPMN timers as {@code timeDate}; see
 * {@code docs/adr/0003-sla-business-time.md}.
 *
 * <p>Every operation takes the moment it happens ({@code at}) explicitly, so the process passes the engine clock
 * ({@code ClockUtil.getCurrentTime()}) and tests stay deterministic. Writes join the caller's transaction; each
 * clock row is updated under optimistic locking (a concurrent update is answered 409). Illegal transitions (pausing
 * a stopped clock, starting clocks twice) raise {@link ConflictException}.
 */
@Service
public class SlaClockService {

    private final JdbcClient jdbc;
    private final ServiceCatalog catalog;
    private final BusinessCalendars calendars;
    private final Clock clock;

    SlaClockService(JdbcClient jdbc, ServiceCatalog catalog, BusinessCalendars calendars,
            ObjectProvider<Clock> clock) {
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.calendars = calendars;
        this.clock = clock.getIfAvailable(EngineClock::new);
    }

    /** Starts the clocks of a record under the service's SLA for all customers. */
    @Transactional
    public List<SlaClockView> start(String recordId, String recordType, String serviceId, String priority,
            Instant at) {
        return start(recordId, recordType, serviceId, null, priority, at);
    }

    /**
     * Opens a RESPONSE and a RESOLUTION clock for a record from the target for {@code priority} of the SLA in force
     * on the day of {@code at} (the customer's own SLA if it has one). Due time = start + target, warning time =
     * start + warning percent of the target, both in the target's calendar (the SLA's or the service's business
     * calendar, or 24x7 when the target is not in business hours).
     *
     * @param customerId may be null
     * @throws NotFoundException for an unknown service (field {@code serviceId})
     * @throws InvalidFieldException for a blank record id or type, an unknown priority, a missing time
     * @throws ConflictException when the record already has clocks, or the service has no SLA or target to apply
     */
    @Transactional
    public List<SlaClockView> start(String recordId, String recordType, String serviceId, String customerId,
            String priority, Instant at) {
        requireText("recordId", recordId);
        requireText("recordType", recordType);
        requireTime(at);
        Priority p = Priority.parse("priority", priority);
        BusinessService service = catalog.require(serviceId, "serviceId");
        if (exists(recordId)) {
            throw new ConflictException("SLA clocks of record '" + recordId + "' are already started");
        }
        ZoneId zone = calendars.find(service.calendarId()).map(BusinessCalendar::zone).orElse(ZoneOffset.UTC);
        LocalDate day = LocalDate.ofInstant(at, zone);
        Sla sla = catalog.slaInForce(service.id(), customerId, day).orElseThrow(() -> new ConflictException(
                "Service '" + service.id() + "' has no SLA in force on " + day));
        SlaTarget target = targetOf(sla, p);
        BusinessCalendar calendar = calendarFor(sla, service, target);
        for (ClockKind kind : ClockKind.values()) {
            int minutes = target.minutes(kind);
            jdbc.sql("""
                    insert into sla_clock (id, record_id, record_type, sla_id, priority, kind, calendar_id, status,
                        started_at, target_minutes, due_at, warning_at, paused_minutes, breached, version)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, false, 0)
                    """)
                    .params(UUID.randomUUID().toString(), recordId, recordType, sla.id(), p.name(), kind.name(),
                            calendar.id(), ClockState.RUNNING.name(), Jdbc.utc(at), minutes,
                            Jdbc.utc(due(calendar, at, minutes, 0)),
                            Jdbc.utc(warning(calendar, at, minutes, sla.warningPercent(), 0)))
                    .update();
        }
        return status(recordId, at);
    }

    /**
     * Stops one clock of a record (first response given, incident resolved). A clock stopped after its due time —
     * for a paused clock: paused after it — is marked breached, and a breach is recorded unless one was already.
     *
     * @throws NotFoundException when the record has no clock of that kind
     * @throws ConflictException when the clock is already stopped
     */
    @Transactional
    public SlaClockView stop(String recordId, ClockKind kind, Instant at) {
        requireTime(at);
        ClockRow row = requireClock(recordId, kind);
        if (row.state == ClockState.STOPPED) {
            throw new ConflictException("The " + kind + " clock of record '" + recordId + "' is already stopped");
        }
        Instant effectiveEnd = row.state == ClockState.PAUSED ? row.pausedAt : at;
        boolean late = effectiveEnd.isAfter(row.dueAt);
        row.state = ClockState.STOPPED;
        row.stoppedAt = at;
        if (late && !row.breached) {
            row.breached = true;
            update(row);
            insertBreach(row, row.dueAt, "Stopped after the due time", "system");
        } else {
            update(row);
        }
        return view(row, at);
    }

    /**
     * Pauses every running clock of a record (waiting for the customer). Business time spent paused is added to
     * the due and warning times on {@link #resume}.
     *
     * @throws ConflictException when no clock of the record is running
     */
    @Transactional
    public List<SlaClockView> pause(String recordId, Instant at) {
        requireTime(at);
        List<ClockRow> rows = requireClocks(recordId);
        List<ClockRow> running = rows.stream().filter(r -> r.state == ClockState.RUNNING).toList();
        if (running.isEmpty()) {
            throw new ConflictException("No SLA clock of record '" + recordId + "' is running, so none can be paused "
                    + states(rows));
        }
        for (ClockRow row : running) {
            if (at.isBefore(row.startedAt)) {
                throw new ConflictException("Cannot pause record '" + recordId + "' at " + at
                        + ", before its clock started at " + row.startedAt);
            }
            row.state = ClockState.PAUSED;
            row.pausedAt = at;
            update(row);
        }
        return status(recordId, at);
    }

    /**
     * Resumes every paused clock of a record; due and warning times move by the business time spent paused
     * (whole minutes, rounded half up).
     *
     * @throws ConflictException when no clock of the record is paused
     */
    @Transactional
    public List<SlaClockView> resume(String recordId, Instant at) {
        requireTime(at);
        List<ClockRow> rows = requireClocks(recordId);
        List<ClockRow> paused = rows.stream().filter(r -> r.state == ClockState.PAUSED).toList();
        if (paused.isEmpty()) {
            throw new ConflictException("No SLA clock of record '" + recordId + "' is paused, so none can be resumed "
                    + states(rows));
        }
        for (ClockRow row : paused) {
            if (at.isBefore(row.pausedAt)) {
                throw new ConflictException("Cannot resume record '" + recordId + "' at " + at
                        + ", before it was paused at " + row.pausedAt);
            }
            BusinessCalendar calendar = calendars.require(row.calendarId);
            long seconds = calendar.between(row.pausedAt, at).getSeconds();
            row.pausedMinutes += (int) ((seconds + 30) / 60);
            row.pausedAt = null;
            row.state = ClockState.RUNNING;
            reschedule(row, calendar, warningPercent(row.slaId));
            update(row);
        }
        return status(recordId, at);
    }

    /**
     * Applies the targets of a new priority to the clocks of a record that are not stopped, counted from the
     * original start: due = start + new target + business time paused so far. If the new target is counted in
     * another calendar (P1 around the clock, P2 in business hours), the clock moves to that calendar; minutes paused
     * earlier are carried over as they are.
     *
     * @throws ConflictException when every clock is stopped or the SLA has no target for the priority
     */
    @Transactional
    public List<SlaClockView> retarget(String recordId, String newPriority, Instant at) {
        requireTime(at);
        Priority p = Priority.parse("priority", newPriority);
        List<ClockRow> rows = requireClocks(recordId);
        List<ClockRow> open = rows.stream().filter(r -> r.state != ClockState.STOPPED).toList();
        if (open.isEmpty()) {
            throw new ConflictException("Every SLA clock of record '" + recordId + "' is stopped; nothing to retarget");
        }
        for (ClockRow row : open) {
            Sla sla = catalog.requireSla(row.slaId, null);
            SlaTarget target = targetOf(sla, p);
            BusinessService service = catalog.require(sla.serviceId(), null);
            BusinessCalendar calendar = calendarFor(sla, service, target);
            row.priority = p;
            row.targetMinutes = target.minutes(row.kind);
            row.calendarId = calendar.id();
            reschedule(row, calendar, sla.warningPercent());
            update(row);
        }
        return status(recordId, at);
    }

    /**
     * Records that a clock missed its due time (the process's due-time timer fired). Idempotent: a clock breaches
     * once, and recording it again returns the first record.
     *
     * @param by user id or "system"
     * @throws ConflictException when the clock is not overdue at {@code at} (stopped in time, or not yet due)
     */
    @Transactional
    public SlaBreach recordBreach(String recordId, ClockKind kind, Instant at, String cause, String by) {
        requireTime(at);
        ClockRow row = requireClock(recordId, kind);
        if (row.breached) {
            Optional<SlaBreach> existing = breachOf(row.id);
            if (existing.isPresent()) {
                return existing.get();
            }
        }
        Instant effectiveNow = switch (row.state) {
            case RUNNING -> at;
            case PAUSED -> row.pausedAt;
            case STOPPED -> row.stoppedAt;
        };
        if (effectiveNow.isBefore(row.dueAt)) {
            throw new ConflictException("The " + kind + " clock of record '" + recordId + "' is not overdue: due "
                    + row.dueAt + (row.state == ClockState.RUNNING ? "" : ", " + row.state.name().toLowerCase()
                    + " at " + effectiveNow));
        }
        row.breached = true;
        update(row);
        return insertBreach(row, at, cause, by);
    }

    /** The clocks of a record as at the current time (engine clock unless a {@link Clock} bean is defined). */
    @Transactional(readOnly = true)
    public List<SlaClockView> status(String recordId) {
        return status(recordId, clock.instant());
    }

    /** The clocks of a record (RESPONSE first) as at {@code now}; empty when the record has none. */
    @Transactional(readOnly = true)
    public List<SlaClockView> status(String recordId, Instant now) {
        return clocks(recordId).stream().map(row -> view(row, now)).toList();
    }

    /**
     * Running clocks past their warning time and not recorded as breached at {@code now}: the SLAs at risk
     * (R-8.2c, R-6.1d), for the managers' metrics.
     */
    @Transactional(readOnly = true)
    public long atRisk(Instant now) {
        return jdbc.sql("select count(*) from sla_clock where status = 'RUNNING' and breached = false "
                        + "and warning_at <= ?")
                .param(Jdbc.utc(now)).query(Long.class).single();
    }

    /** Breaches recorded at or after {@code since} (all of them when null); the breach records are append-only. */
    @Transactional(readOnly = true)
    public long breachCount(Instant since) {
        return since == null ? jdbc.sql("select count(*) from sla_breach").query(Long.class).single()
                : jdbc.sql("select count(*) from sla_breach where breached_at >= ?").param(Jdbc.utc(since))
                        .query(Long.class).single();
    }

    /**
     * The SLA state of each of these records as at now, in one query (a list page asks for its records at once);
     * records without clocks are absent from the map.
     */
    @Transactional(readOnly = true)
    public java.util.Map<String, SlaSummary> summaries(java.util.Collection<String> recordIds) {
        if (recordIds.isEmpty()) {
            return java.util.Map.of();
        }
        Instant now = clock.instant();
        java.util.Map<String, List<ClockRow>> byRecord = jdbc.sql("select * from sla_clock where record_id in (:ids)")
                .param("ids", recordIds).query(SlaClockService::row).list().stream()
                .collect(java.util.stream.Collectors.groupingBy(r -> r.recordId));
        java.util.Map<String, SlaSummary> summaries = new java.util.HashMap<>();
        byRecord.forEach((recordId, rows) -> summaries.put(recordId, summary(rows, now)));
        return summaries;
    }

    private static SlaSummary summary(List<ClockRow> rows, Instant now) {
        ClockRow next = rows.stream().filter(r -> r.state != ClockState.STOPPED)
                .min(java.util.Comparator.comparing((ClockRow r) -> r.dueAt)).orElse(null);
        boolean breached = rows.stream().anyMatch(r -> r.breached
                || (r.state == ClockState.RUNNING && now.isAfter(r.dueAt)));
        SlaSummary.State state = breached ? SlaSummary.State.BREACHED
                : next == null ? SlaSummary.State.MET
                : next.state == ClockState.RUNNING && !now.isBefore(next.warningAt) ? SlaSummary.State.AT_RISK
                : SlaSummary.State.ON_TRACK;
        return new SlaSummary(state, next == null ? null : next.kind, next == null ? null : next.dueAt);
    }

    /** The breaches recorded for a record. */
    @Transactional(readOnly = true)
    public List<SlaBreach> breaches(String recordId) {
        return jdbc.sql("select * from sla_breach where record_id = ? order by breached_at, kind")
                .param(recordId).query(SlaClockService::breach).list();
    }

    // ---- internals

    private SlaTarget targetOf(Sla sla, Priority p) {
        return sla.target(p).orElseThrow(() -> new ConflictException(
                "SLA '" + sla.id() + "' has no target for priority " + p));
    }

    private BusinessCalendar calendarFor(Sla sla, BusinessService service, SlaTarget target) {
        if (!target.businessHours()) {
            return calendars.twentyFourSeven();
        }
        return calendars.require(sla.calendarId() != null ? sla.calendarId() : service.calendarId());
    }

    private int warningPercent(String slaId) {
        return catalog.findSla(slaId).map(Sla::warningPercent).orElse(75);
    }

    private static void reschedule(ClockRow row, BusinessCalendar calendar, int warningPercent) {
        row.dueAt = due(calendar, row.startedAt, row.targetMinutes, row.pausedMinutes);
        row.warningAt = warning(calendar, row.startedAt, row.targetMinutes, warningPercent, row.pausedMinutes);
    }

    static Instant due(BusinessCalendar calendar, Instant start, int targetMinutes, int pausedMinutes) {
        return calendar.plus(start, Duration.ofMinutes((long) targetMinutes + pausedMinutes));
    }

    static Instant warning(BusinessCalendar calendar, Instant start, int targetMinutes, int percent,
            int pausedMinutes) {
        long seconds = (long) targetMinutes * 60 * percent / 100;
        return calendar.plus(start, Duration.ofSeconds(seconds).plusMinutes(pausedMinutes));
    }

    private SlaClockView view(ClockRow row, Instant now) {
        Instant reference = switch (row.state) {
            case RUNNING -> now;
            case PAUSED -> row.pausedAt;
            case STOPPED -> row.stoppedAt;
        };
        BusinessCalendar calendar = calendars.find(row.calendarId).orElseGet(BusinessCalendar::twentyFourSeven);
        long remaining = calendar.between(reference, row.dueAt).toMinutes();
        return new SlaClockView(row.id, row.recordId, row.recordType, row.kind, row.state, row.slaId, row.priority,
                row.calendarId, row.startedAt, row.targetMinutes, row.dueAt, row.warningAt, row.pausedAt,
                row.pausedMinutes, row.stoppedAt, row.breached, remaining, !reference.isBefore(row.warningAt),
                reference.isAfter(row.dueAt));
    }

    private boolean exists(String recordId) {
        return jdbc.sql("select count(*) from sla_clock where record_id = ?").param(recordId)
                .query(Integer.class).single() > 0;
    }

    private List<ClockRow> clocks(String recordId) {
        return jdbc.sql("select * from sla_clock where record_id = ? order by kind desc")
                .param(recordId == null ? "" : recordId).query(SlaClockService::row).list();
    }

    private List<ClockRow> requireClocks(String recordId) {
        List<ClockRow> rows = clocks(recordId);
        if (rows.isEmpty()) {
            throw new NotFoundException("SLA clocks of record", recordId);
        }
        return rows;
    }

    private ClockRow requireClock(String recordId, ClockKind kind) {
        if (kind == null) {
            throw new InvalidFieldException("kind", "is required: RESPONSE or RESOLUTION");
        }
        return requireClocks(recordId).stream().filter(r -> r.kind == kind).findFirst()
                .orElseThrow(() -> new NotFoundException(kind + " SLA clock of record", recordId));
    }

    private void update(ClockRow row) {
        int updated = jdbc.sql("""
                update sla_clock set status = ?, priority = ?, target_minutes = ?, calendar_id = ?, due_at = ?,
                    warning_at = ?, paused_at = ?, paused_minutes = ?, stopped_at = ?, breached = ?,
                    version = version + 1
                where id = ? and version = ?
                """)
                .params(row.state.name(), row.priority.name(), row.targetMinutes, row.calendarId,
                        Jdbc.utc(row.dueAt), Jdbc.utc(row.warningAt), Jdbc.utc(row.pausedAt), row.pausedMinutes,
                        Jdbc.utc(row.stoppedAt), row.breached, row.id, row.version)
                .update();
        if (updated != 1) {
            throw new OptimisticLockingFailureException("SLA clock " + row.id + " of record " + row.recordId
                    + " was changed concurrently");
        }
        row.version++;
    }

    private SlaBreach insertBreach(ClockRow row, Instant at, String cause, String by) {
        SlaBreach breach = new SlaBreach(UUID.randomUUID().toString(), row.id, row.recordId, row.kind, row.dueAt, at,
                cause, by);
        jdbc.sql("""
                insert into sla_breach (id, clock_id, record_id, kind, due_at, breached_at, cause, recorded_by)
                values (?, ?, ?, ?, ?, ?, ?, ?)
                """)
                .params(breach.id(), breach.clockId(), breach.recordId(), breach.kind().name(),
                        Jdbc.utc(breach.dueAt()), Jdbc.utc(breach.breachedAt()), cause, by)
                .update();
        return breach;
    }

    private Optional<SlaBreach> breachOf(String clockId) {
        return jdbc.sql("select * from sla_breach where clock_id = ?").param(clockId)
                .query(SlaClockService::breach).optional();
    }

    private static String states(List<ClockRow> rows) {
        StringBuilder sb = new StringBuilder("(");
        for (ClockRow r : rows) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append(r.kind).append(" is ").append(r.state);
        }
        return sb.append(")").toString();
    }

    private static void requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidFieldException(field, "must not be blank");
        }
    }

    private static void requireTime(Instant at) {
        if (at == null) {
            throw new InvalidFieldException("at", "is required");
        }
    }

    private static SlaBreach breach(ResultSet rs, int n) throws SQLException {
        return new SlaBreach(rs.getString("id"), rs.getString("clock_id"), rs.getString("record_id"),
                ClockKind.valueOf(rs.getString("kind")), Jdbc.instant(rs, "due_at"),
                Jdbc.instant(rs, "breached_at"), rs.getString("cause"), rs.getString("recorded_by"));
    }

    private static ClockRow row(ResultSet rs, int n) throws SQLException {
        ClockRow row = new ClockRow();
        row.id = rs.getString("id");
        row.recordId = rs.getString("record_id");
        row.recordType = rs.getString("record_type");
        row.slaId = rs.getString("sla_id");
        row.priority = Priority.valueOf(rs.getString("priority"));
        row.kind = ClockKind.valueOf(rs.getString("kind"));
        row.calendarId = rs.getString("calendar_id");
        row.state = ClockState.valueOf(rs.getString("status"));
        row.startedAt = Jdbc.instant(rs, "started_at");
        row.targetMinutes = rs.getInt("target_minutes");
        row.dueAt = Jdbc.instant(rs, "due_at");
        row.warningAt = Jdbc.instant(rs, "warning_at");
        row.pausedAt = Jdbc.instant(rs, "paused_at");
        row.pausedMinutes = rs.getInt("paused_minutes");
        row.stoppedAt = Jdbc.instant(rs, "stopped_at");
        row.breached = rs.getBoolean("breached");
        row.version = rs.getInt("version");
        return row;
    }

    /** A mutable copy of one {@code sla_clock} row while an operation works on it. */
    private static final class ClockRow {
        String id;
        String recordId;
        String recordType;
        String slaId;
        Priority priority;
        ClockKind kind;
        String calendarId;
        ClockState state;
        Instant startedAt;
        int targetMinutes;
        Instant dueAt;
        Instant warningAt;
        Instant pausedAt;
        int pausedMinutes;
        Instant stoppedAt;
        boolean breached;
        int version;
    }

    /** "Now" is the process engine's clock, so status agrees with the engine's timers (tests move that clock). */
    private static final class EngineClock extends Clock {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return Clock.fixed(instant(), zone);
        }

        @Override
        public Instant instant() {
            return ClockUtil.getCurrentTime().toInstant();
        }
    }
}
