package org.itsmflow.satisfaction;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.itsmflow.platform.EngineUser;
import org.itsmflow.platform.ConflictException;
import org.itsmflow.platform.InvalidFieldException;
import org.itsmflow.platform.NotFoundException;
import org.itsmflow.servicelevel.Customer;
import org.itsmflow.servicelevel.ServiceCatalog;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.ErrorResponseException;

/**
 * Customer satisfaction (ISO/IEC 20000-1 R-7.2e): when an incident closes its customer is invited to a short survey
 * through a one-time link; the answer is stored per service and customer, and a low score opens a follow-up task for
 * customer relations, the group that owns customer satisfaction ({@code bpmn/SatisfactionFollowUp.bpmn}).
 *
 * <p>The link carries a random 256-bit token of which only the SHA-256 is stored. It is bound to the incident, its
 * customer and the person asked, expires after {@link #VALIDITY}, and works once. "Now" is the engine clock.
 */
@Service
public class SatisfactionService {

    public static final String PROCESS_KEY = "SatisfactionFollowUp";
    /** How long a survey link can be answered. */
    static final Duration VALIDITY = Duration.ofDays(30);
    /** Scores up to this one open a follow-up for customer relations. */
    static final int LOW_SCORE = 2;
    static final String QUESTION = "How satisfied are you with how we handled this incident? "
            + "1 = very dissatisfied, 5 = very satisfied";

    private final SurveyStore store;
    private final ServiceCatalog catalog;
    private final RuntimeService runtime;
    private final IdentityService identity;
    private final EngineUser engineUser;
    private final String baseUrl;

    SatisfactionService(SurveyStore store, ServiceCatalog catalog, RuntimeService runtime, IdentityService identity,
            @Value("${itsm.public-url:http://localhost:8080}") String baseUrl, EngineUser engineUser) {
        this.engineUser = engineUser;
        this.store = store;
        this.catalog = catalog;
        this.runtime = runtime;
        this.identity = identity;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /**
     * Invites the person who reported a closed incident to a survey (R-7.2e). Idempotent: an incident has one
     * survey, however often it is closed. The token is minted when the e-mail is written ({@link #link}).
     *
     * @return the survey id, {@code SAT-000001}
     */
    @Transactional
    public String invite(String incidentId, String subject, String serviceId, String respondent) {
        Optional<Survey> existing = store.findByIncident(incidentId);
        if (existing.isPresent()) {
            return existing.get().id();
        }
        String customerId = catalog.customerOfContact(respondent).map(Customer::id).orElse(null);
        String id = store.nextId();
        Instant now = now();
        store.insert(id, incidentId, subject, serviceId, customerId, respondent, now, now.plus(VALIDITY));
        return id;
    }

    /**
     * A fresh one-time link for the incident's open survey, for the closure e-mail; it replaces any link sent
     * before (a retried e-mail step leaves exactly one working link). Empty when there is no open survey.
     */
    @Transactional
    public Optional<String> link(String incidentId) {
        return store.findByIncident(incidentId).filter(s -> !s.answered() && now().isBefore(s.expiresAt()))
                .map(survey -> {
                    String token = SurveyTokens.newToken();
                    store.setTokenHash(survey.id(), SurveyTokens.hash(token));
                    return baseUrl + "/api/surveys/" + token;
                });
    }

    /** What the link asks; {@code caller} is the authenticated user if the request carried credentials. */
    @Transactional(readOnly = true)
    public SurveyQuestion question(String token, String caller) {
        Survey survey = open(token, caller, null);
        return new SurveyQuestion(survey.incidentId(), survey.subject(), serviceName(survey), QUESTION, 1, 5,
                survey.expiresAt());
    }

    /**
     * Records the answer (once) and, for a score of {@value #LOW_SCORE} or less, starts the follow-up process for
     * customer relations in the same transaction.
     */
    @Transactional
    public SurveyReceipt answer(String token, SurveyAnswer answer, String caller) {
        Survey survey = open(token, caller, answer.incidentId());
        String comment = answer.comment() == null || answer.comment().isBlank() ? null : answer.comment().strip();
        if (!store.answer(survey.id(), answer.score(), comment, now())) {
            throw reused();
        }
        boolean followUp = answer.score() <= LOW_SCORE;
        if (followUp) {
            startFollowUp(survey);
        }
        return new SurveyReceipt(survey.incidentId(), answer.score(), followUp, followUp
                ? "Thank you. We are sorry we did not do better; customer relations will contact you about it."
                : "Thank you for your answer.");
    }

    /**
     * The follow-up is the system's doing, not the anonymous (or customer) caller's: it is started without the
     * caller's engine authorizations, which would not allow starting it.
     */
    private void startFollowUp(Survey survey) {
        ProcessInstance instance = engineUser.asSystem(() -> runtime.startProcessInstanceByKey(PROCESS_KEY,
                survey.id(), Map.of(SatisfactionVariables.SURVEY_ID, survey.id(), SatisfactionVariables.INCIDENT_ID,
                        survey.incidentId())));
        store.setFollowUpInstance(survey.id(), instance.getId());
    }

    /** Customer relations recorded how they followed the low score up (R-7.2e, "acted upon"). */
    @Transactional
    public void recordFollowUp(String surveyId, String outcome, String note) {
        require(surveyId);
        if (note == null || note.isBlank()) {
            throw new InvalidFieldException("followUpNote", "is required: say what was done for the customer");
        }
        store.followedUp(surveyId, outcome, note.strip(), engineUser.actor(), now());
    }

    public Survey require(String id) {
        return store.find(id).orElseThrow(() -> new NotFoundException("Survey", id));
    }

    public Optional<Survey> ofIncident(String incidentId) {
        return store.findByIncident(incidentId);
    }

    /** Answered surveys per service and customer (either filter may be null), newest first. */
    @Transactional(readOnly = true)
    public List<Survey> results(String serviceId, String customerId) {
        return store.answered(serviceId, customerId);
    }

    /**
     * Satisfaction measured (R-7.2e): answers per service and customer whose answer time falls in [from, to),
     * with their average and the number of low scores.
     */
    @Transactional(readOnly = true)
    public List<SatisfactionSummary> summary(Instant from, Instant to) {
        if (from == null) {
            throw new InvalidFieldException("from", "is required");
        }
        if (to == null) {
            throw new InvalidFieldException("to", "is required");
        }
        if (!to.isAfter(from)) {
            throw new InvalidFieldException("to", "must be after from");
        }
        return store.summary(from, to, LOW_SCORE);
    }

    String customerName(Survey survey) {
        return survey.customerId() == null ? "not a recorded customer"
                : catalog.findCustomer(survey.customerId()).map(Customer::name).orElse(survey.customerId());
    }

    String serviceName(Survey survey) {
        return catalog.find(survey.serviceId()).map(s -> s.name()).orElse(survey.serviceId());
    }

    /**
     * The open survey behind a token. Unknown, malformed, superseded and someone else's links are all "not found",
     * so a link reveals nothing about other surveys; a used link is a conflict, an expired one is gone.
     */
    private Survey open(String token, String caller, String incidentId) {
        Survey survey = (SurveyTokens.wellFormed(token) ? store.findByTokenHash(SurveyTokens.hash(token))
                : Optional.<Survey>empty())
                .filter(s -> caller == null || caller.equals(s.respondent()))
                .filter(s -> incidentId == null || incidentId.equals(s.incidentId()))
                .orElseThrow(() -> new ErrorResponseException(HttpStatus.NOT_FOUND, ProblemDetail.forStatusAndDetail(
                        HttpStatus.NOT_FOUND, "There is no survey for this link; use the link from your latest "
                                + "e-mail, signed out or as the person it was sent to"), null));
        if (survey.answered()) {
            throw reused();
        }
        if (!now().isBefore(survey.expiresAt())) {
            throw new ErrorResponseException(HttpStatus.GONE, ProblemDetail.forStatusAndDetail(HttpStatus.GONE,
                    "This survey link expired at " + survey.expiresAt() + "; it can no longer be answered"), null);
        }
        return survey;
    }

    private static ConflictException reused() {
        return new ConflictException("This survey has already been answered; a survey link works once");
    }


    static Instant now() {
        return ClockUtil.getCurrentTime().toInstant();
    }
}
