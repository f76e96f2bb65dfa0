package org.itsmflow.change;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.validation.Validator;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.itsmflow.platform.EngineUser;
import org.itsmflow.platform.LinkedRecords;
import org.itsmflow.cmdb.CiStatus;
import org.itsmflow.cmdb.CmdbService;
import org.itsmflow.cmdb.Impact;
import org.itsmflow.cmdb.ImpactDirection;
import org.itsmflow.platform.InvalidFieldException;
import org.itsmflow.platform.NotFoundException;
import org.itsmflow.platform.Role;
import org.itsmflow.servicelevel.Priority;
import org.itsmflow.servicelevel.ServiceCatalog;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Change management (ISO/IEC 20000-1 clause 9.2): records requests for change (R-9.2a), their impact and risk
 * assessment (R-9.2b, R-9.1c, R-6.6a, R-6.3b), approval decisions and CAB votes (R-9.2d), the forward schedule with
 * its conflicts (R-9.2g), implementation with CMDB and service updates (R-9.1b, R-9.1d, R-5a, R-6.1b), backout
 * (R-9.2c) and review (R-9.2e, R-9.2f, R-5b). The process {@code bpmn/ChangeManagement.bpmn} calls it through thin
 * delegates; the REST API calls it too. "Now" is the engine clock.
 */
@Service
public class ChangeService {

    public static final String PROCESS_KEY = "ChangeManagement";
    /** Impact analysis depth for the risk input {@code dependentCount} (R-9.1c). */
    static final int IMPACT_DEPTH = 3;
    /** How far back incidents on the affected CIs count as failure history. */
    static final Duration FAILURE_HISTORY = Duration.ofDays(90);
    /** Statuses whose windows are on the forward schedule and can conflict with a new change (R-9.2g). */
    static final Set<ChangeStatus> SCHEDULED = EnumSet.of(ChangeStatus.APPROVED, ChangeStatus.SCHEDULED,
            ChangeStatus.IMPLEMENTING);
    /** Statuses under which a change authorises CMDB writes on its CIs (R-9.1g). */
    static final Set<ChangeStatus> AUTHORISING = EnumSet.of(ChangeStatus.IMPLEMENTING, ChangeStatus.IMPLEMENTED);
    static final Set<String> CI_FIELDS = Set.of("name", "status", "location", "ownerGroup", "documentationUrl",
            "attributes", "version", "typeId");

    private final ChangeStore store;
    private final CmdbService cmdb;
    private final ServiceCatalog catalog;
    private final RuntimeService runtime;
    private final HistoryService history;
    private final IdentityService identity;
    private final EngineUser engineUser;
    private final Validator validator;
    private final LinkedRecords links;

    ChangeService(ChangeStore store, CmdbService cmdb, ServiceCatalog catalog, RuntimeService runtime,
            HistoryService history, IdentityService identity, Validator validator, EngineUser engineUser,
            LinkedRecords links) {
        this.links = links;
        this.engineUser = engineUser;
        this.store = store;
        this.cmdb = cmdb;
        this.catalog = catalog;
        this.runtime = runtime;
        this.history = history;
        this.identity = identity;
        this.validator = validator;
    }

    // --- recording (R-9.2a) ----------------------------------------------------------------------------------

    /**
     * Records a request for change and starts its process in one transaction. The process runs synchronously
     * through impact analysis, risk and classification up to the first wait (an approval task or, for a
     * pre-approved change, the notification), so the returned record carries its risk, class and route.
     */
    @Transactional
    public Change raise(NewChange change, String requester) {
        String id = record(change, requester, "Change requested");
        Map<String, Object> variables = new LinkedHashMap<>(ChangeVariables.start(require(id)));
        ProcessInstance instance = runtime.startProcessInstanceByKey(PROCESS_KEY, id, variables);
        store.setProcessInstance(id, instance.getId());
        return require(id);
    }

    /** Records a change whose process was started from Tasklist's start form. */
    @Transactional
    public Change recordFromStartForm(NewChange change, String requester, String processInstanceId) {
        validator.validate(change).stream().findFirst().ifPresent(violation -> {
            throw new InvalidFieldException(violation.getPropertyPath().toString(), violation.getMessage());
        });
        String id = record(change, requester, "Change requested in Tasklist");
        store.setProcessInstance(id, processInstanceId);
        return require(id);
    }

    private String record(NewChange change, String requester, String how) {
        validate(change, requester);
        String id = store.nextId();
        Instant now = now();
        store.insert(id, change, requester, now);
        Map<String, Map<String, Object>> updates = change.ciUpdates() == null ? Map.of() : change.ciUpdates();
        for (String ciId : change.ciIds()) {
            store.insertCi(id, ciId, updates.get(ciId));
        }
        if (change.serviceUpdate() != null) {
            store.insertServiceUpdate(id, change.serviceUpdate());
        }
        store.journal(id, requester, "STATUS", ChangeStatus.RECORDED.name(), how + " by " + requester, now);
        return id;
    }

    private void validate(NewChange change, String requester) {
        if (!change.plannedEnd().isAfter(change.plannedStart())) {
            throw new InvalidFieldException("plannedEnd", "must be after plannedStart");
        }
        if (requester == null || identity.createUserQuery().userId(requester).count() == 0) {
            throw new InvalidFieldException("requester", "is not a known user");
        }
        Map<String, Map<String, Object>> updates = change.ciUpdates() == null ? Map.of() : change.ciUpdates();
        for (String ciId : change.ciIds()) {
            Map<String, Object> planned = updates.getOrDefault(ciId, Map.of());
            boolean newCi = planned.get("typeId") != null && planned.get("name") != null;
            if (!newCi) {
                cmdb.require(ciId, "affectedCiIds");
            }
        }
        for (Map.Entry<String, Map<String, Object>> entry : updates.entrySet()) {
            String field = "ciUpdates." + entry.getKey();
            if (!change.ciIds().contains(entry.getKey())) {
                throw new InvalidFieldException(field, "names a CI that is not in affectedCiIds");
            }
            if (entry.getValue() == null || entry.getValue().isEmpty()) {
                throw new InvalidFieldException(field, "must name at least one field to change");
            }
            for (Map.Entry<String, Object> update : entry.getValue().entrySet()) {
                if (!CI_FIELDS.contains(update.getKey())) {
                    throw new InvalidFieldException(field + "." + update.getKey(), "is not a CI field; allowed: "
                            + String.join(", ", new java.util.TreeSet<>(CI_FIELDS)));
                }
            }
            Object status = entry.getValue().get("status");
            if (status != null && java.util.Arrays.stream(CiStatus.values()).noneMatch(s -> s.name().equals(status))) {
                throw new InvalidFieldException(field + ".status", "must be one of "
                        + java.util.Arrays.toString(CiStatus.values()));
            }
            Object attributes = entry.getValue().get("attributes");
            if (attributes != null && !(attributes instanceof Map<?, ?>)) {
                throw new InvalidFieldException(field + ".attributes", "must be a JSON object");
            }
        }
        validateServiceUpdate(change);
    }

    private void validateServiceUpdate(NewChange change) {
        ServiceUpdate update = change.serviceUpdate();
        if (!change.changeType().changesServices()) {
            if (update != null) {
                throw new InvalidFieldException("serviceUpdate", "is only for NEW_SERVICE, RETIRE_SERVICE and SLA_CHANGE");
            }
            return;
        }
        if (update == null) {
            throw new InvalidFieldException("serviceUpdate", "is required for a " + change.changeType() + " change");
        }
        switch (change.changeType()) {
            case NEW_SERVICE -> {
                if (catalog.find(update.serviceId()).isPresent()) {
                    throw new InvalidFieldException("serviceUpdate.serviceId", "names a service that already exists");
                }
                if (update.serviceName() == null || update.serviceName().isBlank()) {
                    throw new InvalidFieldException("serviceUpdate.serviceName", "is required for a new service");
                }
                if (update.ownerGroup() == null || update.ownerGroup().isBlank()) {
                    throw new InvalidFieldException("serviceUpdate.ownerGroup", "is required for a new service");
                }
            }
            case RETIRE_SERVICE -> catalog.require(update.serviceId(), "serviceUpdate.serviceId");
            case SLA_CHANGE -> {
                catalog.require(update.serviceId(), "serviceUpdate.serviceId");
                var sla = catalog.requireSla(update.slaId(), "serviceUpdate.slaId");
                if (!sla.serviceId().equals(update.serviceId())) {
                    throw new InvalidFieldException("serviceUpdate.slaId", "is not an SLA of service " + update.serviceId());
                }
                if (update.priority() == null) {
                    throw new InvalidFieldException("serviceUpdate.priority", "is required for an SLA change");
                }
                if (update.responseMinutes() == null || update.resolutionMinutes() == null
                        || update.resolutionMinutes() < update.responseMinutes()) {
                    throw new InvalidFieldException("serviceUpdate.resolutionMinutes",
                            "response and resolution minutes are required; resolution must not be shorter than response");
                }
                Priority.parse("serviceUpdate.priority", update.priority());
            }
            default -> { }
        }
    }

    // --- reading ---------------------------------------------------------------------------------------------

    /** Changes requested in [from, to), oldest first: change analysis per period in the service reports (R-9.2h). */
    @Transactional(readOnly = true)
    public List<Change> requestedBetween(Instant from, Instant to) {
        return store.requestedBetween(from, to);
    }

    /** Of these changes, the CIs each affects (reports find a change's services through the CMDB). */
    @Transactional(readOnly = true)
    public Map<String, List<String>> ciIdsOf(java.util.Collection<String> changeIds) {
        return store.ciIdsOf(changeIds);
    }

    /** Changes not yet closed or rejected, per status, for the managers' metrics. */
    @Transactional(readOnly = true)
    public java.util.Map<ChangeStatus, Long> inFlightByStatus() {
        return store.countInFlightByStatus();
    }

    public Change require(String id) {
        return store.find(id).orElseThrow(() -> new NotFoundException("Change", id));
    }

    /** The change with its CIs, service update, current schedule conflicts, votes and journal. */
    @Transactional(readOnly = true)
    public ChangeView view(String id) {
        Change change = require(id);
        return new ChangeView(change, store.cis(id), store.serviceUpdate(id).orElse(null), conflicts(change),
                store.votes(id), store.journal(id), links.of(id));
    }

    List<ChangeCi> cis(String id) {
        return store.cis(id);
    }

    List<ChangeVote> votes(String id) {
        return store.votes(id);
    }

    /**
     * The forward schedule of change (R-9.2g): approved, scheduled and implementing changes whose window overlaps
     * [from, to), ordered by start.
     */
    @Transactional(readOnly = true)
    public List<ScheduledChange> schedule(Instant from, Instant to) {
        if (from == null) {
            throw new InvalidFieldException("from", "is required");
        }
        if (to == null) {
            throw new InvalidFieldException("to", "is required");
        }
        if (!to.isAfter(from)) {
            throw new InvalidFieldException("to", "must be after from");
        }
        List<Change> changes = store.inWindow(SCHEDULED, from, to);
        Map<String, List<String>> cis = store.ciIdsOf(changes.stream().map(Change::id).toList());
        return changes.stream().map(c -> new ScheduledChange(c.id(), c.title(), c.changeType(), c.changeClass(),
                c.riskLevel(), c.status(), c.plannedStart(), c.plannedEnd(), cis.getOrDefault(c.id(), List.of()),
                c.requester())).toList();
    }

    // --- impact, conflicts, risk and classification (R-9.2b, R-9.1c, R-9.2g) ----------------------------------

    /**
     * Schedule conflicts of a change: other approved, scheduled or implementing changes whose window overlaps this
     * one on the same CI or a CI directly related to it (CMDB relationships both ways, depth 1), and freeze windows
     * that overlap it.
     */
    List<Conflict> conflicts(Change change) {
        List<Conflict> conflicts = new ArrayList<>();
        Set<String> own = new LinkedHashSet<>(store.cis(change.id()).stream().map(ChangeCi::ciId).toList());
        Map<String, String> related = new LinkedHashMap<>();
        for (String ciId : own) {
            related.put(ciId, ciId);
            if (cmdb.find(ciId).isPresent()) {
                for (Impact.ImpactedCi neighbour : cmdb.impact(ciId, ImpactDirection.BOTH, 1).affected()) {
                    related.putIfAbsent(neighbour.id(), ciId);
                }
            }
        }
        List<Change> overlapping = store.inWindow(SCHEDULED, change.plannedStart(), change.plannedEnd()).stream()
                .filter(other -> !other.id().equals(change.id())).toList();
        Map<String, List<String>> cisOf = store.ciIdsOf(overlapping.stream().map(Change::id).toList());
        for (Change other : overlapping) {
            List<String> shared = cisOf.getOrDefault(other.id(), List.of()).stream().filter(related::containsKey)
                    .toList();
            if (!shared.isEmpty()) {
                String reason = shared.stream().map(ci -> own.contains(ci) ? "same CI " + ci
                        : ci + " is related to " + related.get(ci)).collect(Collectors.joining("; "));
                conflicts.add(new Conflict("CHANGE", other.id(), other.title(), other.plannedStart(),
                        other.plannedEnd(), "overlapping window: " + reason));
            }
        }
        for (FreezeWindow freeze : store.freezeWindows(change.plannedStart(), change.plannedEnd())) {
            conflicts.add(new Conflict("FREEZE", freeze.id(), freeze.name(), freeze.startsAt(), freeze.endsAt(),
                    "the window falls in a change freeze"));
        }
        return conflicts;
    }

    /**
     * The ChangeRisk inputs (R-9.2b, R-9.1c): CIs and services depending on the affected CIs (depth 3), incidents on
     * them in the last 90 days, whether there is a backout plan and whether the window is in a freeze; plus the
     * number of schedule conflicts. Recorded on the change.
     */
    @Transactional
    public Map<String, Object> analyseImpact(String id) {
        Change change = require(id);
        Set<String> dependents = new LinkedHashSet<>();
        List<String> ciIds = store.cis(id).stream().map(ChangeCi::ciId).toList();
        for (String ciId : ciIds) {
            if (cmdb.find(ciId).isPresent()) {
                Impact impact = cmdb.impact(ciId, ImpactDirection.DOWNSTREAM, IMPACT_DEPTH);
                impact.affectedIds().forEach(ci -> dependents.add("ci:" + ci));
                impact.services().forEach(service -> dependents.add("service:" + service));
            }
        }
        int failures = failureCount(ciIds);
        List<Conflict> conflicts = conflicts(change);
        boolean inFreeze = conflicts.stream().anyMatch(c -> "FREEZE".equals(c.kind()));
        Instant now = now();
        store.setImpact(id, dependents.size(), failures, now);
        store.journal(id, "system", "NOTE", "IMPACT_ANALYSED", dependents.size() + " CIs and services depend on the "
                + "affected CIs; " + failures + " incidents on them in the last 90 days; " + conflicts.size()
                + " schedule conflicts" + (inFreeze ? " (in a freeze window)" : ""), now);
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put(ChangeVariables.DEPENDENT_COUNT, dependents.size());
        inputs.put(ChangeVariables.FAILURE_COUNT, failures);
        inputs.put(ChangeVariables.HAS_BACKOUT_PLAN, change.hasBackoutPlan());
        inputs.put(ChangeVariables.IN_FREEZE, inFreeze);
        inputs.put(ChangeVariables.CONFLICT_COUNT, conflicts.size());
        return inputs;
    }

    /** Incidents raised on these CIs in the last 90 days, read from the incident process's history. */
    private int failureCount(List<String> ciIds) {
        Date since = Date.from(now().minus(FAILURE_HISTORY));
        long count = 0;
        for (String ciId : ciIds) {
            count += history.createHistoricProcessInstanceQuery().processDefinitionKey("IncidentManagement")
                    .startedAfter(since).variableValueEquals("ciId", ciId).count();
        }
        return (int) count;
    }

    /** Records the ChangeRisk decision (R-9.2b). */
    @Transactional
    public void applyRisk(String id, String riskLevel, String riskReason) {
        store.setRisk(id, riskLevel, riskReason, now());
        store.journal(id, "ChangeRisk", "DECISION", "RISK_" + riskLevel, riskReason, now());
    }

    /** What the classification step hands back to the process. */
    record Classification(String changeClass, String approvalRoute, List<String> cabVoters, List<String> ecabVoters,
            String emergencyAssessment) {
    }

    /** Journal code: the classification let an emergency change be assessed after implementation (R-6.6a, R-6.3b). */
    static final String ASSESSMENT_AFTER_IMPLEMENTATION = "ASSESSMENT_AFTER_IMPLEMENTATION";

    /**
     * Records the ChangeClassification decision (R-9.2a, R-9.2d, R-9.2f) and who is asked to vote: the CAB members,
     * or for the emergency CAB the change managers and one CAB member; never the requester. A pre-approved standard
     * change is approved here. An emergency change that the decision lets be assessed after implementation
     * (emergencyAssessment AFTER) is journalled ASSESSMENT_AFTER_IMPLEMENTATION, so the conformance report can tell a
     * retrospective assessment the route allowed from a late one (R-6.6a, R-6.3b).
     */
    @Transactional
    public Classification applyClassification(String id, String changeClass, String route, String reason,
            String emergencyAssessment) {
        Change change = require(id);
        List<String> cab = members(List.of(Role.CAB.groupId()), change.requester());
        List<String> ecab = new ArrayList<>(members(List.of(Role.CHANGE_MANAGERS.groupId()), change.requester()));
        cab.stream().filter(v -> !ecab.contains(v)).findFirst().ifPresent(ecab::add);
        List<String> voters = "CAB".equals(route) ? cab : "ECAB".equals(route) ? ecab : List.of();
        Instant now = now();
        boolean preApproved = "PRE_APPROVED".equals(route);
        store.setClassification(id, changeClass, route, reason, voters,
                preApproved ? ChangeStatus.ASSESSED : ChangeStatus.AWAITING_APPROVAL, now);
        store.journal(id, "ChangeClassification", "DECISION", "CLASS_" + changeClass, changeClass + ", route " + route
                + ": " + reason + (voters.isEmpty() ? "" : "; voters " + String.join(", ", voters)), now);
        if (preApproved) {
            store.setDecision(id, true, "Pre-approved standard change (low risk)", "ChangeClassification", now);
            store.journal(id, "system", "STATUS", ChangeStatus.APPROVED.name(), "Pre-approved standard change", now);
        }
        String assessment = "AFTER".equals(emergencyAssessment) ? "AFTER" : "BEFORE";
        if ("ECAB".equals(route) && "AFTER".equals(assessment)) {
            store.journal(id, "ChangeClassification", "DECISION", ASSESSMENT_AFTER_IMPLEMENTATION,
                    "The security and continuity impact of this emergency change may be assessed after implementation",
                    now);
        }
        return new Classification(changeClass, route, cab, ecab, assessment);
    }

    private List<String> members(List<String> groups, String except) {
        Set<String> users = new LinkedHashSet<>();
        for (String group : groups) {
            identity.createUserQuery().memberOfGroup(group).orderByUserId().asc().list().stream().map(User::getId)
                    .filter(user -> !user.equals(except)).forEach(users::add);
        }
        return new ArrayList<>(users);
    }

    /**
     * Records the assessment the change manager wrote (R-9.2b): risk, impact and benefit, security impact (R-6.6a)
     * and impact on continuity and availability (R-6.3b).
     */
    @Transactional
    public void recordAssessment(String id, Assessment assessment) {
        recordAssessment(id, assessment, engineUser.actor());
    }

    /** {@link #recordAssessment(String, Assessment)} by the named change manager, now. */
    @Transactional
    public void recordAssessment(String id, Assessment assessment, String by) {
        if (assessment.isEmpty()) {
            return;
        }
        store.setAssessment(id, assessment.text(), assessment.securityImpact(), assessment.continuityImpact(), now());
        store.journal(id, by, "NOTE", "ASSESSED", (assessment.text() == null ? "" : assessment.text() + "\n")
                + "Security impact: " + nullToDash(assessment.securityImpact()) + "; continuity impact: "
                + nullToDash(assessment.continuityImpact()), now());
    }

    /** The assessment fields of the assess forms. */
    record Assessment(String risk, String impact, String benefit, String securityImpact, String continuityImpact) {
        boolean isEmpty() {
            return risk == null && impact == null && benefit == null && securityImpact == null && continuityImpact == null;
        }

        String text() {
            if (risk == null && impact == null && benefit == null) {
                return null;
            }
            return "Risk: " + nullToDash(risk) + "\nImpact: " + nullToDash(impact) + "\nBenefit: " + nullToDash(benefit);
        }
    }

    /** The change manager's decision on a minor change (R-9.2d). */
    @Transactional
    public void decide(String id, boolean approved, String reason) {
        String by = engineUser.actor();
        store.setDecision(id, approved, reason, by, now());
        store.journal(id, by, "STATUS", approved ? ChangeStatus.APPROVED.name() : ChangeStatus.REJECTED.name(),
                (approved ? "Approved" : "Rejected") + " by " + by + (reason == null ? "" : ": " + reason), now());
    }

    // --- votes (R-9.2d) --------------------------------------------------------------------------------------

    /** Records one vote; a second vote of the same voter is refused. */
    @Transactional
    public void recordVote(String id, String voter, String vote, String comment) {
        if (vote == null || !Set.of("APPROVE", "REJECT", "VETO").contains(vote)) {
            throw new InvalidFieldException("vote", "must be APPROVE, REJECT or VETO");
        }
        if (!store.insertVote(id, voter, vote, comment, now())) {
            throw new org.itsmflow.platform.ConflictException(voter + " has already voted on " + id);
        }
        store.journal(id, voter, "VOTE", vote, voter + " voted " + vote + (comment == null ? "" : ": " + comment), now());
    }

    /**
     * Whether the vote is decided before everyone voted: a veto, a majority of approvals, or so many rejections that
     * a majority of approvals is out of reach.
     */
    public boolean isDecided(String id) {
        Change change = require(id);
        List<ChangeVote> votes = store.votes(id);
        int voters = change.voters().size();
        long approvals = votes.stream().filter(v -> "APPROVE".equals(v.vote())).count();
        int open = voters - votes.size();
        return votes.stream().anyMatch(v -> "VETO".equals(v.vote())) || approvals * 2 > voters
                || (approvals + open) * 2 <= voters;
    }

    /**
     * The quorum rule (R-9.2d): any veto rejects; otherwise approved iff approvals are more than half of the voters.
     * For the emergency CAB only the votes cast before the deadline count, and no votes reject.
     */
    @Transactional
    public boolean tally(String id) {
        Change change = require(id);
        List<ChangeVote> votes = store.votes(id);
        boolean emergency = "ECAB".equals(change.approvalRoute());
        long approvals = votes.stream().filter(v -> "APPROVE".equals(v.vote())).count();
        List<ChangeVote> vetoes = votes.stream().filter(v -> "VETO".equals(v.vote())).toList();
        int base = emergency ? votes.size() : change.voters().size();
        boolean approved;
        String reason;
        if (!vetoes.isEmpty()) {
            approved = false;
            reason = "Vetoed by " + vetoes.stream().map(v -> v.voter() + (v.comment() == null ? "" : " (" + v.comment() + ")"))
                    .collect(Collectors.joining(", "));
        } else if (base == 0) {
            approved = false;
            reason = emergency ? "No ECAB member voted before the deadline" : "No CAB members to vote";
        } else {
            approved = approvals * 2 > base;
            reason = approvals + " of " + base + (emergency ? " votes cast" : " voters") + " approved; "
                    + (approved ? "majority reached" : "no majority");
        }
        Instant now = now();
        store.setDecision(id, approved, reason, emergency ? "ECAB" : "CAB", now);
        store.journal(id, "system", "STATUS", approved ? ChangeStatus.APPROVED.name() : ChangeStatus.REJECTED.name(),
                (emergency ? "ECAB" : "CAB") + " vote: " + reason, now);
        return approved;
    }

    // --- after the decision ----------------------------------------------------------------------------------

    /** The rejection is final: the reason stays on the record and the requester is told (R-9.2d). */
    @Transactional
    public void reject(String id) {
        Change change = require(id);
        if (change.status() != ChangeStatus.REJECTED) {
            store.setDecision(id, false, change.decisionReason() == null ? "Rejected" : change.decisionReason(),
                    change.decidedBy() == null ? engineUser.actor() : change.decidedBy(), now());
        }
        store.journal(id, "system", "NOTE", "REJECTION_RECORDED", "Change rejected: "
                + nullToDash(require(id).decisionReason()), now());
    }

    /** Puts an approved change on the forward schedule (R-9.2g); returns when its window opens. */
    @Transactional
    public Instant schedule(String id) {
        Change change = require(id);
        store.setStatus(id, ChangeStatus.SCHEDULED, now());
        store.journal(id, "system", "STATUS", ChangeStatus.SCHEDULED.name(), "Scheduled for " + change.plannedStart()
                + " – " + change.plannedEnd(), now());
        return change.plannedStart();
    }

    /** The window opened: the change is being implemented, and may now update its CIs (R-9.1g). */
    @Transactional
    public void startImplementation(String id) {
        store.setStatus(id, ChangeStatus.IMPLEMENTING, now());
        store.journal(id, "system", "STATUS", ChangeStatus.IMPLEMENTING.name(), "Change window opened", now());
    }

    /**
     * The change was implemented: its planned CI updates become new CI versions with history naming the change
     * (R-9.1b, R-9.1d), and its service or SLA update is applied (R-5a, R-6.1b). Already-applied parts are skipped,
     * so a retry does not apply twice.
     */
    @Transactional
    public void implemented(String id, String note, ChangeCmdbUpdater updater) {
        Change change = require(id);
        String actor = engineUser.actor();
        Instant now = now();
        store.setImplemented(id, ChangeStatus.IMPLEMENTED, note, now);
        for (ChangeCi ci : store.cis(id)) {
            if (ci.appliedAt() == null && !ci.updates().isEmpty()) {
                String result = updater.applyCi(change, ci, actor);
                store.markCiApplied(id, ci.ciId(), now);
                store.journal(id, actor, "CMDB", "CI_UPDATED", result, now);
            }
        }
        store.serviceUpdate(id).ifPresent(update -> {
            String result = updater.applyService(change, update);
            store.markServiceUpdateApplied(id, now);
            store.journal(id, actor, "CMDB", "SERVICE_UPDATED", result, now);
        });
        store.journal(id, actor, "STATUS", ChangeStatus.IMPLEMENTED.name(), "Implemented" + (note == null ? "" : ": " + note), now);
    }

    /** The implementation failed and was backed out: what was restored is recorded (R-9.2c). */
    @Transactional
    public void backedOut(String id, String implementationNote, String backoutNote) {
        String actor = engineUser.actor();
        Instant now = now();
        store.setImplemented(id, ChangeStatus.FAILED, implementationNote, now);
        store.journal(id, actor, "STATUS", ChangeStatus.FAILED.name(), "Implementation failed"
                + (implementationNote == null ? "" : ": " + implementationNote), now);
        store.setBackedOut(id, backoutNote, now);
        store.journal(id, actor, "STATUS", ChangeStatus.BACKED_OUT.name(), "Backed out: " + nullToDash(backoutNote), now);
    }

    /** Closure after the post-implementation review (R-9.2e, R-5b) and, for emergencies, the retrospective (R-9.2f). */
    @Transactional
    public void close(String id, String reviewOutcome, String reviewNote, String lessonsLearned, String retrospective) {
        Change change = require(id);
        Instant now = now();
        String note = retrospective == null ? reviewNote
                : (reviewNote == null ? "" : reviewNote + "\n") + "Retrospective review: " + retrospective;
        boolean implementedOrBackedOut = change.status() == ChangeStatus.IMPLEMENTED
                || change.status() == ChangeStatus.BACKED_OUT;
        store.setClosed(id, implementedOrBackedOut ? reviewOutcome : null, note, lessonsLearned, now);
        store.journal(id, engineUser.actor(), "STATUS", ChangeStatus.CLOSED.name(), "Closed after review"
                + (reviewOutcome == null ? "" : " (" + reviewOutcome + ")"), now);
    }

    /** Journals something the process did about the change (a notification sent). */
    @Transactional
    public void journal(String id, String kind, String code, String text) {
        store.journal(id, engineUser.actor(), kind, code, text, now());
    }

    // --- CMDB change control (R-9.1g) ------------------------------------------------------------------------

    /** Whether change {@code changeId} is in implementation or implemented and names CI {@code ciId}. */
    @Transactional(readOnly = true)
    public boolean authorisesCmdbWrite(String changeId, String ciId) {
        if (changeId == null || ciId == null) {
            return false;
        }
        return store.find(changeId.trim()).filter(c -> AUTHORISING.contains(c.status()))
                .map(c -> store.cis(c.id()).stream().anyMatch(ci -> ci.ciId().equals(ciId))).orElse(false);
    }


    static Instant now() {
        return ClockUtil.getCurrentTime().toInstant();
    }

    private static String nullToDash(String value) {
        return value == null || value.isBlank() ? "–" : value;
    }
}
