package org.itsmflow.incident;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import jakarta.validation.Validator;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.itsmflow.platform.EngineUser;
import org.itsmflow.cmdb.CmdbService;
import org.itsmflow.cmdb.ConfigurationItem;
import org.itsmflow.cmdb.ImpactDirection;
import org.itsmflow.platform.Directory;
import org.itsmflow.platform.InvalidFieldException;
import org.itsmflow.platform.LinkedRecords;
import org.itsmflow.platform.MailOutbox;
import org.itsmflow.platform.NotFoundException;
import org.itsmflow.satisfaction.SatisfactionService;
import org.itsmflow.servicelevel.BusinessService;
import org.itsmflow.servicelevel.ClockKind;
import org.itsmflow.servicelevel.ClockState;
import org.itsmflow.servicelevel.OutageService;
import org.itsmflow.servicelevel.ServiceCatalog;
import org.itsmflow.servicelevel.SlaClockService;
import org.itsmflow.servicelevel.SlaClockView;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Incident management (ISO/IEC 20000-1 clause 8.2): records incidents (R-8.2a), keeps the decisions that
 * prioritised and routed them (R-8.2b) and a journal of every state change. The process
 * {@code bpmn/IncidentManagement.bpmn} calls this service through thin delegates; the REST API calls it too.
 * "Now" is the engine clock, so process tests that move the clock move the records with it.
 */
@Service
public class IncidentService {

    public static final String PROCESS_KEY = "IncidentManagement";
    static final String RECORD_TYPE = "INCIDENT";
    /** How far an outage propagates through the CMDB to find the services that depend on a failed CI. */
    static final int OUTAGE_DEPTH = 5;

    private final IncidentStore store;
    private final ServiceCatalog catalog;
    private final CmdbService cmdb;
    private final SlaClockService slaClocks;
    private final RuntimeService runtime;
    private final EngineUser engineUser;
    private final MailOutbox mails;
    private final Validator validator;
    private final PriorityDecision priorities;
    private final OutageService outages;
    private final ApplicationEventPublisher events;
    private final SatisfactionService surveys;
    private final Directory directory;
    private final LinkedRecords links;

    IncidentService(IncidentStore store, ServiceCatalog catalog, CmdbService cmdb, SlaClockService slaClocks,
            RuntimeService runtime, Validator validator, PriorityDecision priorities,
            OutageService outages, ApplicationEventPublisher events, SatisfactionService surveys, Directory directory,
            EngineUser engineUser, MailOutbox mails, LinkedRecords links) {
        this.links = links;
        this.mails = mails;
        this.engineUser = engineUser;
        this.directory = directory;
        this.events = events;
        this.surveys = surveys;
        this.outages = outages;
        this.priorities = priorities;
        this.validator = validator;
        this.store = store;
        this.catalog = catalog;
        this.cmdb = cmdb;
        this.slaClocks = slaClocks;
        this.runtime = runtime;
    }

    /**
     * Records a reported incident and starts its process in one transaction: either both exist afterwards or
     * neither does. The process runs synchronously through prioritisation, routing and the SLA clock, so the
     * returned record already carries its priority, group and due times.
     *
     * @param caller the authenticated user reporting it (the reporter unless {@code reportedBy} names someone else,
     *        who must then be a known user)
     */
    @Transactional
    public Incident report(NewIncident incident, String caller) {
        return require(record(incident, caller));
    }

    /**
     * {@link #report} answered as {@code POST /api/incidents} shows it: the record with its decisions, SLA clocks and
     * journal, read in the recording transaction (one connection, and the record is not read twice).
     */
    @Transactional
    public IncidentView reportAndView(NewIncident incident, String caller) {
        return view(record(incident, caller));
    }

    private String record(NewIncident incident, String caller) {
        String reporter = incident.reportedBy() == null || incident.reportedBy().isBlank() ? caller : incident.reportedBy();
        // the caller is an authenticated user: only someone else named as reporter must be looked up
        ConfigurationItem ci = validate(incident, reporter, !reporter.equals(caller));
        String id = store.nextId();
        Instant now = now();
        store.insert(id, incident, ci == null ? null : ci.typeId(), reporter, now);
        store.journal(id, caller, JournalKind.STATUS, IncidentStatus.NEW.name(), "Incident recorded", now);
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put(IncidentVariables.INCIDENT_ID, id);
        variables.putAll(IncidentVariables.routing(incident.serviceId(), incident.ciId(), ci == null ? null : ci.typeId(),
                incident.category(), incident.impact().name(), incident.urgency().name(), reporter));
        ProcessInstance instance = runtime.startProcessInstanceByKey(PROCESS_KEY, id, variables);
        store.setProcessInstance(id, instance.getId());
        events.publishEvent(new IncidentRecorded(id, incident.serviceId(), incident.ciId(), incident.category(), now));
        return id;
    }

    /**
     * Records an incident whose process was started from Tasklist's start form: the form's fields are the
     * process's variables. Returns the new id; invalid input fails the start with a message naming the field.
     */
    @Transactional
    public Incident recordFromStartForm(NewIncident incident, String processInstanceId) {
        validator.validate(incident).stream().findFirst().ifPresent(violation -> {
            throw new InvalidFieldException(violation.getPropertyPath().toString(), violation.getMessage());
        });
        ConfigurationItem ci = validate(incident, incident.reportedBy(), true);
        String id = store.nextId();
        Instant now = now();
        store.insert(id, incident, ci == null ? null : ci.typeId(), incident.reportedBy(), now);
        store.journal(id, incident.reportedBy(), JournalKind.STATUS, IncidentStatus.NEW.name(),
                "Incident recorded from Tasklist", now);
        store.setProcessInstance(id, processInstanceId);
        events.publishEvent(new IncidentRecorded(id, incident.serviceId(), incident.ciId(), incident.category(), now));
        return require(id);
    }

    private ConfigurationItem validate(NewIncident incident, String reporter, boolean lookUpReporter) {
        BusinessService service = catalog.require(incident.serviceId(), "serviceId");
        if (service.status() != null && !"ACTIVE".equals(service.status().name())) {
            throw new InvalidFieldException("serviceId", "names a retired service");
        }
        if (lookUpReporter && !directory.userExists(reporter)) {
            throw new InvalidFieldException("reportedBy", "is not a known user");
        }
        if (incident.ciId() == null || incident.ciId().isBlank()) {
            return null;
        }
        return cmdb.require(incident.ciId(), "ciId");
    }

    /**
     * Incidents reported in [from, to) on one service, or on every service when {@code serviceId} is null, oldest
     * first: the workload and security-incident figures of the service reports (R-6.2, R-10.1i).
     */
    @Transactional(readOnly = true)
    public List<Incident> reportedBetween(String serviceId, Instant from, Instant to) {
        return store.reportedBetween(serviceId, from, to);
    }

    /**
     * Incidents with work outstanding (NEW, IN_PROGRESS, PENDING_CUSTOMER) per priority ({@code P1}…, or
     * {@code none} before prioritisation), for the managers' metrics.
     */
    @Transactional(readOnly = true)
    public java.util.Map<String, Long> openByPriority() {
        return store.countByPriority(java.util.List.of(IncidentStatus.NEW.name(), IncidentStatus.IN_PROGRESS.name(),
                IncidentStatus.PENDING_CUSTOMER.name()));
    }

    public Incident require(String id) {
        return store.find(id).orElseThrow(() -> new NotFoundException("Incident", id));
    }

    /**
     * Incidents recorded on any of these CIs in [from, to), oldest first: release management counts them in the
     * period after a release (R-10.1i).
     */
    @Transactional(readOnly = true)
    public List<Incident> reportedOn(java.util.Collection<String> ciIds, Instant from, Instant to) {
        return store.reportedOn(ciIds == null ? List.of() : List.copyOf(ciIds), from, to);
    }

    /** Incidents on any of these CIs that are not yet resolved (release health checks, R-10.1h). */
    @Transactional(readOnly = true)
    public List<Incident> openOn(java.util.Collection<String> ciIds) {
        return store.openOn(ciIds == null ? List.of() : List.copyOf(ciIds));
    }

    /** The incident with its decisions, SLA clocks, journal and mails ({@code GET /api/incidents/{id}}). */
    public IncidentView view(String id) {
        Incident incident = require(id);
        return new IncidentView(incident, slaClocks.status(id, now()), store.decisions(id), store.journal(id),
                mails.about(id), links.of(id));
    }

    /** The incident's SLA clocks as at now (RESPONSE first). */
    List<SlaClockView> clocks(String id) {
        return slaClocks.status(id, now());
    }

    /** Records the IncidentPriority decision on the incident: the priority and why (R-8.2b). */
    @Transactional
    public void applyPriority(String id, Map<String, Object> inputs, Map<String, Object> outputs, Integer version,
            String actor) {
        String priority = (String) outputs.get("priority");
        String reason = (String) outputs.get("priorityReason");
        store.setPriority(id, (String) inputs.get("impact"), (String) inputs.get("urgency"), priority, reason, now());
        store.insertDecision(id, "IncidentPriority", version, text(inputs), text(outputs), reason, actor, now());
    }

    /** Records the IncidentClassification decision: assignment group, security and major flags (R-6.6b, R-8.2e). */
    @Transactional
    public void applyClassification(String id, Map<String, Object> inputs, Map<String, Object> outputs,
            Integer version, String actor) {
        Incident incident = require(id);
        String reason = (String) outputs.get("classificationReason");
        store.setClassification(id, incident.category(), (String) outputs.get("assignmentGroup"),
                Boolean.TRUE.equals(outputs.get("securityIncident")), Boolean.TRUE.equals(outputs.get("majorIncident")),
                reason, now());
        store.insertDecision(id, "IncidentClassification", version, text(inputs), text(outputs), reason, actor, now());
        recordOutage(require(id));
    }

    /**
     * A high-impact incident on a CI means the CI is down: every service depending on it (and the incident's own
     * service) is recorded as unavailable until the incident is resolved (R-6.3a).
     */
    private void recordOutage(Incident incident) {
        if (incident.ciId() == null || !"HIGH".equals(incident.impact())) {
            return;
        }
        java.util.Set<String> services = new java.util.LinkedHashSet<>();
        services.add(incident.serviceId());
        services.addAll(cmdb.impact(incident.ciId(), ImpactDirection.DOWNSTREAM, OUTAGE_DEPTH).services());
        outages.start(incident.id(), incident.ciId(), services, now());
    }

    /** Opens the response and resolution clocks from the service's SLA (R-6.1d). */
    @Transactional
    public List<SlaClockView> startSla(String id) {
        Incident incident = require(id);
        return slaClocks.start(id, RECORD_TYPE, incident.serviceId(), incident.priority(), now());
    }

    /** The assigned person asks the customer for information: the SLA clocks stop running (R-8.2b updating). */
    @Transactional
    public void waitForCustomer(String id, String question) {
        slaClocks.pause(id, now());
        store.setStatus(id, IncidentStatus.PENDING_CUSTOMER, now());
        store.journal(id, engineUser.actor(), JournalKind.STATUS, IncidentStatus.PENDING_CUSTOMER.name(),
                question == null ? "Waiting for the customer" : question, now());
    }

    /** The customer answered: the clocks run again; returns them with their moved due times. */
    @Transactional
    public List<SlaClockView> customerAnswered(String id, String answer) {
        List<SlaClockView> clocks = slaClocks.resume(id, now());
        store.setStatus(id, IncidentStatus.IN_PROGRESS, now());
        store.journal(id, engineUser.actor(), JournalKind.STATUS, IncidentStatus.IN_PROGRESS.name(),
                answer == null ? "The customer answered" : "The customer answered: " + answer, now());
        return running(clocks);
    }

    /**
     * A due-time timer fired: the breach is recorded (R-6.1d) and journalled, once per clock. The timer fires again
     * whenever the incident re-enters the task it is attached to after the due time (reassigned, reopened); the
     * breach record was idempotent already, the journal entry is now too.
     */
    @Transactional
    public void recordBreach(String id, ClockKind kind) {
        recordBreach(id, kind, !store.hasJournalEntry(id, "BREACH_" + kind.name()));
    }

    private void recordBreach(String id, ClockKind kind, boolean first) {
        slaClocks.recordBreach(id, kind, now(), "The " + kind.name().toLowerCase() + " target was missed", "system");
        if (first) {
            store.journal(id, "system", JournalKind.ESCALATION, "BREACH_" + kind.name(),
                    "The " + kind.name().toLowerCase() + " target was missed", now());
        }
    }

    /** Whether the breach of the incident's {@code kind} target was escalated already (R-6.1d, R-8.2c). */
    public boolean escalated(String id, ClockKind kind) {
        return store.hasJournalEntry(id, "ESCALATED_" + kind.name());
    }

    /**
     * Records the escalation of a missed target (R-6.1d, R-8.2b), once per clock: journal entry
     * {@code ESCALATED_<kind>}. Runs in the timer's transaction, so the escalation exists exactly when the breach
     * does; the e-mail about it is sent afterwards by its own asynchronous step.
     *
     * @param nextLine the support line the incident was escalated to, or null
     * @return whether this call recorded it (false: escalated before)
     */
    @Transactional
    public boolean recordEscalation(String id, ClockKind kind, String nextLine) {
        return recordEscalation(id, kind, nextLine, !escalated(id, kind));
    }

    private boolean recordEscalation(String id, ClockKind kind, String nextLine, boolean first) {
        if (!first) {
            return false;
        }
        String what = kind == ClockKind.RESPONSE ? "Not responded to in time" : "Not resolved in time";
        store.journal(id, "system", JournalKind.ESCALATION, "ESCALATED_" + kind.name(), what + "; escalated to the "
                + "service owners" + (nextLine == null ? "" : " and the next support line " + nextLine), now());
        return true;
    }

    /**
     * What a "target missed" timer records in its transaction (R-6.1d, R-8.2b): for the response target the breach
     * ({@link #recordBreach}; the resolution breach has a step of its own before), then the escalation
     * ({@link #recordEscalation}), each once. The journal is read once for both (issue 9: fewer statements per
     * escalation in a burst of due timers).
     *
     * @return whether this call recorded the escalation (false: escalated before)
     */
    @Transactional
    public boolean escalate(String id, ClockKind kind, String nextLine) {
        java.util.Set<String> codes = store.journalCodes(id, "BREACH_" + kind.name(), "ESCALATED_" + kind.name());
        if (kind == ClockKind.RESPONSE) {
            recordBreach(id, kind, !codes.contains("BREACH_" + kind.name()));
        }
        return recordEscalation(id, kind, nextLine, !codes.contains("ESCALATED_" + kind.name()));
    }

    /** Whether the incident's journal has an entry with this code. */
    boolean journalled(String id, String code) {
        return store.hasJournalEntry(id, code);
    }

    /** The journal entries of the incident with this code, oldest first. */
    List<JournalEntry> journalEntries(String id, String code) {
        return store.journal(id).stream().filter(e -> code.equals(e.code())).toList();
    }

    /** Journal code of the known errors a triage task showed and the one applied (R-8.2d). */
    static final String KNOWN_ERRORS_AT_TRIAGE = "KNOWN_ERRORS_AT_TRIAGE";

    /**
     * Records what the triage task showed (R-8.2d): the known errors matched for the incident's CI, service and
     * category, and the one the handler applied, which must be one of them ({@code knownErrorApplied}).
     */
    @Transactional
    public void recordKnownErrorsAtTriage(String id, List<String> shown, String applied) {
        if (applied != null && !shown.contains(applied)) {
            throw new org.itsmflow.platform.InvalidFieldException("knownErrorApplied",
                    "must be one of the known errors shown: " + (shown.isEmpty() ? "none" : String.join(", ", shown)));
        }
        Instant now = now();
        store.setKnownErrorsAtTriage(id, shown.isEmpty() ? null : String.join(",", shown), applied, now);
        store.journal(id, engineUser.actor(), JournalKind.NOTE, KNOWN_ERRORS_AT_TRIAGE, "Known errors shown at triage: "
                + (shown.isEmpty() ? "none" : String.join(", ", shown)) + "; applied: "
                + (applied == null ? "none" : applied), now);
    }

    /**
     * The service desk confirmed or corrected the classification (R-8.2b). A changed impact or urgency is
     * prioritised again by the IncidentPriority table and the SLA clocks are retargeted; the response clock stops.
     *
     * @return the running clocks, with due times that may have moved
     */
    @Transactional
    public List<SlaClockView> triage(String id, Triage triage) {
        Incident incident = require(id);
        Instant now = now();
        String actor = engineUser.actor();
        boolean reprioritise = !incident.impact().equals(triage.impact()) || !incident.urgency().equals(triage.urgency());
        if (reprioritise) {
            Map<String, Object> inputs = Map.of("impact", triage.impact(), "urgency", triage.urgency());
            Map<String, Object> outputs = priorities.decide(triage.impact(), triage.urgency());
            store.setPriority(id, triage.impact(), triage.urgency(), (String) outputs.get("priority"),
                    (String) outputs.get("priorityReason"), now);
            store.insertDecision(id, "IncidentPriority", null, text(inputs), text(outputs),
                    "Re-prioritised at triage: " + outputs.get("priorityReason"), actor, now);
        }
        if (!incident.category().equals(triage.category()) || !Objects.equals(incident.assignmentGroup(),
                triage.assignmentGroup())) {
            store.setClassification(id, triage.category(), triage.assignmentGroup(), incident.securityIncident(),
                    incident.majorIncident(), "Corrected at triage by " + actor, now);
            store.insertDecision(id, "TRIAGE", null,
                    text(Map.of("category", incident.category(), "assignmentGroup", String.valueOf(incident.assignmentGroup()))),
                    text(Map.of("category", triage.category(), "assignmentGroup", triage.assignmentGroup())),
                    triage.note() == null ? "Corrected at triage" : triage.note(), actor, now);
        }
        List<SlaClockView> clocks = reprioritise ? slaClocks.retarget(id, require(id).priority(), now)
                : slaClocks.status(id, now);
        stopIfRunning(id, ClockKind.RESPONSE, now);
        store.setStatus(id, IncidentStatus.IN_PROGRESS, now);
        store.journal(id, actor, JournalKind.STATUS, IncidentStatus.IN_PROGRESS.name(),
                reprioritise ? "Triaged and re-prioritised to " + require(id).priority() : "Triaged", now);
        return running(clocks);
    }

    /** The group working the incident hands it to another group. */
    @Transactional
    public void reassign(String id, String group, String note) {
        store.setAssignmentGroup(id, group, now());
        store.journal(id, engineUser.actor(), JournalKind.NOTE, "REASSIGNED", "Reassigned to " + group
                + (note == null ? "" : ": " + note), now());
    }

    /** A major incident is declared: the major-incident manager takes over and is the first response (R-8.2e). */
    @Transactional
    public void declareMajor(String id) {
        stopIfRunning(id, ClockKind.RESPONSE, now());
        store.setStatus(id, IncidentStatus.IN_PROGRESS, now());
        store.journal(id, "system", JournalKind.ESCALATION, "MAJOR_INCIDENT",
                "Declared a major incident; the major-incident managers coordinate it", now());
    }

    /**
     * The incident is resolved. The resolution clock is held, not stopped: the customer may still reopen the
     * incident, and then it runs on; closure stops it.
     */
    @Transactional
    public void resolve(String id, String note) {
        Instant now = now();
        stopIfRunning(id, ClockKind.RESPONSE, now);
        slaClocks.status(id, now).stream()
                .filter(c -> c.kind() == ClockKind.RESOLUTION && c.state() == ClockState.RUNNING)
                .findFirst().ifPresent(c -> slaClocks.pause(id, now));
        store.setResolved(id, note, now);
        outages.end(id, now);
        store.journal(id, engineUser.actor(), JournalKind.STATUS, IncidentStatus.RESOLVED.name(),
                note == null ? "Resolved" : "Resolved: " + note, now);
    }

    /** The customer says the incident is not resolved: work resumes and the resolution clock runs again. */
    @Transactional
    public List<SlaClockView> reopen(String id, String comment) {
        Instant now = now();
        store.setReopened(id, now);
        recordOutage(require(id));
        store.journal(id, engineUser.actor(), JournalKind.STATUS, "REOPENED",
                comment == null ? "Reopened by the customer" : "Reopened by the customer: " + comment, now);
        return running(slaClocks.resume(id, now));
    }

    /** The customer did not answer in time: the resolution stands and the incident goes on to closure. */
    @Transactional
    public void confirmationTimedOut(String id) {
        store.journal(id, "system", JournalKind.NOTE, "AUTO_CONFIRMED",
                "The customer did not answer within the waiting period; the resolution is taken as confirmed", now());
    }

    /** Formal closure (R-8.2b): every clock stops, and the customer is invited to a satisfaction survey (R-7.2e). */
    @Transactional
    public void close(String id, String code, String note) {
        Instant now = now();
        for (SlaClockView clock : slaClocks.status(id, now)) {
            if (clock.state() != ClockState.STOPPED) {
                slaClocks.stop(id, clock.kind(), now);
            }
        }
        store.setClosed(id, code, note, now);
        Incident incident = require(id);
        surveys.invite(id, incident.title(), incident.serviceId(), incident.reportedBy());
        store.journal(id, engineUser.actor(), JournalKind.STATUS, IncidentStatus.CLOSED.name(),
                "Closed" + (code == null ? "" : " (" + code + ")") + (note == null ? "" : ": " + note), now);
    }

    /** Journals something the process did about the incident (a notification sent, an escalation). */
    @Transactional
    public void journal(String id, JournalKind kind, String code, String text) {
        store.journal(id, engineUser.actor(), kind, code, text, now());
    }

    private void stopIfRunning(String id, ClockKind kind, Instant now) {
        slaClocks.status(id, now).stream().filter(c -> c.kind() == kind && c.state() != ClockState.STOPPED)
                .findFirst().ifPresent(c -> slaClocks.stop(id, kind, now));
    }

    private static List<SlaClockView> running(List<SlaClockView> clocks) {
        return clocks.stream().filter(c -> c.state() != ClockState.STOPPED).toList();
    }


    static Instant now() {
        return ClockUtil.getCurrentTime().toInstant();
    }

    private static String text(Map<String, Object> values) {
        return values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", ", "{", "}"));
    }
}
