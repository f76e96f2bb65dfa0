package org.itsmflow.problem;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.validation.Validator;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.Variables;
import org.itsmflow.platform.EngineUser;
import org.itsmflow.change.Change;
import org.itsmflow.change.ChangeService;
import org.itsmflow.change.ChangeStatus;
import org.itsmflow.change.NewChange;
import org.itsmflow.cmdb.CmdbService;
import org.itsmflow.incident.IncidentRecorded;
import org.itsmflow.incident.IncidentService;
import org.itsmflow.improvement.ImprovementItem;
import org.itsmflow.improvement.ImprovementRegister;
import org.itsmflow.platform.InvalidFieldException;
import org.itsmflow.platform.NotFoundException;
import org.itsmflow.servicelevel.ServiceCatalog;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Problem management (ISO/IEC 20000-1 clause 8.3): records problems raised by hand or by trend analysis of incidents
 * (R-8.3a, R-8.3c), their priority (R-8.3b), known errors as soon as the cause is known (R-8.3f), the RFC for the
 * permanent fix (R-8.3d), and the effectiveness review that closes or reopens them (R-8.3e). The process
 * {@code bpmn/ProblemManagement.bpmn} calls it through thin delegates; the REST API calls it too. "Now" is the
 * engine clock.
 */
@Service
public class ProblemService {

    public static final String PROCESS_KEY = "ProblemManagement";
    static final String TRIGGER_DECISION = "ProblemTrigger";

    private final ProblemStore store;
    private final KnownErrorService knownErrors;
    private final ServiceCatalog catalog;
    private final CmdbService cmdb;
    private final IncidentService incidents;
    private final ChangeService changes;
    private final RuntimeService runtime;
    private final DecisionService decisions;
    private final IdentityService identity;
    private final EngineUser engineUser;
    private final Validator validator;
    private final ImprovementRegister improvements;
    private final String watchPeriod;

    ProblemService(ProblemStore store, KnownErrorService knownErrors, ServiceCatalog catalog, CmdbService cmdb,
            IncidentService incidents, ChangeService changes, RuntimeService runtime, DecisionService decisions,
            IdentityService identity, Validator validator, ImprovementRegister improvements,
            @Value("${itsm.problem.watch-period:" + ProblemVariables.DEFAULT_WATCH_PERIOD + "}") String watchPeriod, EngineUser engineUser) {
        this.engineUser = engineUser;
        this.store = store;
        this.knownErrors = knownErrors;
        this.catalog = catalog;
        this.cmdb = cmdb;
        this.incidents = incidents;
        this.changes = changes;
        this.runtime = runtime;
        this.decisions = decisions;
        this.identity = identity;
        this.validator = validator;
        this.improvements = improvements;
        this.watchPeriod = Duration.parse(watchPeriod).toString();
    }

    // --- raising (R-8.3a, R-8.3c) ------------------------------------------------------------------------------

    /**
     * Records a problem raised by hand and starts its process in one transaction. The process continues
     * asynchronously (prioritisation, then the investigation task).
     */
    @Transactional
    public Problem raise(NewProblem problem, String caller) {
        String id = record(problem, "MANUAL", caller, "Problem raised by " + caller);
        start(id);
        return require(id);
    }

    /** Records a problem whose process was started from Tasklist's start form. */
    @Transactional
    public Problem recordFromStartForm(NewProblem problem, String raisedBy, String processInstanceId) {
        validator.validate(problem).stream().findFirst().ifPresent(violation -> {
            throw new InvalidFieldException(violation.getPropertyPath().toString(), violation.getMessage());
        });
        String id = record(problem, "MANUAL", raisedBy == null ? "system" : raisedBy,
                "Problem raised in Tasklist by " + raisedBy);
        store.setProcessInstance(id, processInstanceId);
        return require(id);
    }

    private String record(NewProblem problem, String source, String raisedBy, String how) {
        catalog.require(problem.serviceId(), "serviceId");
        if (problem.ciId() != null && !problem.ciId().isBlank()) {
            cmdb.require(problem.ciId().trim(), "ciId");
        }
        List<String> linked = problem.incidentIds() == null ? List.of()
                : problem.incidentIds().stream().map(String::trim).distinct().toList();
        for (String incidentId : linked) {
            try {
                incidents.require(incidentId);
            } catch (NotFoundException e) {
                throw new InvalidFieldException("incidentIds", "names an unknown incident " + incidentId);
            }
        }
        String id = store.nextId();
        Instant now = now();
        store.insert(id, problem, source, raisedBy, now);
        for (String incidentId : linked) {
            store.link(id, incidentId, now);
        }
        store.journal(id, raisedBy, ProblemStatus.NEW.name(), how, now);
        return id;
    }

    private void start(String id) {
        ProcessInstance instance = runtime.startProcessInstanceByKey(PROCESS_KEY, id, startVariables(require(id)));
        store.setProcessInstance(id, instance.getId());
    }

    /** The variables the process starts with: the ProblemPriority inputs and the watch period. */
    Map<String, Object> startVariables(Problem problem) {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put(ProblemVariables.PROBLEM_ID, problem.id());
        variables.put(ProblemVariables.IMPACT, problem.impact());
        variables.put(ProblemVariables.URGENCY, problem.urgency());
        variables.put(ProblemVariables.CATEGORY, problem.category());
        variables.put(ProblemVariables.INCIDENT_COUNT, problem.incidentIds().size());
        variables.put(ProblemVariables.WATCH_PERIOD, watchPeriod);
        return variables;
    }

    /**
     * Trend analysis (R-8.3c), on every recorded incident, inside the transaction that records it: the incident is
     * kept as a signal; it is linked to an open problem on its CI (or a service-wide one) for its category; else, when
     * the {@code ProblemTrigger} thresholds are reached on its CI or on its service, a problem is raised linking the
     * incidents counted. Runs as the system: the reporter needs no right to start problems.
     */
    @EventListener
    @Transactional
    public void incidentRecorded(IncidentRecorded event) {
        String ciId = ProblemStore.blankToNull(event.ciId());
        String category = event.category();
        store.insertSignal(event.incidentId(), event.serviceId(), ciId, category, event.at());
        engineUser.asSystem(() -> detectTrend(event, ciId, category));
    }

    private void detectTrend(IncidentRecorded event, String ciId, String category) {
        Instant at = event.at();
        var open = ciId == null ? java.util.Optional.<String>empty() : store.openProblemOnCi(ciId, category);
        if (open.isEmpty()) {
            open = store.openProblemOnService(event.serviceId(), category);
        }
        if (open.isPresent()) {
            if (store.link(open.get(), event.incidentId(), at)) {
                store.journal(open.get(), "system", "INCIDENT_LINKED", event.incidentId() + " of the same category "
                        + "recorded on " + (ciId == null ? event.serviceId() : ciId), at);
            }
            return;
        }
        if (ciId != null && raiseIfTrend("ci_id", ciId, event.serviceId(), ciId, category, "CI", at)) {
            return;
        }
        raiseIfTrend("service_id", event.serviceId(), event.serviceId(), null, category, "SERVICE", at);
    }

    private boolean raiseIfTrend(String column, String value, String serviceId, String ciId, String category,
            String scope, Instant at) {
        Map<String, Object> rule = decisions.evaluateDecisionTableByKey(TRIGGER_DECISION,
                Variables.createVariables().putValue("category", category).putValue("scope", scope)).getFirstResult();
        if (rule == null) {
            return false;
        }
        int threshold = ((Number) rule.get("threshold")).intValue();
        long windowHours = ((Number) rule.get("windowHours")).longValue();
        List<String> signals = store.signals(column, value, category, at.minus(Duration.ofHours(windowHours)), at);
        if (signals.size() < threshold) {
            return false;
        }
        String where = ciId == null ? "service " + serviceId : ciId;
        NewProblem problem = new NewProblem("Recurring " + category + " incidents on " + where,
                signals.size() + " incidents of category " + category + " on " + where + " within " + windowHours
                        + " hours: " + String.join(", ", signals),
                serviceId, ciId, category, "MEDIUM", "MEDIUM", signals);
        String id = record(problem, "TREND", "system", "Raised by trend analysis: " + rule.get("triggerReason")
                + " (" + TRIGGER_DECISION + ")");
        start(id);
        return true;
    }

    // --- the process's steps -----------------------------------------------------------------------------------

    /** Records the ProblemPriority decision (R-8.3b). */
    @Transactional
    public void applyPriority(String id, String priority, String reason, String group) {
        store.setPriority(id, priority, reason, group, now());
        store.journal(id, "ProblemPriority", "PRIORITISED", priority + " (" + reason + "), investigated by " + group,
                now());
    }

    /** The cause is known: the known error with its workaround is recorded at once (R-8.3f). */
    @Transactional
    public String recordKnownError(String id, String rootCause, String symptoms, String workaround) {
        Problem problem = require(id);
        String knownErrorId = knownErrors.record(id, problem.knownErrorId(), problem.title(), symptoms, rootCause,
                workaround, problem.ciId(), problem.serviceId(), problem.category(), now());
        store.setRootCause(id, rootCause, knownErrorId, now());
        store.journal(id, engineUser.actor(), "KNOWN_ERROR", "Root cause known; known error " + knownErrorId
                + " recorded with its workaround", now());
        return knownErrorId;
    }

    /** Raises the RFC for the permanent fix through change management (R-8.3d). */
    @Transactional
    public Change raiseFix(String id, NewChange rfc, String requester) {
        Change change = changes.raise(rfc, requester);
        store.setChange(id, change.id(), now());
        store.journal(id, requester, "RFC_RAISED", "Permanent fix requested as " + change.id(), now());
        return change;
    }

    /** FIXED when the change is implemented, FAILED when rejected, failed or backed out, PENDING otherwise. */
    @Transactional(readOnly = true)
    public String fixStatus(String id) {
        Change change = changes.require(require(id).changeId());
        ChangeStatus status = change.status();
        if (status == ChangeStatus.IMPLEMENTED
                || status == ChangeStatus.CLOSED && change.implementedAt() != null && change.backoutNote() == null) {
            return "FIXED";
        }
        if (status == ChangeStatus.REJECTED || status == ChangeStatus.FAILED || status == ChangeStatus.BACKED_OUT
                || status == ChangeStatus.CLOSED) {
            return "FAILED";
        }
        return "PENDING";
    }

    /** The fix failed or was rejected: the problem waits for a new plan. */
    @Transactional
    public void fixFailed(String id) {
        store.setStatus(id, ProblemStatus.KNOWN_ERROR, now());
        store.journal(id, "system", "FIX_FAILED", "Change " + require(id).changeId()
                + " was not implemented; a new fix is to be planned", now());
    }

    /** The fix is implemented: the known error is fixed and the watch period starts (R-8.3e). */
    @Transactional
    public void startWatch(String id, String period) {
        Problem problem = require(id);
        store.setFixed(id, now());
        if (problem.knownErrorId() != null) {
            knownErrors.markFixed(problem.knownErrorId(), now());
        }
        store.journal(id, "system", ProblemStatus.WATCHING.name(), "Change " + problem.changeId()
                + " implemented; watching for recurrence for " + period, now());
    }

    /** Incidents of the problem's category on its CI (or its service) recorded since the fix (R-8.3e). */
    @Transactional(readOnly = true)
    public List<String> recurrences(String id) {
        Problem problem = require(id);
        Instant since = problem.fixedAt() == null ? problem.raisedAt() : problem.fixedAt();
        return problem.ciId() != null
                ? store.signals("ci_id", problem.ciId(), problem.category(), since.plusMillis(1), now())
                : store.signals("service_id", problem.serviceId(), problem.category(), since.plusMillis(1), now());
    }

    /** Recurrence in the watch period: the problem is reopened with the new incidents linked (R-8.3e). */
    @Transactional
    public void reopen(String id, List<String> recurred) {
        for (String incidentId : recurred) {
            store.link(id, incidentId, now());
        }
        store.setReopened(id, now());
        store.journal(id, "system", ProblemStatus.REOPENED.name(), "Recurred after the fix: "
                + String.join(", ", recurred), now());
    }

    /** No recurrence: the problem is closed and an improvement item recorded (R-8.3e). */
    @Transactional
    public void close(String id) {
        Problem problem = require(id);
        store.setClosed(id, now());
        ImprovementItem item = improvements.add("PROBLEM_REVIEW", id, "Prevent recurrence: " + problem.title(),
                "Root cause: " + problem.rootCause() + ". Fixed by " + problem.changeId() + "; no recurrence in the "
                        + "watch period. Check similar CIs and services for the same cause.",
                improvementPriority(problem.priority()));
        store.journal(id, "system", ProblemStatus.CLOSED.name(), "No recurrence in the watch period; closed; "
                + "improvement item " + item.id() + " recorded (R-4.4)", now());
    }

    /** P1/P2 problems make high-priority improvements, P3 medium, P4 low. */
    static String improvementPriority(String problemPriority) {
        if (problemPriority == null) {
            return "LOW";
        }
        return switch (problemPriority) {
            case "P1", "P2" -> "HIGH";
            case "P3" -> "MEDIUM";
            default -> "LOW";
        };
    }

    // --- reading -----------------------------------------------------------------------------------------------

    public Problem require(String id) {
        return store.find(id).orElseThrow(() -> new NotFoundException("Problem", id));
    }

    /**
     * Problems raised or closed in [from, to), of one service or of all (serviceId null): problem resolution
     * effectiveness in the service reports (R-8.3e).
     */
    @Transactional(readOnly = true)
    public List<Problem> activeBetween(String serviceId, Instant from, Instant to) {
        return store.activeBetween(serviceId, from, to);
    }

    public List<Problem> list(ProblemStatus status) {
        return store.list(status);
    }

    public List<ProblemJournalEntry> journal(String id) {
        require(id);
        return store.journal(id);
    }


    static Instant now() {
        return ClockUtil.getCurrentTime().toInstant();
    }

    static NewChange fixRequest(Problem problem, String title, String changeType, String urgency, List<String> cis,
            Instant start, Instant end, String plan, String backout) {
        return new NewChange(title, "Permanent fix for problem " + problem.id() + ": " + problem.title(),
                "Problem " + problem.id() + ", root cause: " + problem.rootCause(),
                org.itsmflow.change.ChangeType.valueOf(changeType), org.itsmflow.change.ChangeUrgency.valueOf(urgency),
                cis, start, end, plan, backout, BigDecimal.ZERO,
                "Removes the cause of " + problem.incidentIds().size() + " incident(s)", null, null);
    }
}
