package org.itsmflow.reporting;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.itsmflow.change.ChangeService;
import org.itsmflow.change.ChangeStatus;
import org.itsmflow.incident.IncidentService;
import org.itsmflow.servicelevel.Priority;
import org.itsmflow.servicelevel.SlaClockService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What managers watch, as Micrometer meters scraped at {@code /actuator/prometheus} (R-6.1d monitoring, R-8.2c
 * SLA warnings, R-9.2g changes in flight):
 * <ul>
 * <li>{@code itsm_incidents_open{priority}} — incidents with work outstanding (new, in progress, waiting for the
 * customer), per priority P1–P4 and {@code none} before prioritisation;</li>
 * <li>{@code itsm_sla_clocks_at_risk} — running SLA clocks past their warning time and not yet breached;</li>
 * <li>{@code itsm_sla_breaches_total} — SLA breaches ever recorded (a counter: the breach records are append-only),
 * and {@code itsm_sla_breaches_last24h};</li>
 * <li>{@code itsm_changes_in_flight{status}} — changes neither closed nor rejected, per status.</li>
 * </ul>
 * The figures come from the shared database, so every node of a cluster reports the same values (aggregate with
 * {@code max}, not {@code sum}). A scrape costs at most four cheap count queries, and none within
 * {@link #MAX_AGE} of the previous refresh.
 */
@Component
class MetricsGauges implements MeterBinder {

    static final Duration MAX_AGE = Duration.ofSeconds(10);
    static final String[] PRIORITIES = {Priority.P1.name(), Priority.P2.name(), Priority.P3.name(), Priority.P4.name(),
        "none"};
    private static final Logger log = LoggerFactory.getLogger(MetricsGauges.class);

    private final IncidentService incidents;
    private final SlaClockService slaClocks;
    private final ChangeService changes;

    private volatile Snapshot snapshot;
    private volatile long refreshedAtNanos;

    MetricsGauges(IncidentService incidents, SlaClockService slaClocks, ChangeService changes) {
        this.incidents = incidents;
        this.slaClocks = slaClocks;
        this.changes = changes;
    }

    /** One read of every figure. */
    record Snapshot(Map<String, Long> openByPriority, long atRisk, long breaches, long breaches24h,
            Map<ChangeStatus, Long> changesInFlight) {
        static final Snapshot EMPTY = new Snapshot(Map.of(), 0, 0, 0, Map.of());
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String priority : PRIORITIES) {
            gauge(registry, "itsm.incidents.open", "Incidents with work outstanding, per priority",
                    s -> s.openByPriority().getOrDefault(priority, 0L), "priority", priority);
        }
        gauge(registry, "itsm.sla.clocks.at.risk", "Running SLA clocks past their warning time, not yet breached",
                Snapshot::atRisk);
        FunctionCounter.builder("itsm.sla.breaches", this, m -> m.current().breaches())
                .description("SLA breaches recorded").register(registry);
        gauge(registry, "itsm.sla.breaches.last24h", "SLA breaches recorded in the last 24 hours",
                Snapshot::breaches24h);
        for (ChangeStatus status : ChangeStatus.values()) {
            if (status != ChangeStatus.CLOSED && status != ChangeStatus.REJECTED) {
                gauge(registry, "itsm.changes.in.flight", "Changes neither closed nor rejected, per status",
                        s -> s.changesInFlight().getOrDefault(status, 0L), "status", status.name());
            }
        }
    }

    private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<Snapshot> value,
            String... tags) {
        Gauge.builder(name, this, m -> value.applyAsDouble(m.current())).description(description).tags(tags)
                .strongReference(true).register(registry);
    }

    /** The figures, read again when older than {@link #MAX_AGE}; the last good read if the database fails. */
    Snapshot current() {
        Snapshot s = snapshot;
        if (s != null && System.nanoTime() - refreshedAtNanos < MAX_AGE.toNanos()) {
            return s;
        }
        synchronized (this) {
            if (snapshot != null && System.nanoTime() - refreshedAtNanos < MAX_AGE.toNanos()) {
                return snapshot;
            }
            try {
                Instant now = ClockUtil.getCurrentTime().toInstant();
                snapshot = new Snapshot(incidents.openByPriority(), slaClocks.atRisk(now),
                        slaClocks.breachCount(null), slaClocks.breachCount(now.minus(Duration.ofHours(24))),
                        changes.inFlightByStatus());
            } catch (RuntimeException e) {
                log.warn("Metrics could not be read: {}", e.toString());
                if (snapshot == null) {
                    snapshot = Snapshot.EMPTY;
                }
            }
            refreshedAtNanos = System.nanoTime();
            return snapshot;
        }
    }

    /** Forces the next scrape to read the database again (tests). */
    void refresh() {
        refreshedAtNanos = System.nanoTime() - MAX_AGE.toNanos() - 1;
    }
}
