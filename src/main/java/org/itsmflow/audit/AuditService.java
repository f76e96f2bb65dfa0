package org.itsmflow.audit;

import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.itsmflow.improvement.ImprovementItem;
import org.itsmflow.improvement.ImprovementRegister;
import org.itsmflow.platform.EngineUser;
import org.itsmflow.platform.InvalidFieldException;
import org.itsmflow.platform.NotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Internal audit (ISO/IEC 20000-1 R-4.3a, R-4.3b) and configuration audit (R-9.1i): the audit programme — process
 * areas audited against criteria, by a method, at a frequency —, the audits it makes due (started by the daily
 * programme check {@code bpmn/AuditProgrammeCheck.bpmn}, or by hand), their findings and reports. Every finding's
 * corrective action is an item of the service improvement register (R-4.4). A lead auditor who took part in the
 * audited work in the audited period ({@link OwnWork}) is refused (R-4.3b). "Now" is the engine clock.
 */
@Service
public class AuditService {

    public static final String INTERNAL_AUDIT = "InternalAudit";
    public static final String CONFIGURATION_AUDIT = "ConfigurationAudit";
    /** The daily timer process that starts the audits the programme makes due. */
    public static final String PROGRAMME_CHECK = "AuditProgrammeCheck";
    /** Frequencies from a month to five years. */
    static final Period MIN_FREQUENCY = Period.ofMonths(1);
    static final Period MAX_FREQUENCY = Period.ofYears(5);
    /** A finding line: severity, optionally a requirement id, then what was found. */
    static final Pattern FINDING = Pattern.compile(
            "(?i)^\\s*(MAJOR|MINOR|OBSERVATION)\\s*[:|\\-]?\\s*(R-\\d+(?:\\.\\d+)*[a-z]?)?\\s*[:|\\-]?\\s*(.*)$");

    private final AuditStore store;
    private final OwnWork ownWork;
    private final ImprovementRegister improvements;
    private final RuntimeService runtime;
    private final EngineUser engineUser;

    AuditService(AuditStore store, OwnWork ownWork, ImprovementRegister improvements, RuntimeService runtime,
            EngineUser engineUser) {
        this.store = store;
        this.ownWork = ownWork;
        this.improvements = improvements;
        this.runtime = runtime;
        this.engineUser = engineUser;
    }

    static Instant now() {
        return ClockUtil.getCurrentTime().toInstant();
    }

    // --- programme (R-4.3a) ----------------------------------------------------------------------------------

    /**
     * Adds a line to the audit programme (R-4.3a).
     *
     * @param firstDue when the first audit falls due; null means one frequency from now
     */
    @Transactional
    public AuditProgramme addProgramme(String name, String processArea, String criteria, String method,
            String frequency, Instant firstDue, String by) {
        ProcessArea area = ProcessArea.parse(processArea);
        Period period = frequency(frequency);
        require("name", name, 200);
        require("criteria", criteria, 4000);
        require("method", method, 2000);
        Instant now = now();
        Instant due = firstDue != null ? firstDue : plus(now, period);
        if (due.isBefore(now)) {
            throw new InvalidFieldException("firstDue", "must not be in the past");
        }
        return store.insertProgramme(name.strip(), area, criteria.strip(), method.strip(), period.toString(), due, by,
                now);
    }

    public List<AuditProgramme> programmes() {
        return store.programmes();
    }

    public AuditProgramme requireProgramme(String id, String field) {
        return store.findProgramme(id == null ? "" : id.strip())
                .orElseThrow(() -> new NotFoundException("Audit programme", id, field));
    }

    static Period frequency(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidFieldException("frequency", "is required: an ISO-8601 period such as P3M, P6M or P1Y");
        }
        Period period;
        try {
            period = Period.parse(text.strip().toUpperCase(Locale.ROOT)).normalized();
        } catch (DateTimeParseException e) {
            throw new InvalidFieldException("frequency", "is not an ISO-8601 period such as P3M, P6M or P1Y");
        }
        long months = period.toTotalMonths();
        if (period.getDays() != 0 || months < MIN_FREQUENCY.toTotalMonths() || months > MAX_FREQUENCY.toTotalMonths()) {
            throw new InvalidFieldException("frequency", "must be whole months from P1M to P5Y");
        }
        return period;
    }

    static Instant plus(Instant instant, Period period) {
        return instant.atOffset(ZoneOffset.UTC).plus(period).toInstant();
    }

    static Instant minus(Instant instant, Period period) {
        return instant.atOffset(ZoneOffset.UTC).minus(period).toInstant();
    }

    // --- starting audits -------------------------------------------------------------------------------------

    /**
     * The programme check (daily timer of AuditProgrammeCheck): every active programme line due now gets its audit,
     * covering the frequency up to its due date, and its next due date moves on by the frequency (R-4.3a).
     */
    @Transactional
    public List<Audit> startDueAudits() {
        List<Audit> started = new ArrayList<>();
        Instant now = now();
        for (AuditProgramme programme : store.dueProgrammes(now)) {
            Period period = frequency(programme.frequency());
            Instant due = programme.nextDue();
            started.add(start(programme, minus(due, period), due, due, null, EngineUser.SYSTEM));
            store.setNextDue(programme.id(), plus(due, period));
        }
        return started;
    }

    /**
     * Starts an audit of a programme line now, by hand, covering the frequency up to now; a lead auditor may be
     * named at once, and is then checked for independence (R-4.3b).
     */
    @Transactional
    public Audit startNow(String programmeId, String leadAuditor, String by) {
        AuditProgramme programme = requireProgramme(programmeId, "programmeId");
        Instant now = now();
        Instant from = minus(now, frequency(programme.frequency()));
        String lead = blankToNull(leadAuditor);
        if (lead != null) {
            requireIndependent(lead, programme.processArea(), from, now, "leadAuditor");
        }
        return start(programme, from, now, null, lead, by);
    }

    private Audit start(AuditProgramme programme, Instant from, Instant to, Instant due, String leadAuditor,
            String by) {
        String id = store.nextAuditId();
        store.insertAudit(id, programme.id(), programme.processArea(), from, to, due, by, now());
        if (leadAuditor != null) {
            store.setPlan(id, leadAuditor, null, AuditStatus.PLANNED);
        }
        Map<String, Object> variables = variables(require(id));
        String key = programme.processArea() == ProcessArea.CONFIGURATION ? CONFIGURATION_AUDIT : INTERNAL_AUDIT;
        // the audit is the organisation's: started without the caller's engine authorizations (who may ask is
        // decided by the API and the programme check)
        ProcessInstance instance = engineUser.asSystem(() -> runtime.startProcessInstanceByKey(key, id, variables));
        store.setProcessInstance(id, instance.getId());
        return require(id);
    }

    /**
     * An audit started by hand in Tasklist from the start form: opens its record from the programme line named
     * there, covering the frequency up to now. An audit started by the programme check or the API already has one.
     */
    @Transactional
    public Audit open(String auditId, String programmeId, String expectedProcess, String processInstanceId,
            String by) {
        if (auditId != null) {
            store.setProcessInstance(auditId, processInstanceId);
            return require(auditId);
        }
        AuditProgramme programme = requireProgramme(programmeId, "programmeId");
        boolean configuration = programme.processArea() == ProcessArea.CONFIGURATION;
        if (configuration != CONFIGURATION_AUDIT.equals(expectedProcess)) {
            throw new InvalidFieldException("programmeId", configuration
                    ? "is a configuration audit programme: start the configuration audit for it"
                    : "audits " + programme.processArea().code() + ": start an internal audit for it");
        }
        Instant now = now();
        String id = store.nextAuditId();
        store.insertAudit(id, programme.id(), programme.processArea(), minus(now, frequency(programme.frequency())),
                now, null, by, now);
        store.setProcessInstance(id, processInstanceId);
        return require(id);
    }

    Map<String, Object> variables(Audit audit) {
        Map<String, Object> variables = new HashMap<>();
        variables.put(AuditVariables.AUDIT_ID, audit.id());
        variables.put(AuditVariables.PROCESS_AREA, audit.processArea().code());
        variables.put(AuditVariables.RESPONSE_GROUP, audit.processArea().responseGroup());
        variables.put(AuditVariables.LEAD_AUDITOR, audit.leadAuditor());
        return variables;
    }

    // --- independence (R-4.3b) -------------------------------------------------------------------------------

    /** What {@code user} did in the audit's scope (area and period); empty when independent of it (R-4.3b). */
    public List<String> ownWork(Audit audit, String user) {
        return ownWork.of(user, audit.processArea(), audit.periodFrom(), audit.periodTo());
    }

    private void requireIndependent(String user, ProcessArea area, Instant from, Instant to, String field) {
        if (!ownWork.isAuditor(user)) {
            throw new InvalidFieldException(field, user + " is not an auditor (a member of the auditors group)");
        }
        List<String> evidence = ownWork.of(user, area, from, to);
        if (!evidence.isEmpty()) {
            throw new InvalidFieldException(field, independenceMessage(user, area, evidence));
        }
    }

    static String independenceMessage(String user, ProcessArea area, List<String> evidence) {
        return user + " took part in " + area.code() + " management in the audited period and may not audit their "
                + "own work (R-4.3b): " + String.join("; ", evidence);
    }

    // --- the audit's steps -----------------------------------------------------------------------------------

    /** Plan audit: the plan and, if chosen, the lead auditor, who must be an auditor independent of the scope. */
    @Transactional
    public Audit plan(String auditId, String leadAuditor, String plan) {
        Audit audit = require(auditId);
        String lead = blankToNull(leadAuditor);
        if (lead != null) {
            requireIndependent(lead, audit.processArea(), audit.periodFrom(), audit.periodTo(), "leadAuditor");
        }
        store.setPlan(auditId, lead, cut(blankToNull(plan), 4000), AuditStatus.PLANNED);
        return require(auditId);
    }

    /** The audit task went to {@code auditor} (checked by the task listener): they lead the audit now. */
    @Transactional
    public void assigned(String auditId, String auditor) {
        Audit audit = require(auditId);
        store.setLeadAuditor(auditId, auditor);
        if (audit.status() == AuditStatus.PLANNED) {
            store.setStatus(auditId, AuditStatus.IN_PROGRESS);
        }
    }

    /**
     * Perform audit: the findings, one a line — {@code MAJOR | R-8.2a | three incidents closed without the user's
     * confirmation}; severity MAJOR, MINOR or OBSERVATION, the requirement id optional. Blank or "none": no findings.
     */
    @Transactional
    public List<AuditFinding> recordFindings(String auditId, String text, String by) {
        require(auditId);
        List<AuditFinding> recorded = new ArrayList<>();
        if (text != null && !text.isBlank() && !text.strip().equalsIgnoreCase("none")) {
            String[] lines = text.strip().split("\\R");
            List<String[]> parsed = new ArrayList<>();
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].isBlank()) {
                    continue;
                }
                Matcher m = FINDING.matcher(lines[i]);
                if (!m.matches() || m.group(3).isBlank()) {
                    throw new InvalidFieldException(AuditVariables.FINDINGS, "line " + (i + 1) + " must read "
                            + "'MAJOR | R-8.2a | what was found' (severity MAJOR, MINOR or OBSERVATION)");
                }
                parsed.add(new String[] {m.group(1).toUpperCase(Locale.ROOT), m.group(2), m.group(3).strip()});
            }
            for (String[] f : parsed) {
                recorded.add(store.insertFinding(auditId, Severity.valueOf(f[0]), cut(f[2], 2000), f[1], null, by,
                        now()));
            }
        }
        store.setStatus(auditId, AuditStatus.FINDINGS_RECORDED);
        return recorded;
    }

    /** One finding, e.g. a deficiency a configuration audit found on a CI (R-9.1i). */
    @Transactional
    public AuditFinding addFinding(String auditId, Severity severity, String description, String requirementId,
            String ciId, String by) {
        require(auditId);
        return store.insertFinding(auditId, severity, cut(description, 2000), requirementId, ciId, by, now());
    }

    /**
     * Issues the report (R-4.3a) and starts the corrective actions: every finding without one becomes an item of
     * the improvement register, source AUDIT, priority by severity (R-4.4). Returns the number of findings.
     */
    @Transactional
    public int issueReport(String auditId, String report) {
        Audit audit = require(auditId);
        if (report == null || report.isBlank()) {
            throw new InvalidFieldException(AuditVariables.REPORT, "is required: the audit's conclusion");
        }
        for (AuditFinding finding : audit.findings()) {
            if (finding.improvementId() == null) {
                ImprovementItem item = improvements.add("AUDIT", auditId,
                        cut(finding.severity() + " audit finding " + finding.id()
                                + (finding.ciId() != null ? " on " + finding.ciId() : "")
                                + (finding.requirementId() != null ? " (" + finding.requirementId() + ")" : "")
                                + ": " + finding.description(), 200),
                        "Found by " + auditId + " (" + audit.processArea().code() + ", "
                                + audit.periodFrom().toString().substring(0, 10) + " to "
                                + audit.periodTo().toString().substring(0, 10) + "): " + finding.description(),
                        finding.severity().improvementPriority());
                store.setImprovement(finding.id(), item.id());
            }
        }
        store.setReport(auditId, cut(report.strip(), 8000), now());
        return audit.findings().size();
    }

    /** Management's response to the findings: what they will do, by when. */
    @Transactional
    public void recordResponse(String auditId, String response) {
        require(auditId);
        if (response == null || response.isBlank()) {
            throw new InvalidFieldException(AuditVariables.MANAGEMENT_RESPONSE,
                    "is required: the corrective actions agreed for the findings");
        }
        store.setResponse(auditId, cut(response.strip(), 4000));
    }

    /** The auditor's follow-up of the corrective actions; not effective sends them back to management. */
    @Transactional
    public void recordFollowUp(String auditId, String effective, String notes) {
        require(auditId);
        if (!"YES".equals(effective) && !"NO".equals(effective)) {
            throw new InvalidFieldException(AuditVariables.ACTIONS_EFFECTIVE, "must be YES or NO");
        }
        String entry = now().toString().substring(0, 10) + " " + ("YES".equals(effective) ? "effective" : "not effective")
                + (notes == null || notes.isBlank() ? "" : ": " + notes.strip());
        String previous = require(auditId).followUp();
        store.setFollowUp(auditId, cut(previous == null ? entry : previous + "\n" + entry, 4000));
    }

    @Transactional
    public void close(String auditId) {
        require(auditId);
        store.close(auditId, now());
    }

    // --- reads -----------------------------------------------------------------------------------------------

    public Audit require(String id) {
        return store.findAudit(id == null ? "" : id).orElseThrow(() -> new NotFoundException("Audit", id));
    }

    public List<Audit> audits(String programmeId, AuditStatus status, int limit) {
        return store.audits(blankToNull(programmeId), status, limit);
    }

    List<Audit> auditsCreated(Instant from, Instant to) {
        return store.auditsCreated(from, to);
    }

    List<Audit> auditsDue(String programmeId, Instant from, Instant to) {
        return store.auditsDue(programmeId, from, to);
    }

    private static void require(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new InvalidFieldException(field, "is required");
        }
        if (value.strip().length() > max) {
            throw new InvalidFieldException(field, "must be at most " + max + " characters");
        }
    }

    static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
