package org.itsmflow.review;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.itsmflow.platform.EngineUser;
import org.itsmflow.complaint.Complaint;
import org.itsmflow.complaint.ComplaintService;
import org.itsmflow.change.Change;
import org.itsmflow.change.ChangeService;
import org.itsmflow.change.ChangeType;
import org.itsmflow.change.ChangeUrgency;
import org.itsmflow.change.NewChange;
import org.itsmflow.change.ServiceUpdate;
import org.itsmflow.platform.InvalidFieldException;
import org.itsmflow.platform.NotFoundException;
import org.itsmflow.servicelevel.BusinessService;
import org.itsmflow.servicelevel.ClockKind;
import org.itsmflow.servicelevel.Customer;
import org.itsmflow.servicelevel.ServiceCatalog;
import org.itsmflow.servicelevel.ServiceStatus;
import org.itsmflow.servicelevel.Sla;
import org.itsmflow.servicelevel.SlaClockService;
import org.itsmflow.servicelevel.SlaClockView;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Yearly service reviews with the customer (ISO/IEC 20000-1 R-7.2b, with R-6.1b for SLA changes): one review per
 * customer and active service it uses, started every year by the timer of {@code bpmn/ServiceReview.bpmn}. The
 * review collects the period's SLA figures (incidents of the customer on the service and their SLA clocks and
 * breaches) and complaints, the service owner schedules the meeting and records its minutes, and an agreed SLA
 * change becomes a request for change ({@link ChangeService#raise}, type SLA_CHANGE). "Now" is the engine clock.
 */
@Service
public class ServiceReviewService {

    public static final String PROCESS_KEY = "ServiceReview";
    /** The message that starts one review (the yearly timer starts the round that sends it). */
    static final String REVIEW_DUE_MESSAGE = "ServiceReviewDue";
    /** The period a review covers: the year before it starts. */
    static final Duration PERIOD = Duration.ofDays(365);
    /** When an RFC for an agreed SLA change is planned: after the next CAB, for a short window. */
    static final Duration RFC_LEAD_TIME = Duration.ofDays(14);
    static final Duration RFC_WINDOW = Duration.ofHours(1);
    private static final String INCIDENT_PROCESS = "IncidentManagement";

    private final ServiceReviewStore store;
    private final ServiceCatalog catalog;
    private final SlaClockService slaClocks;
    private final HistoryService history;
    private final RuntimeService runtime;
    private final IdentityService identity;
    private final EngineUser engineUser;
    private final ChangeService changes;

    private final ComplaintService complaints;

    ServiceReviewService(ServiceReviewStore store, ServiceCatalog catalog, SlaClockService slaClocks,
            HistoryService history, RuntimeService runtime, IdentityService identity, ChangeService changes,
            ComplaintService complaints, EngineUser engineUser) {
        this.engineUser = engineUser;
        this.complaints = complaints;
        this.store = store;
        this.catalog = catalog;
        this.slaClocks = slaClocks;
        this.history = history;
        this.runtime = runtime;
        this.identity = identity;
        this.changes = changes;
    }

    /** The yearly timer fired: one review for every customer and every active service it uses. */
    @Transactional
    public List<ServiceReview> startDueReviews() {
        List<ServiceReview> started = new ArrayList<>();
        for (Customer customer : catalog.customers()) {
            for (BusinessService service : catalog.servicesOf(customer.id())) {
                if (service.status() == null || service.status() == ServiceStatus.ACTIVE) {
                    started.add(start(customer.id(), service.id()));
                }
            }
        }
        return started;
    }

    /** Starts the review of one service with one customer, covering the year up to now. */
    @Transactional
    public ServiceReview start(String customerId, String serviceId) {
        Customer customer = catalog.requireCustomer(customerId, "customerId");
        BusinessService service = catalog.require(serviceId, "serviceId");
        if (catalog.servicesOf(customer.id()).stream().noneMatch(s -> s.id().equals(service.id()))) {
            throw new InvalidFieldException("serviceId", "is not a service of customer " + customer.id());
        }
        String id = store.nextId();
        Instant now = now();
        store.insert(id, customer.id(), service.id(), now.minus(PERIOD), now, now);
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put(ReviewVariables.REVIEW_ID, id);
        variables.put(ReviewVariables.OWNER_GROUP, service.ownerGroup());
        // the review is the organisation's, not the caller's: started without the caller's engine authorizations
        // (who may ask for one is decided by the REST endpoint)
        ProcessInstance instance = engineUser.asSystem(
                () -> runtime.startProcessInstanceByMessage(REVIEW_DUE_MESSAGE, id, variables));
        store.setProcessInstance(id, instance.getId());
        return require(id);
    }

    /** The customer's complaints about the service in the period, with their state (R-7.2b, R-7.2c). */
    private String complaintsText(ServiceReview review) {
        List<Complaint> raised = complaints.raisedBetween(review.customerId(), review.serviceId(), review.periodFrom(),
                review.periodTo());
        if (raised.isEmpty()) {
            return "Complaints: none in the period";
        }
        return "Complaints: " + raised.size() + "\n" + raised.stream()
                .map(c -> c.id() + " [" + c.status().name().toLowerCase() + (Boolean.TRUE.equals(c.formal()) ? ", formal"
                        : ", informal") + "] " + c.title())
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    public ServiceReview require(String id) {
        return store.find(id).orElseThrow(() -> new NotFoundException("Service review", id));
    }

    /**
     * Collects the period's SLA figures (R-7.2b, R-6.1d): the customer's incidents on the service started in the
     * period, their response and resolution clocks, how many were met and which were breached; and the customer's
     * complaints about the service in the period.
     */
    @Transactional
    public ServiceReview collectFigures(String id) {
        ServiceReview review = require(id);
        Set<String> contacts = Set.copyOf(catalog.requireCustomer(review.customerId(), null).contacts());
        List<HistoricProcessInstance> incidents = history.createHistoricProcessInstanceQuery()
                .processDefinitionKey(INCIDENT_PROCESS).variableValueEquals("serviceId", review.serviceId())
                .startedAfter(Date.from(review.periodFrom())).startedBefore(Date.from(review.periodTo()))
                .orderByProcessInstanceStartTime().asc().list().stream()
                .filter(pi -> contacts.contains(reporter(pi.getId()))).toList();
        Map<ClockKind, int[]> counts = new LinkedHashMap<>();
        for (ClockKind kind : ClockKind.values()) {
            counts.put(kind, new int[3]); // met, breached, still open
        }
        List<String> breached = new ArrayList<>();
        Instant now = now();
        for (HistoricProcessInstance incident : incidents) {
            for (SlaClockView clock : slaClocks.status(incident.getBusinessKey(), now)) {
                int[] c = counts.get(clock.kind());
                if (clock.breached() || clock.overdue()) {
                    c[1]++;
                    breached.add(incident.getBusinessKey() + " " + clock.kind().name().toLowerCase());
                } else if (clock.stoppedAt() != null) {
                    c[0]++;
                } else {
                    c[2]++;
                }
            }
        }
        int clocks = counts.values().stream().mapToInt(c -> c[0] + c[1] + c[2]).sum();
        int breaches = counts.values().stream().mapToInt(c -> c[1]).sum();
        StringBuilder text = new StringBuilder("Incidents of the customer on the service: " + incidents.size());
        counts.forEach((kind, c) -> {
            int total = c[0] + c[1] + c[2];
            if (total > 0) {
                text.append("\n").append(kind.name().charAt(0)).append(kind.name().substring(1).toLowerCase())
                        .append(" targets: ").append(c[0]).append(" met, ").append(c[1]).append(" breached, ")
                        .append(c[2]).append(" still open (of ").append(total).append(")");
            }
        });
        text.append("\nBreached: ").append(breached.isEmpty() ? "none" : String.join(", ", breached));
        store.setFigures(id, incidents.size(), clocks, breaches, truncate(text.toString(), 4000),
                truncate(complaintsText(review), 4000));
        return require(id);
    }

    private String reporter(String processInstanceId) {
        HistoricVariableInstance variable = history.createHistoricVariableInstanceQuery()
                .processInstanceId(processInstanceId).variableName("reportedBy").singleResult();
        return variable == null ? null : (String) variable.getValue();
    }

    /** The service owner set the meeting date. */
    @Transactional
    public void scheduleMeeting(String id, Instant meetingAt) {
        require(id);
        if (meetingAt == null) {
            throw new InvalidFieldException("meetingAt", "is required: when the review meeting takes place");
        }
        store.setMeeting(id, meetingAt);
    }

    /**
     * Records the meeting's minutes and agreed changes (R-7.2b). An agreed SLA change is checked here so that a
     * wrong SLA or target is refused while the minutes are still open in Tasklist.
     */
    @Transactional
    public void recordMinutes(String id, String minutes, String agreedChanges, SlaChange slaChange) {
        ServiceReview review = require(id);
        if (minutes == null || minutes.isBlank()) {
            throw new InvalidFieldException("minutes", "is required: what was discussed and agreed");
        }
        if (slaChange != null) {
            validate(review, slaChange);
        }
        store.setMinutes(id, truncate(minutes.strip(), 8000), agreedChanges == null || agreedChanges.isBlank() ? null
                : truncate(agreedChanges.strip(), 4000), engineUser.actor(), now());
    }

    private void validate(ServiceReview review, SlaChange change) {
        if (change.slaId() == null || change.slaId().isBlank()) {
            throw new InvalidFieldException("slaChangeSlaId", "is required for an SLA change");
        }
        Sla sla = catalog.requireSla(change.slaId().strip(), "slaChangeSlaId");
        if (!sla.serviceId().equals(review.serviceId())) {
            throw new InvalidFieldException("slaChangeSlaId", "is not an SLA of service " + review.serviceId());
        }
        if (change.priority() == null || !change.priority().matches("P[1-4]")) {
            throw new InvalidFieldException("slaChangePriority", "must be one of P1, P2, P3, P4");
        }
        if (change.responseMinutes() == null || change.responseMinutes() < 1) {
            throw new InvalidFieldException("slaChangeResponseMinutes", "must be a positive number of minutes");
        }
        if (change.resolutionMinutes() == null || change.resolutionMinutes() < change.responseMinutes()) {
            throw new InvalidFieldException("slaChangeResolutionMinutes", "must not be shorter than the response target");
        }
    }

    /**
     * The agreed SLA change becomes a request for change through change management (R-7.2b, R-6.1b), raised by the
     * person who recorded the minutes; the review keeps its id. Idempotent: a review raises one RFC.
     */
    @Transactional
    public Change raiseRfc(String id, SlaChange slaChange) {
        ServiceReview review = require(id);
        if (review.changeId() != null) {
            return changes.require(review.changeId());
        }
        validate(review, slaChange);
        BusinessService service = catalog.require(review.serviceId(), null);
        Instant start = now().plus(RFC_LEAD_TIME);
        NewChange rfc = new NewChange(
                "SLA change agreed in service review " + id + ": " + service.name() + " " + slaChange.priority(),
                "Agreed with customer " + review.customerId() + " in service review " + id + ": " + slaChange.priority()
                        + " targets of " + slaChange.slaId() + " become " + slaChange.responseMinutes()
                        + " min response, " + slaChange.resolutionMinutes() + " min resolution.",
                truncate("Agreed in the service review with the customer (R-7.2b): "
                        + (review.agreedChanges() == null ? "see the review minutes" : review.agreedChanges()), 2000),
                ChangeType.SLA_CHANGE, ChangeUrgency.MEDIUM, List.of(), start, start.plus(RFC_WINDOW),
                "Update the SLA targets in the SLA store when the change is implemented.",
                "Restore the previous targets of " + slaChange.slaId() + " " + slaChange.priority() + ".",
                BigDecimal.ZERO, "Service levels as agreed with the customer",
                null, new ServiceUpdate(review.serviceId(), null, null, null, slaChange.slaId().strip(),
                        slaChange.priority(), slaChange.responseMinutes(), slaChange.resolutionMinutes()));
        Change raised = changes.raise(rfc, requester(review, service));
        store.setChange(id, raised.id());
        return raised;
    }

    /**
     * A change to the contract agreed in the review without new SLA targets becomes a request for change too
     * (R-7.2b: changes to the SLA or contract go through change management, R-6.1b), of type NORMAL: the change
     * manager assesses what the agreed text means. Idempotent: a review raises one RFC.
     */
    @Transactional
    public Change raiseContractRfc(String id) {
        ServiceReview review = require(id);
        if (review.changeId() != null) {
            return changes.require(review.changeId());
        }
        if (review.agreedChanges() == null) {
            throw new InvalidFieldException("agreedChanges", "is required for a contract change");
        }
        BusinessService service = catalog.require(review.serviceId(), null);
        Instant start = now().plus(RFC_LEAD_TIME);
        NewChange rfc = new NewChange(
                truncate("Contract change agreed in service review " + id + ": " + service.name(), 200),
                truncate("Agreed with customer " + review.customerId() + " in service review " + id + ": "
                        + review.agreedChanges(), 4000),
                "Agreed in the service review with the customer (R-7.2b)", ChangeType.NORMAL, ChangeUrgency.LOW,
                List.of(), start, start.plus(RFC_WINDOW),
                "Amend the service contract with customer " + review.customerId() + " as agreed.",
                "Keep the current contract.", BigDecimal.ZERO, "The contract reflects what the customer agreed",
                null, null);
        Change raised = changes.raise(rfc, requester(review, service));
        store.setChange(id, raised.id());
        return raised;
    }

    /** Who recorded the minutes, or if the engine did, the first member of the service's owner group. */
    private String requester(ServiceReview review, BusinessService service) {
        if (review.minutesBy() != null && !"system".equals(review.minutesBy())) {
            return review.minutesBy();
        }
        return identity.createUserQuery().memberOfGroup(service.ownerGroup()).orderByUserId().asc().list().stream()
                .map(User::getId).findFirst().orElseThrow(() -> new IllegalStateException(
                        "Service " + service.id() + " has no owner to raise the RFC of review " + review.id()));
    }


    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    static Instant now() {
        return ClockUtil.getCurrentTime().toInstant();
    }
}
