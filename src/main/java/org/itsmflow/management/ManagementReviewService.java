package org.itsmflow.management;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * Management reviews of the service management system at planned intervals (ISO/IEC 20000-1 clause 4, R-3.1), run by
 * {@code bpmn/ManagementReview.bpmn}: every six months (and on request) a review is recorded ({@code MR-000001}) with
 * the inputs of the six months before, gathered from the product's own records ({@link ManagementReviewInputs}); the
 * service owners hold it, recording attendees, minutes and decisions; each decision becomes an item of the service
 * improvement register (R-4.4) whose source reference is the review. "Now" is the engine clock.
 */
@Service
public class ManagementReviewService {

    public static final String PROCESS_KEY = "ManagementReview";
    /** The message that starts a review on request (the other start event is the half-yearly timer). */
    static final String REQUESTED_MESSAGE = "ManagementReviewRequested";
    /** The planned interval: two reviews a year, each covering the six months before it. */
    static final int INTERVAL_MONTHS = 6;
    /** How long the service owners have to hold a review before it shows as overdue. */
    static final int DUE_MONTHS = 1;
    /** The register's source for decisions of a management review (the review's id is the source reference). */
    static final String IMPROVEMENT_SOURCE = "MANAGEMENT_REVIEW";
    static final int MAX_DECISIONS = 30;
    private static final Pattern PRIORITY_PREFIX = Pattern.compile("^(HIGH|MEDIUM|LOW)\\s*[:|\\-–]\\s*(.+)$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern LIST_MARK = Pattern.compile("^(?:[-*•]|\\d+[.)])\\s+");

    private final ManagementReviewStore store;
    private final ManagementReviewInputs inputs;
    private final ImprovementRegister improvements;
    private final RuntimeService runtime;
    private final EngineUser engineUser;

    ManagementReviewService(ManagementReviewStore store, ManagementReviewInputs inputs,
            ImprovementRegister improvements, RuntimeService runtime, EngineUser engineUser) {
        this.store = store;
        this.inputs = inputs;
        this.improvements = improvements;
        this.runtime = runtime;
        this.engineUser = engineUser;
    }

    /**
     * Starts a management review now, out of turn (R-3.1), for the reason given (required, at most 1000
     * characters). Who may ask is decided by the caller (the REST endpoint:
     * service owners and administrators); the review itself runs as the organisation's, not with the caller's engine
     * authorizations.
     */
    @Transactional
    public ManagementReview request(String requestedBy, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new InvalidFieldException("reason",
                    "is required: why a review is needed before the next planned one");
        }
        if (reason.strip().length() > 1000) {
            throw new InvalidFieldException("reason", "must be at most 1000 characters");
        }
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put(ManagementReviewVariables.REQUESTED_BY, requestedBy);
        variables.put(ManagementReviewVariables.REQUEST_REASON, reason.strip());
        ProcessInstance instance = engineUser.asSystem(
                () -> runtime.startProcessInstanceByMessage(REQUESTED_MESSAGE, variables));
        return store.findByProcessInstance(instance.getId()).orElseThrow(() -> new IllegalStateException(
                "Management review process " + instance.getId() + " recorded no review"));
    }

    /**
     * Records the review of a process instance just started (ServiceTask_RecordReview): by the half-yearly timer
     * when {@code requestedBy} is null, otherwise on request. The period is the planned interval up to now; the
     * review is due one month from now. Idempotent per process instance.
     */
    @Transactional
    public ManagementReview record(String processInstanceId, String requestedBy, String reason) {
        var existing = store.findByProcessInstance(processInstanceId);
        if (existing.isPresent()) {
            return existing.get();
        }
        Instant now = now();
        boolean requested = requestedBy != null && !requestedBy.isBlank();
        // the timer's review covers the calendar half-year just ended; one on request the six months up to now
        Instant to = requested ? now : now.truncatedTo(ChronoUnit.DAYS);
        Instant from = to.atZone(ZoneOffset.UTC).minusMonths(INTERVAL_MONTHS).toInstant();
        String id = store.nextId();
        store.insert(id, requested ? ManagementReviewTrigger.REQUESTED : ManagementReviewTrigger.SCHEDULED,
                requested ? requestedBy : null, reason == null || reason.isBlank() ? null : cut(reason.strip(), 1000),
                from, to, dueAfter(now), processInstanceId, now);
        return require(id);
    }

    /** Gathers the period's inputs from the product's records and stores them on the review (R-3.1). */
    @Transactional
    public ManagementReview gatherInputs(String id) {
        ManagementReview review = require(id);
        // read as the organisation: the inputs cover every process, whatever the starter may see in the engine
        ReviewInputs gathered = engineUser.asSystem(() -> inputs.gather(review.periodFrom(), review.periodTo(),
                store.lastHeldBefore(review.createdAt(), review.id())));
        store.setInputs(id, gathered, now());
        return require(id);
    }

    /**
     * Records the meeting (R-3.1): attendees and minutes are required; each decision line becomes a decision of the
     * review and an improvement item (R-4.4, source reference the review). A line may start with HIGH:, MEDIUM: or
     * LOW: for its priority (MEDIUM otherwise). Idempotent: a held review is returned as it is.
     */
    @Transactional
    public ManagementReview hold(String id, String attendees, String minutes, String decisions) {
        ManagementReview review = require(id);
        if (review.status() == ManagementReviewStatus.HELD) {
            return review;
        }
        if (attendees == null || attendees.isBlank()) {
            throw new InvalidFieldException(ManagementReviewVariables.ATTENDEES, "is required: who took part");
        }
        if (attendees.strip().length() > 1000) {
            throw new InvalidFieldException(ManagementReviewVariables.ATTENDEES, "must be at most 1000 characters");
        }
        if (minutes == null || minutes.isBlank()) {
            throw new InvalidFieldException(ManagementReviewVariables.MINUTES,
                    "is required: what was reviewed and concluded");
        }
        if (minutes.strip().length() > 8000) {
            throw new InvalidFieldException(ManagementReviewVariables.MINUTES, "must be at most 8000 characters");
        }
        List<String[]> lines = decisions(decisions);
        if (!store.setHeld(id, attendees.strip(), minutes.strip(), engineUser.actor(), now())) {
            return require(id);
        }
        int line = 0;
        for (String[] decision : lines) {
            line++;
            ImprovementItem item = improvements.add(IMPROVEMENT_SOURCE, id, cut("Management review " + id + ": "
                    + decision[1], 200), "Decided in management review " + id + " (R-3.1) for the period "
                    + ManagementReviewInputs.period(review.periodFrom(), review.periodTo()) + ": " + decision[1],
                    decision[0]);
            store.addDecision(id, line, decision[1], decision[0], item.id());
        }
        return require(id);
    }

    /** The decision lines: blank lines and list marks dropped; each {priority, text}. */
    static List<String[]> decisions(String text) {
        List<String[]> lines = new ArrayList<>();
        if (text == null || text.isBlank() || text.strip().equalsIgnoreCase("none")) {
            return lines;
        }
        for (String raw : text.split("\\R")) {
            String line = LIST_MARK.matcher(raw.strip()).replaceFirst("").strip();
            if (line.isEmpty()) {
                continue;
            }
            String priority = "MEDIUM";
            Matcher m = PRIORITY_PREFIX.matcher(line);
            if (m.matches()) {
                priority = m.group(1).toUpperCase(Locale.ROOT);
                line = m.group(2).strip();
            }
            if (line.length() > 1000) {
                throw new InvalidFieldException(ManagementReviewVariables.DECISIONS,
                        "line " + (lines.size() + 1) + " is longer than 1000 characters");
            }
            lines.add(new String[] {priority, line});
        }
        if (lines.size() > MAX_DECISIONS) {
            throw new InvalidFieldException(ManagementReviewVariables.DECISIONS,
                    "at most " + MAX_DECISIONS + " decisions, one a line");
        }
        return lines;
    }

    /** The overdue timer fired while the review was still open: it is marked overdue (visible in the API). */
    @Transactional
    public void markOverdue(String id) {
        require(id);
        store.markOverdue(id, now());
    }

    /** @throws NotFoundException when no review has this id */
    public ManagementReview require(String id) {
        return store.find(id == null ? "" : id).orElseThrow(() -> new NotFoundException("Management review", id));
    }

    /** Reviews newest first, of one status or all. */
    public List<ManagementReview> list(ManagementReviewStatus status, int limit) {
        return store.list(status, limit);
    }

    /** When a review is due after it started: the user task's due date and the overdue timer. */
    static Instant dueAfter(Instant start) {
        return start.atZone(ZoneOffset.UTC).plusMonths(DUE_MONTHS).toInstant();
    }

    static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    static Instant now() {
        return ClockUtil.getCurrentTime().toInstant();
    }
}
