package org.itsmflow.event;

import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.itsmflow.cmdb.CmdbService;
import org.itsmflow.cmdb.Impact;
import org.itsmflow.cmdb.ImpactDirection;
import org.itsmflow.cmdb.RelationshipType;
import org.itsmflow.event.AlertResult.Outcome;
import org.itsmflow.event.AlertStore.Problem;
import org.itsmflow.event.AlertmanagerWebhook.Alert;
import org.itsmflow.event.EventClassifier.Classification;
import org.itsmflow.incident.Incident;
import org.itsmflow.incident.IncidentService;
import org.itsmflow.incident.IncidentStatus;
import org.itsmflow.incident.IncidentWork;
import org.itsmflow.incident.JournalKind;
import org.itsmflow.incident.Level;
import org.itsmflow.incident.NewIncident;
import org.itsmflow.platform.EngineUser;
import org.itsmflow.platform.InvalidFieldException;
import org.itsmflow.servicelevel.ServiceCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Incidents from monitoring alerts (R-8.2a: every incident is recorded, also those a monitoring system detects).
 * Each alert of an Alertmanager delivery is taken in its own transaction:
 * <ul>
 * <li>a firing alert whose fingerprint is attached to an open incident is counted (REPEATED);</li>
 * <li>else the tables of {@code dmn/EventClassification.dmn} classify it (or ignore it); an open incident of the same
 * alert name on the same CI takes it (ATTACHED); an open incident of a CI that the alert's CI depends on and that has
 * a firing alert takes it (CORRELATED, CMDB impact analysis upstream, R-9.1c); otherwise a new incident is recorded
 * through {@link IncidentService#report} like {@code POST /api/incidents} (OPENED);</li>
 * <li>a resolved alert is noted on its incident's journal; when every alert of the incident has cleared and the table
 * said so for each, the incident is resolved through its process ({@link IncidentWork}).</li>
 * </ul>
 * Both dedup keys (fingerprint; CI + alert name) are unique in the database, so two deliveries of the same new alert
 * at once cannot open two incidents: the later one fails on the key and its transaction is retried, finding the
 * first one's incident (ADR 0016).
 */
@Service
public class EventIntake {

    /** The label that names the CI (a CMDB id); add it in Prometheus's alert rules or relabelling. */
    public static final String CI_LABEL = "ci";
    /** How many steps of "runs on / depends on / part of" separate a CI from the failing CI it is correlated to. */
    static final int CORRELATION_DEPTH = 3;
    static final int ATTEMPTS = 6;
    private static final Set<IncidentStatus> OPEN = Set.of(IncidentStatus.NEW, IncidentStatus.IN_PROGRESS,
            IncidentStatus.PENDING_CUSTOMER);
    private static final Logger log = LoggerFactory.getLogger(EventIntake.class);

    private final AlertStore store;
    private final EventClassifier classifier;
    private final IncidentService incidents;
    private final IncidentWork work;
    private final CmdbService cmdb;
    private final ServiceCatalog catalog;
    private final EngineUser engineUser;
    private final TransactionTemplate transaction;
    private final ObjectMapper json;

    EventIntake(AlertStore store, EventClassifier classifier, IncidentService incidents, IncidentWork work,
            CmdbService cmdb, ServiceCatalog catalog, EngineUser engineUser, PlatformTransactionManager transactions,
            ObjectMapper json) {
        this.store = store;
        this.classifier = classifier;
        this.incidents = incidents;
        this.work = work;
        this.cmdb = cmdb;
        this.catalog = catalog;
        this.engineUser = engineUser;
        this.transaction = new TransactionTemplate(transactions);
        this.json = json;
    }

    /**
     * Takes in every alert of one Alertmanager delivery, each in its own transaction (retried on a concurrent
     * delivery of the same alert), and says what became of each. Invalid input is refused before anything is written.
     *
     * @param caller the monitoring system's technical user: the reporter of the incidents it opens
     */
    public List<AlertResult> receive(AlertmanagerWebhook webhook, String caller) {
        for (int i = 0; i < webhook.alerts().size(); i++) {
            if (webhook.alerts().get(i).label("alertname") == null) {
                throw new InvalidFieldException("alerts[" + i + "].labels.alertname", "is required");
            }
        }
        List<AlertResult> results = new ArrayList<>();
        for (Alert alert : webhook.alerts()) {
            results.add(retrying(() -> transaction.execute(status -> alert.firing()
                    ? fired(alert, caller) : cleared(alert))));
        }
        return results;
    }

    private AlertResult fired(Alert alert, String caller) {
        Instant now = now();
        String name = alert.label("alertname");
        Optional<StoredAlert> known = store.lock(alert.fingerprint());
        if (known.isPresent() && open(known.get().incidentId())) {
            StoredAlert stored = known.get();
            store.delivered(stored.fingerprint(), AlertStatus.FIRING, null, now);
            if (stored.status() == AlertStatus.RESOLVED) {
                incidents.journal(stored.incidentId(), JournalKind.NOTE, "ALERT_FIRING",
                        "Monitoring alert " + describe(name, stored.ciId()) + " fires again");
            }
            return new AlertResult(alert.fingerprint(), name, Outcome.REPEATED, stored.incidentId(), false);
        }
        Classification classification = engineUser.asSystem(() -> classifier.classify(name, alert.label("severity"),
                alert.label("service")));
        if (classification.ignore()) {
            return new AlertResult(alert.fingerprint(), name, Outcome.IGNORED, null, false);
        }
        String ciLabel = alert.label(CI_LABEL);
        String ciId = ciLabel != null && cmdb.find(ciLabel).isPresent() ? ciLabel : null;
        String key = ciLabel != null ? "ci:" + ciLabel + "|" + name : "fp:" + alert.fingerprint();
        Optional<Problem> problem = store.lockProblem(key);
        if (problem.isPresent() && open(problem.get().incidentId())) {
            String incidentId = problem.get().incidentId();
            save(alert, classification, ciId, incidentId, Correlation.DUPLICATE, known.isPresent(), now);
            incidents.journal(incidentId, JournalKind.NOTE, "ALERT_ATTACHED", "Monitoring alert "
                    + describe(name, ciLabel) + " attached: the incident's alert of the same name on the same CI");
            return new AlertResult(alert.fingerprint(), name, Outcome.ATTACHED, incidentId, false);
        }
        Optional<Failing> failing = ciId == null ? Optional.empty() : failingDependency(ciId);
        String serviceId = failing.isPresent() ? null : service(classification, ciId);
        if (failing.isEmpty() && serviceId == null) {
            log.warn("Monitoring alert {} ({}) names no service of the catalogue and no CI linked to one; add a rule "
                    + "to the table EventService or a label service or ci", describe(name, ciLabel), alert.fingerprint());
            return new AlertResult(alert.fingerprint(), name, Outcome.UNROUTABLE, null, false);
        }
        if (problem.isEmpty()) {
            store.claimProblem(key, ciId, now);
        }
        if (failing.isPresent()) {
            String incidentId = failing.get().incidentId();
            store.pointProblem(key, incidentId);
            save(alert, classification, ciId, incidentId, Correlation.DEPENDENT, known.isPresent(), now);
            incidents.journal(incidentId, JournalKind.NOTE, "ALERT_CORRELATED", "Monitoring alert "
                    + describe(name, ciId) + " attached: " + ciId + " depends on " + failing.get().ciId()
                    + ", which is failing");
            return new AlertResult(alert.fingerprint(), name, Outcome.CORRELATED, incidentId, false);
        }
        NewIncident report = new NewIncident(title(alert, name, ciLabel), description(alert, ciLabel, ciId,
                classification), serviceId, ciId, classification.category(), Level.valueOf(classification.impact()),
                Level.valueOf(classification.urgency()), null);
        Incident incident = engineUser.asSystem(() -> incidents.report(report, caller));
        store.pointProblem(key, incident.id());
        save(alert, classification, ciId, incident.id(), Correlation.DIRECT, known.isPresent(), now);
        return new AlertResult(alert.fingerprint(), name, Outcome.OPENED, incident.id(), false);
    }

    private AlertResult cleared(Alert alert) {
        Instant now = now();
        String name = alert.label("alertname");
        Optional<StoredAlert> peek = store.lock(alert.fingerprint());
        if (peek.isEmpty() || peek.get().incidentId() == null) {
            return new AlertResult(alert.fingerprint(), name, Outcome.IGNORED, null, false);
        }
        String incidentId = peek.get().incidentId();
        List<StoredAlert> attached = store.lockAttachedTo(incidentId);
        StoredAlert stored = peek.get();
        Instant endsAt = instant(alert.endsAt(), now);
        if (stored.status() == AlertStatus.RESOLVED) {
            store.delivered(stored.fingerprint(), AlertStatus.RESOLVED, stored.endsAt(), now);
            return new AlertResult(alert.fingerprint(), name, Outcome.REPEATED, incidentId, false);
        }
        store.delivered(stored.fingerprint(), AlertStatus.RESOLVED, endsAt, now);
        long firing = attached.stream().filter(a -> a.status() == AlertStatus.FIRING
                && !a.fingerprint().equals(stored.fingerprint())).count();
        incidents.journal(incidentId, JournalKind.NOTE, "ALERT_RESOLVED", "Monitoring alert "
                + describe(name, stored.ciId()) + " cleared at " + endsAt + "; " + firing + " of " + attached.size()
                + " alerts of this incident still firing");
        if (firing > 0 || !open(incidentId)) {
            return new AlertResult(alert.fingerprint(), name, Outcome.RESOLVED, incidentId, false);
        }
        if (!attached.stream().allMatch(StoredAlert::resolveWhenCleared)) {
            incidents.journal(incidentId, JournalKind.NOTE, "ALERTS_CLEARED", "All monitoring alerts of this "
                    + "incident cleared; the table EventClassification asks a person to confirm the resolution");
            return new AlertResult(alert.fingerprint(), name, Outcome.RESOLVED, incidentId, false);
        }
        boolean resolved = work.resolve(incidentId, "All " + attached.size() + " monitoring alert"
                + (attached.size() == 1 ? "" : "s") + " of this incident cleared (last: " + name + " at " + endsAt + ")");
        if (!resolved) {
            incidents.journal(incidentId, JournalKind.NOTE, "ALERTS_CLEARED", "All monitoring alerts of this "
                    + "incident cleared; it is not at a step the monitoring may complete (major incident or waiting "
                    + "for the customer), so people resolve it");
        }
        return new AlertResult(alert.fingerprint(), name, Outcome.RESOLVED, incidentId, resolved);
    }

    /** A CI this one depends on (runs on, depends on, part of) with a firing alert attached to an open incident. */
    private Optional<Failing> failingDependency(String ciId) {
        Impact upstream = cmdb.impact(ciId, ImpactDirection.UPSTREAM, CORRELATION_DEPTH);
        // network connections run both ways: through them one failing switch would take in every alert of the site
        List<String> dependencies = upstream.affected().stream()
                .filter(ci -> ci.via() == null || ci.via().type() != RelationshipType.CONNECTED_TO)
                .map(Impact.ImpactedCi::id).toList();
        for (String incidentId : store.incidentsFiringOn(dependencies)) {
            if (open(incidentId)) {
                String failingCi = store.attachedTo(incidentId).stream()
                        .filter(a -> a.status() == AlertStatus.FIRING && dependencies.contains(a.ciId()))
                        .map(StoredAlert::ciId).findFirst().orElse(null);
                return Optional.of(new Failing(incidentId, failingCi));
            }
        }
        return Optional.empty();
    }

    private record Failing(String incidentId, String ciId) {
    }

    private String service(Classification classification, String ciId) {
        if (classification.serviceId() != null && catalog.find(classification.serviceId()).isPresent()) {
            return classification.serviceId();
        }
        return ciId == null ? null : cmdb.servicesOf(List.of(ciId)).stream().findFirst().orElse(null);
    }

    private void save(Alert alert, Classification classification, String ciId, String incidentId,
            Correlation correlation, boolean known, Instant now) {
        StoredAlert stored = new StoredAlert(0, alert.fingerprint(), alert.label("alertname"), ciId,
                classification.serviceId(), incidentId, correlation, AlertStatus.FIRING, 1, now, now,
                instant(alert.startsAt(), null), null, classification.resolveWhenCleared(),
                cut(alert.annotation("summary"), 1000), cut(alert.generatorURL(), 1000), labels(alert));
        if (known) {
            store.reattach(stored);
        } else {
            store.insert(stored);
        }
    }

    private boolean open(String incidentId) {
        return incidentId != null && OPEN.contains(incidents.require(incidentId).status());
    }

    private static String title(Alert alert, String name, String ciLabel) {
        String summary = alert.annotation("summary");
        return cut(summary != null ? summary : name + (ciLabel == null ? "" : " on " + ciLabel), 200);
    }

    private String description(Alert alert, String ciLabel, String ciId, Classification classification) {
        StringBuilder text = new StringBuilder();
        String description = alert.annotation("description");
        if (description != null) {
            text.append(description).append("\n\n");
        }
        text.append("Raised by a monitoring alert (Prometheus Alertmanager), fingerprint ").append(alert.fingerprint())
                .append(", started ").append(instant(alert.startsAt(), null)).append(".\n");
        if (ciLabel != null && ciId == null) {
            text.append("The alert names CI ").append(ciLabel).append(", which the CMDB does not know.\n");
        }
        text.append(classification.reason()).append("\nLabels: ").append(labels(alert));
        if (alert.generatorURL() != null) {
            text.append("\nSource: ").append(alert.generatorURL());
        }
        String runbook = alert.annotation("runbook_url");
        if (runbook != null) {
            text.append("\nRunbook: ").append(runbook);
        }
        return cut(text.toString(), 4000);
    }

    private String labels(Alert alert) {
        try {
            return cut(json.writeValueAsString(new TreeMap<>(alert.labels())), 4000);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String describe(String name, String ciId) {
        return name + (ciId == null ? "" : " on " + ciId);
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    /** Alertmanager sends 0001-01-01T00:00:00Z as "no time" (a firing alert's endsAt). */
    private static Instant instant(OffsetDateTime time, Instant fallback) {
        return time == null || time.getYear() < 1970 ? fallback : time.toInstant();
    }

    private static Instant now() {
        return ClockUtil.getCurrentTime().toInstant();
    }

    /**
     * Runs one alert's transaction again when it lost a race: a unique key taken by a concurrent delivery of the same
     * alert, a lock wait that ended in a deadlock or an engine optimistic-locking conflict.
     */
    private <T> T retrying(Supplier<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return work.get();
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS || !retryable(e)) {
                    throw e;
                }
                log.debug("Alert intake lost a race (attempt {}), retrying: {}", attempt, e.toString());
            }
        }
    }

    static boolean retryable(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof DuplicateKeyException || cause instanceof ConcurrencyFailureException
                    || cause instanceof OptimisticLockingException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().equals("23505") || sql.getSQLState().startsWith("40"))) {
                return true;
            }
        }
        return false;
    }

    /** Counts the outcomes of a delivery, in the order of {@link Outcome}. */
    static Map<Outcome, Long> count(List<AlertResult> results) {
        Map<Outcome, Long> counts = new TreeMap<>();
        results.forEach(r -> counts.merge(r.outcome(), 1L, Long::sum));
        return counts;
    }
}
