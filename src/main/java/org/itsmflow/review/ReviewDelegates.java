package org.itsmflow.review;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.itsmflow.platform.InvalidFieldException;
import org.itsmflow.platform.TaskDisplay;
import org.itsmflow.servicelevel.ServiceCatalog;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** The thin delegates and the task details of {@code bpmn/ServiceReview.bpmn}. */
final class ReviewDelegates {

    private ReviewDelegates() {
    }

    static String reviewId(DelegateExecution execution) {
        return (String) execution.getVariable(ReviewVariables.REVIEW_ID);
    }

    /** ServiceTask_StartReviews: the yearly timer fired; one review per customer and service starts. */
    @Component("startServiceReviewsDelegate")
    static class StartReviews implements JavaDelegate {
        private final ServiceReviewService reviews;

        StartReviews(ServiceReviewService reviews) {
            this.reviews = reviews;
        }

        @Override
        public void execute(DelegateExecution execution) {
            execution.setVariable("reviewsStarted", reviews.startDueReviews().size());
        }
    }

    /** ServiceTask_CollectFigures: the period's SLA figures and complaints. */
    @Component("collectReviewFiguresDelegate")
    static class CollectFigures implements JavaDelegate {
        private final ServiceReviewService reviews;

        CollectFigures(ServiceReviewService reviews) {
            this.reviews = reviews;
        }

        @Override
        public void execute(DelegateExecution execution) {
            reviews.collectFigures(reviewId(execution));
        }
    }

    /** ServiceTask_RecordMeeting: the meeting date the service owner set. */
    @Component("recordReviewMeetingDelegate")
    static class RecordMeeting implements JavaDelegate {
        private final ServiceReviewService reviews;

        RecordMeeting(ServiceReviewService reviews) {
            this.reviews = reviews;
        }

        @Override
        public void execute(DelegateExecution execution) {
            reviews.scheduleMeeting(reviewId(execution), instant(execution.getVariable(ReviewVariables.MEETING_AT)));
        }

        /** Tasklist's datetime field submits ISO text with an offset; a Java client may pass a Date. */
        static Instant instant(Object value) {
            if (value == null || value instanceof String s && s.isBlank()) {
                return null;
            }
            if (value instanceof Date date) {
                return date.toInstant();
            }
            try {
                return OffsetDateTime.parse(value.toString()).toInstant();
            } catch (DateTimeParseException e) {
                throw new InvalidFieldException(ReviewVariables.MEETING_AT, "is not a date and time with an offset, "
                        + "e.g. 2026-12-01T10:00+01:00");
            }
        }
    }

    /** ServiceTask_RecordMinutes: minutes, agreed changes and the SLA change, if one was agreed. */
    @Component("recordReviewMinutesDelegate")
    static class RecordMinutes implements JavaDelegate {
        private final ServiceReviewService reviews;

        RecordMinutes(ServiceReviewService reviews) {
            this.reviews = reviews;
        }

        @Override
        public void execute(DelegateExecution execution) {
            SlaChange slaChange = slaChange(execution);
            String agreed = (String) execution.getVariable(ReviewVariables.AGREED_CHANGES);
            reviews.recordMinutes(reviewId(execution), (String) execution.getVariable(ReviewVariables.MINUTES),
                    agreed, slaChange);
            if (slaChange == null && agreed != null && !agreed.isBlank()) {
                // a contract change without new targets: an RFC for the change manager (an SLA change takes the
                // model's "Raise RFC" step instead)
                execution.setVariable(ReviewVariables.CHANGE_ID, reviews.raiseContractRfc(reviewId(execution)).id());
            }
        }
    }

    /** ServiceTask_RaiseRfc: the agreed SLA change becomes an RFC of type SLA_CHANGE. */
    @Component("raiseReviewRfcDelegate")
    static class RaiseRfc implements JavaDelegate {
        private final ServiceReviewService reviews;

        RaiseRfc(ServiceReviewService reviews) {
            this.reviews = reviews;
        }

        @Override
        public void execute(DelegateExecution execution) {
            execution.setVariable(ReviewVariables.CHANGE_ID, reviews.raiseRfc(reviewId(execution),
                    slaChange(execution)).id());
        }
    }

    /** The SLA change the minutes form carries, or null when none was agreed. */
    static SlaChange slaChange(DelegateExecution execution) {
        if (!"YES".equals(execution.getVariable(ReviewVariables.SLA_CHANGE_AGREED))) {
            return null;
        }
        return new SlaChange((String) execution.getVariable(ReviewVariables.SLA_CHANGE_SLA_ID),
                (String) execution.getVariable(ReviewVariables.SLA_CHANGE_PRIORITY),
                minutes(execution.getVariable(ReviewVariables.SLA_CHANGE_RESPONSE), ReviewVariables.SLA_CHANGE_RESPONSE),
                minutes(execution.getVariable(ReviewVariables.SLA_CHANGE_RESOLUTION),
                        ReviewVariables.SLA_CHANGE_RESOLUTION));
    }

    /** Tasklist's number field submits a number (Long or Double); a Java client may pass an Integer or text. */
    static Integer minutes(Object value, String field) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number n) {
            if (n.doubleValue() != Math.rint(n.doubleValue()) || n.doubleValue() > 525600) {
                throw new InvalidFieldException(field, "must be a whole number of minutes up to 525600");
            }
            return n.intValue();
        }
        try {
            return Integer.valueOf(value.toString().strip());
        } catch (NumberFormatException e) {
            throw new InvalidFieldException(field, "must be a whole number of minutes");
        }
    }

    /**
     * Gives the review tasks what their forms show: customer, service, period, SLA figures, complaints, the meeting
     * date and the SLAs in force. Task-local copies for display; the review table stays the only source of truth.
     */
    @Component
    static class TaskDetails {
        private final ServiceReviewService reviews;
        private final ServiceCatalog catalog;
        private final TaskDisplay display;

        TaskDetails(TaskDisplay display, ServiceReviewService reviews, ServiceCatalog catalog) {
            this.display = display;
            this.reviews = reviews;
            this.catalog = catalog;
        }

        @EventListener(condition = "#task.eventName == 'create'")
        public void onCreate(DelegateTask task) {
            if (task.getProcessDefinitionId() == null
                    || !task.getProcessDefinitionId().startsWith(ServiceReviewService.PROCESS_KEY + ":")
                    || !TaskListener.EVENTNAME_CREATE.equals(task.getEventName())) {
                return;
            }
            String reviewId = (String) task.getVariable(ReviewVariables.REVIEW_ID);
            if (reviewId != null) {
                display.show(task, details(reviews.require(reviewId)));
            }
        }

        Map<String, Object> details(ServiceReview review) {
            Map<String, Object> details = new HashMap<>();
            details.put("customerName", catalog.findCustomer(review.customerId()).map(c -> c.name() + " ("
                    + c.id() + ")").orElse(review.customerId()));
            details.put("serviceName", catalog.find(review.serviceId()).map(s -> s.name() + " (" + s.id() + ")")
                    .orElse(review.serviceId()));
            details.put("period", review.periodFrom().toString().substring(0, 10) + " to "
                    + review.periodTo().toString().substring(0, 10));
            details.put("slaFigures", review.slaFigures() == null ? "" : review.slaFigures());
            details.put("complaintFigures", review.complaintFigures() == null ? "" : review.complaintFigures());
            details.put("meetingScheduled", review.meetingAt() == null ? "not scheduled" : review.meetingAt().toString());
            details.put("slasInForce", String.join("\n", catalog.slasOf(review.serviceId()).stream()
                    .map(sla -> sla.id() + " " + sla.name() + ": " + sla.targets().stream()
                            .map(t -> t.priority() + " " + t.responseMinutes() + "/" + t.resolutionMinutes() + " min")
                            .reduce((a, b) -> a + ", " + b).orElse("no targets"))
                    .toList()));
            return details;
        }
    }
}
