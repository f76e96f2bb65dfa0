package org.itsmflow.complaint;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.validation.Validator;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.itsmflow.platform.Directory;
import org.itsmflow.platform.EngineUser;
import org.itsmflow.change.Change;
import org.itsmflow.change.ChangeService;
import org.itsmflow.improvement.ImprovementItem;
import org.itsmflow.improvement.ImprovementRegister;
import org.itsmflow.incident.Incident;
import org.itsmflow.incident.IncidentService;
import org.itsmflow.platform.InvalidFieldException;
import org.itsmflow.platform.NotFoundException;
import org.itsmflow.platform.Role;
import org.itsmflow.servicelevel.BusinessCalendar;
import org.itsmflow.servicelevel.BusinessCalendars;
import org.itsmflow.servicelevel.Customer;
import org.itsmflow.servicelevel.ServiceCatalog;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Complaint handling (ISO/IEC 20000-1 clause 7.2): records every complaint (R-7.2c), tells formal complaints from
 * informal feedback by what is agreed with the customer, keeps the targets and the escalation ladder that
 * {@code dmn/ComplaintClassification.dmn} chose (R-7.2d), journals and notifies every step, and sends a cause found
 * to the service improvement register. The process {@code bpmn/ComplaintHandling.bpmn} calls it through
 * thin delegates and a task listener; the REST API calls it too. "Now" is the engine clock.
 */
@Service
public class ComplaintService {

    public static final String PROCESS_KEY = "ComplaintHandling";
    static final String IMPROVEMENT_SOURCE = "COMPLAINT";

    private final ComplaintStore store;
    private final ComplaintNotifier notifier;
    private final ServiceCatalog catalog;
    private final BusinessCalendars calendars;
    private final IncidentService incidents;
    private final ChangeService changes;
    private final ImprovementRegister improvements;
    private final RuntimeService runtime;
    private final TaskService tasks;
    private final IdentityService identity;
    private final EngineUser engineUser;
    private final Directory directory;
    private final Validator validator;

    ComplaintService(ComplaintStore store, ComplaintNotifier notifier, ServiceCatalog catalog,
            BusinessCalendars calendars, IncidentService incidents, ChangeService changes,
            ImprovementRegister improvements, RuntimeService runtime, TaskService tasks, IdentityService identity,
            Validator validator, EngineUser engineUser, Directory directory) {
        this.engineUser = engineUser;
        this.directory = directory;
        this.store = store;
        this.notifier = notifier;
        this.catalog = catalog;
        this.calendars = calendars;
        this.incidents = incidents;
        this.changes = changes;
        this.improvements = improvements;
        this.runtime = runtime;
        this.tasks = tasks;
        this.identity = identity;
        this.validator = validator;
    }

    /** Who complains, for which customer, about which service: resolved from the request and the caller. */
    private record Parties(String raisedBy, Customer customer, String serviceId) {
    }

    /**
     * Records a complaint and starts its process in one transaction: either both exist afterwards or neither does.
     * The process runs synchronously through classification, so the returned record carries its targets.
     */
    @Transactional
    public Complaint raise(NewComplaint complaint, String caller) {
        Parties parties = validate(complaint, caller);
        String id = record(complaint, parties, caller, "Complaint recorded");
        Complaint recorded = require(id);
        Map<String, Object> variables = new LinkedHashMap<>(ComplaintVariables.decisionInputs(recorded,
                formalAgreed(parties)));
        ProcessInstance instance = runtime.startProcessInstanceByKey(PROCESS_KEY, id, variables);
        store.setProcessInstance(id, instance.getId());
        return require(id);
    }

    /**
     * Records a complaint whose process was started from Tasklist's start form; returns the record and whether the
     * customer agreed the formal procedure. Invalid input fails the start with a message naming the field.
     */
    @Transactional
    public Map.Entry<Complaint, Boolean> recordFromStartForm(NewComplaint complaint, String initiator,
            String processInstanceId) {
        validator.validate(complaint).stream().findFirst().ifPresent(violation -> {
            throw new InvalidFieldException(violation.getPropertyPath().toString(), violation.getMessage());
        });
        Parties parties = validate(complaint, initiator);
        String id = record(complaint, parties, initiator, "Complaint recorded from Tasklist");
        store.setProcessInstance(id, processInstanceId);
        return Map.entry(require(id), formalAgreed(parties));
    }

    private String record(NewComplaint complaint, Parties parties, String recordedBy, String note) {
        String id = store.nextId();
        Instant now = now();
        store.insert(id, complaint, parties.customer() == null ? null : parties.customer().id(), parties.serviceId(),
                parties.raisedBy(), recordedBy == null ? parties.raisedBy() : recordedBy, now);
        store.journal(id, recordedBy == null ? parties.raisedBy() : recordedBy, "STATUS", ComplaintStatus.RECEIVED.name(),
                note + (parties.raisedBy().equals(recordedBy) ? "" : " on behalf of " + parties.raisedBy()), now);
        notifier.received(require(id));
        return id;
    }

    private static boolean formalAgreed(Parties parties) {
        return parties.customer() != null && parties.customer().formalComplaints();
    }

    private Parties validate(NewComplaint complaint, String caller) {
        if (caller == null || !userExists(caller)) {
            throw new InvalidFieldException("raisedBy", "is not a known user");
        }
        boolean customerCaller = onlyCustomer(caller);
        String raisedBy = ComplaintStore.blankToNull(complaint.raisedBy());
        if (raisedBy == null) {
            raisedBy = caller;
        } else if (!raisedBy.equals(caller)) {
            if (customerCaller) {
                throw new InvalidFieldException("raisedBy", "a customer raises complaints for themselves only");
            }
            if (!userExists(raisedBy)) {
                throw new InvalidFieldException("raisedBy", "is not a known user");
            }
        }
        Optional<Customer> contactOf = catalog.customerOfContact(raisedBy);
        Customer customer;
        String customerId = ComplaintStore.blankToNull(complaint.customerId());
        if (customerId == null) {
            customer = contactOf.orElse(null);
        } else {
            customer = catalog.requireCustomer(customerId, "customerId");
            if (customerCaller && contactOf.map(c -> !c.id().equals(customer.id())).orElse(true)) {
                throw new InvalidFieldException("customerId", "is not the customer you are a contact of");
            }
        }
        String serviceId = ComplaintStore.blankToNull(complaint.serviceId());
        if (serviceId != null) {
            catalog.require(serviceId, "serviceId");
        }
        String incidentId = ComplaintStore.blankToNull(complaint.incidentId());
        if (incidentId != null) {
            Incident incident;
            try {
                incident = incidents.require(incidentId);
            } catch (NotFoundException e) {
                throw new NotFoundException("Incident", incidentId, "incidentId");
            }
            if (customerCaller && !caller.equals(incident.reportedBy())) {
                // a customer refers to their own incidents only; others' are not even confirmed to exist
                throw new NotFoundException("Incident", incidentId, "incidentId");
            }
            if (serviceId == null) {
                serviceId = incident.serviceId();
            }
        }
        String changeId = ComplaintStore.blankToNull(complaint.changeId());
        if (changeId != null) {
            try {
                changes.require(changeId);
            } catch (NotFoundException e) {
                throw new NotFoundException("Change", changeId, "changeId");
            }
        }
        return new Parties(raisedBy, customer, serviceId);
    }

    /** Whether every group of the user is the customers' group (a customer, not staff). */
    boolean onlyCustomer(String userId) {
        List<Group> groups = engineUser.asSystem(() -> identity.createGroupQuery().groupMember(userId).list());
        return !groups.isEmpty() && groups.stream().allMatch(g -> Role.CUSTOMERS.groupId().equals(g.getId()));
    }

    private boolean userExists(String userId) {
        return directory.userExists(userId);
    }


    /** A customer's complaints about a service raised in a period (for service reviews, R-7.2b). */
    @Transactional(readOnly = true)
    public List<Complaint> raisedBetween(String customerId, String serviceId, Instant from, Instant to) {
        return store.raisedBetween(customerId, serviceId, from, to);
    }

    /** Complaints of every customer about one service (or any, serviceId null) raised in a period (R-6.2 workload). */
    @Transactional(readOnly = true)
    public List<Complaint> raisedBetween(String serviceId, Instant from, Instant to) {
        return store.raisedBetween(serviceId, from, to);
    }

    public Complaint require(String id) {
        return store.find(id).orElseThrow(() -> new NotFoundException("Complaint", id));
    }

    /** The complaint with its journal ({@code GET /api/complaints/{id}}). */
    public ComplaintView view(String id) {
        return new ComplaintView(require(id), store.journal(id));
    }

    /**
     * Records the ComplaintClassification decision: formal or informal, owner, and the targets counted in business
     * time of the service's calendar (the always-open calendar when no service is known): acknowledgement and
     * resolution from now, the second escalation a further span after the resolution target (R-7.2c, R-7.2d).
     */
    @Transactional
    public Complaint applyClassification(String id, Map<String, Object> outputs) {
        Complaint complaint = require(id);
        BusinessCalendar calendar = complaint.serviceId() == null ? calendars.twentyFourSeven()
                : calendars.find(catalog.require(complaint.serviceId(), null).calendarId())
                        .orElseGet(calendars::twentyFourSeven);
        Instant now = now();
        Instant acknowledgeDue = calendar.plus(now, duration(outputs, "acknowledgeWithin"));
        Instant resolutionDue = calendar.plus(now, duration(outputs, "resolveWithin"));
        Instant secondAt = calendar.plus(resolutionDue, duration(outputs, "secondEscalationAfter"));
        boolean formal = Boolean.TRUE.equals(outputs.get("formal"));
        String reason = (String) outputs.get("classificationReason");
        store.setClassification(id, formal, (String) outputs.get("ownerGroup"),
                (String) outputs.get("firstEscalationGroup"), (String) outputs.get("secondEscalationGroup"), reason,
                acknowledgeDue, resolutionDue, secondAt, now);
        store.journal(id, "system", "STATUS", formal ? "CLASSIFIED_FORMAL" : "CLASSIFIED_INFORMAL",
                reason + " Acknowledge by " + acknowledgeDue + ", resolve by " + resolutionDue + " ("
                        + calendar.name() + ").", now);
        return require(id);
    }

    private static Duration duration(Map<String, Object> outputs, String name) {
        Object value = outputs.get(name);
        if (value == null) {
            throw new IllegalStateException("ComplaintClassification gave no " + name);
        }
        return Duration.parse(value.toString());
    }

    /** The complaint is acknowledged to the customer (R-7.2c); the message is sent and recorded. */
    @Transactional
    public void acknowledge(String id, String message) {
        String text = required("acknowledgement", message);
        store.setAcknowledged(id, now());
        store.journal(id, engineUser.actor(), "STATUS", ComplaintStatus.ACKNOWLEDGED.name(), text, now());
        notifier.toCustomer(require(id), "Complaint acknowledged", text);
    }

    /** The investigation's findings; a cause found is recorded and later sent to the improvement register. */
    @Transactional
    public void investigate(String id, boolean causeFound, String cause, String findings) {
        String note = required("investigationNote", findings);
        String causeText = ComplaintStore.blankToNull(cause);
        if (causeFound && causeText == null) {
            throw new InvalidFieldException("cause", "is required when the investigation found a cause");
        }
        store.setInvestigated(id, causeFound, causeFound ? causeText : null, now());
        store.journal(id, engineUser.actor(), "STATUS", ComplaintStatus.INVESTIGATED.name(),
                (causeFound ? "Cause found: " + causeText + ". " : "No cause found. ") + note, now());
    }

    /** The actions decided and carried out (R-7.2c "acted upon"). */
    @Transactional
    public void act(String id, String actions) {
        String text = required("actions", actions);
        store.setActions(id, text, now());
        store.journal(id, engineUser.actor(), "STATUS", ComplaintStatus.ACTIONED.name(), text, now());
    }

    /** The outcome is reported to the customer (R-7.2c "reported"); sent and recorded. */
    @Transactional
    public void reportOutcome(String id, String outcome) {
        String text = required("outcome", outcome);
        store.setOutcome(id, text, now());
        store.journal(id, engineUser.actor(), "STATUS", ComplaintStatus.OUTCOME_REPORTED.name(), text, now());
        notifier.toCustomer(require(id), "Outcome of your complaint", text);
    }

    /**
     * Formal closure (R-7.2c): with the customer's acceptance, or without it and a recorded reason.
     *
     * @param acceptance ACCEPTED or NOT_ACCEPTED
     */
    @Transactional
    public void close(String id, String acceptance, String reason) {
        String why = ComplaintStore.blankToNull(reason);
        if (!"ACCEPTED".equals(acceptance) && !"NOT_ACCEPTED".equals(acceptance)) {
            throw new InvalidFieldException("customerAcceptance", "must be ACCEPTED or NOT_ACCEPTED");
        }
        if ("NOT_ACCEPTED".equals(acceptance) && why == null) {
            throw new InvalidFieldException("closureReason",
                    "is required when the complaint is closed without the customer's acceptance");
        }
        store.setClosed(id, acceptance, why, now());
        String text = "ACCEPTED".equals(acceptance) ? "Closed formally with the customer's acceptance"
                : "Closed formally without the customer's acceptance: " + why;
        store.journal(id, engineUser.actor(), "STATUS", ComplaintStatus.CLOSED.name(), text, now());
        notifier.toCustomer(require(id), "Complaint closed", text);
    }

    /** Informal feedback is answered and closed; no formal procedure applies. */
    @Transactional
    public void answerFeedback(String id, String answer) {
        String text = required("answer", answer);
        store.setClosed(id, "FEEDBACK_ANSWERED", null, now());
        store.journal(id, engineUser.actor(), "STATUS", ComplaintStatus.CLOSED.name(), "Feedback answered: " + text, now());
        notifier.toCustomer(require(id), "Answer to your feedback", text);
    }

    /** What each rung of the escalation ladder does (R-7.2d). */
    enum EscalationStep {
        /** The acknowledgement target passed: the owner group and the manager are reminded; no level change. */
        ACKNOWLEDGEMENT_OVERDUE,
        /** The resolution target passed: level 1, the customer-relations manager. */
        CUSTOMER_RELATIONS_MANAGER,
        /** Still unresolved later: level 2, management (the service owners). */
        MANAGEMENT
    }

    /**
     * A target date passed (R-7.2d): the escalation is recorded on the complaint, the group escalated to is told and
     * may work the complaint's open tasks.
     */
    @Transactional
    public void escalate(String id, EscalationStep step) {
        Complaint complaint = require(id);
        Instant now = now();
        String group;
        String text;
        switch (step) {
            case ACKNOWLEDGEMENT_OVERDUE -> {
                group = complaint.firstEscalationGroup();
                text = "The acknowledgement target " + complaint.acknowledgeDueAt() + " passed without an "
                        + "acknowledgement; " + complaint.ownerGroup() + " and " + group + " are reminded";
            }
            case CUSTOMER_RELATIONS_MANAGER -> {
                group = complaint.firstEscalationGroup();
                store.setEscalationLevel(id, 1, now);
                text = "Not resolved by the target " + complaint.resolutionDueAt()
                        + ": escalated to the customer-relations manager (" + group + ")";
            }
            case MANAGEMENT -> {
                group = complaint.secondEscalationGroup();
                store.setEscalationLevel(id, 2, now);
                text = "Still not resolved at " + complaint.secondEscalationAt() + ": escalated to management ("
                        + group + ")";
            }
            default -> throw new IllegalArgumentException(step.name());
        }
        store.journal(id, "system", "ESCALATION", step.name(), text, now);
        if (step != EscalationStep.ACKNOWLEDGEMENT_OVERDUE && complaint.processInstanceId() != null) {
            for (Task task : tasks.createTaskQuery().processInstanceId(complaint.processInstanceId()).list()) {
                tasks.addCandidateGroup(task.getId(), group);
            }
        }
        notifier.escalation(require(id), step, group, text);
    }

    /** A cause found becomes a proposed improvement; returns it, or empty when no cause was found. */
    @Transactional
    public Optional<ImprovementItem> recordImprovement(String id) {
        Complaint complaint = require(id);
        if (!Boolean.TRUE.equals(complaint.causeFound())) {
            return Optional.empty();
        }
        if (complaint.improvementId() != null) {
            return improvements.find(complaint.improvementId());
        }
        ImprovementItem item = improvements.add(IMPROVEMENT_SOURCE, id, "Remove the cause of complaint " + id + ": "
                + complaint.title(), "Cause: " + complaint.cause() + "\nActions taken: " + complaint.actions(),
                complaint.severity().name());
        store.setImprovement(id, item.id(), now());
        store.journal(id, "system", "NOTE", "IMPROVEMENT", "Improvement " + item.id()
                + " proposed in the service improvement register", now());
        return Optional.of(item);
    }

    /** Incident and change the complaint names, with their history, for the investigation form. */
    String referenceSummary(Complaint complaint) {
        StringBuilder text = new StringBuilder();
        if (complaint.incidentId() != null) {
            var view = incidents.view(complaint.incidentId());
            Incident incident = view.incident();
            text.append("Incident ").append(incident.id()).append(": ").append(incident.title())
                    .append("\nStatus ").append(incident.status()).append(", priority ").append(incident.priority())
                    .append(", group ").append(incident.assignmentGroup()).append("\nHistory:\n");
            view.journal().forEach(e -> text.append("  ").append(e.at()).append(' ').append(e.actor()).append(": ")
                    .append(e.text()).append('\n'));
        }
        if (complaint.changeId() != null) {
            Change change = changes.require(complaint.changeId());
            text.append("Change ").append(change.id()).append(": ").append(change.title())
                    .append("\nStatus ").append(change.status()).append(", requested ").append(change.requestedAt())
                    .append(change.implementedAt() == null ? "" : ", implemented " + change.implementedAt())
                    .append(change.implementationNote() == null ? "" : "\nImplementation: " + change.implementationNote())
                    .append(change.backoutNote() == null ? "" : "\nBacked out: " + change.backoutNote()).append('\n');
        }
        return text.isEmpty() ? "No incident or change referenced." : text.toString().strip();
    }

    List<ComplaintJournalEntry> journal(String id) {
        return store.journal(id);
    }

    private static String required(String field, String value) {
        String text = ComplaintStore.blankToNull(value);
        if (text == null) {
            throw new InvalidFieldException(field, "must not be blank");
        }
        return text;
    }


    static Instant now() {
        return ClockUtil.getCurrentTime().toInstant();
    }
}
