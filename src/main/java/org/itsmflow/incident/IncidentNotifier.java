package org.itsmflow.incident;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.itsmflow.platform.Mailer;
import org.itsmflow.platform.Role;
import org.itsmflow.satisfaction.SatisfactionService;
import org.itsmflow.servicelevel.BusinessService;
import org.itsmflow.servicelevel.ClockKind;
import org.itsmflow.servicelevel.ServiceCatalog;
import org.itsmflow.servicelevel.SlaClockService;
import org.itsmflow.servicelevel.SlaClockView;
import org.springframework.stereotype.Component;

/**
 * Tells people about an incident by e-mail (R-8.2c): the customer of every state change and in advance of a
 * breach, the working group of warnings, the service owners and the next support line of escalations, and the
 * stakeholders of a major incident at regular intervals. Every message is queued in the mail outbox in the step's
 * transaction and journalled there as a NOTIFICATION ("Queued as mail 17 to …", or "Not sent (…)"); when SMTP
 * accepted it is the outbox row's {@code sent_at} ({@link org.itsmflow.platform.MailOutbox#about}, ADR 0013).
 */
@Component
class IncidentNotifier {

    /** What happened, as the process names it in the notify task's {@code notification} input. */
    enum Notification {
        RECORDED, IN_PROGRESS, PENDING_CUSTOMER, RESOLVED, REOPENED, CLOSED, SLA_WARNING, STAKEHOLDER_UPDATE
    }

    /** How the journal entry of an SLA warning starts: the target it warned of follows. */
    private static final String TARGET = "Resolution target";

    private final IncidentService incidents;
    private final ServiceCatalog catalog;
    private final SlaClockService slaClocks;
    private final Mailer mailer;
    private final SatisfactionService surveys;

    IncidentNotifier(IncidentService incidents, ServiceCatalog catalog, SlaClockService slaClocks, Mailer mailer,
            SatisfactionService surveys) {
        this.surveys = surveys;
        this.incidents = incidents;
        this.catalog = catalog;
        this.slaClocks = slaClocks;
        this.mailer = mailer;
    }

    void notify(String incidentId, Notification notification) {
        Incident incident = incidents.require(incidentId);
        String target = notification == Notification.SLA_WARNING ? warningTarget(incidentId) : "";
        if (notification == Notification.SLA_WARNING && incidents.journalEntries(incidentId, notification.name())
                .stream().anyMatch(e -> e.text().startsWith(target) || !e.text().startsWith(TARGET))) {
            return; // warned of this target already (or before warnings named it): the timer fired again on re-entry
        }
        BusinessService service = catalog.require(incident.serviceId(), null);
        List<String> groups = new ArrayList<>();
        switch (notification) {
            case SLA_WARNING -> groups.add(incident.assignmentGroup());
            case STAKEHOLDER_UPDATE -> {
                groups.add(Role.MAJOR_INCIDENT.groupId());
                groups.add(service.ownerGroup());
            }
            default -> { }
        }
        List<String> to = mailer.addressesOf(List.of(incident.reportedBy()), groups);
        String subject = "[" + incident.id() + "] " + headline(notification) + ": " + incident.title();
        String body = body(incident, service, notification);
        Mailer.Queued mail = mailer.queue(incident.id(), notification.name(), to, subject, body);
        incidents.journal(incident.id(), JournalKind.NOTIFICATION, notification.name(), target + mail.journalText());
    }

    /**
     * The resolution target an SLA warning is about, as the prefix of its journal entry: the warning is given once per
     * target (R-8.2c). Pausing for the customer moves the warning time but keeps the target; re-prioritisation gives
     * the clock a new target, which is warned of again.
     */
    private String warningTarget(String incidentId) {
        return slaClocks.status(incidentId, IncidentService.now()).stream()
                .filter(c -> c.kind() == ClockKind.RESOLUTION).findFirst()
                .map(c -> TARGET + " " + c.priority() + ", " + c.targetMinutes() + " business minutes: ")
                .orElse(TARGET + ": ");
    }

    /**
     * Escalation mail to the service owners (hierarchical) and, if there is one, the next support line; queued once per
     * escalation: a repeated run (retry after a failure to commit, another pass of the process) finds the journal
     * entry {@code ESCALATION_MAIL_<kind>} and sends nothing.
     */
    void escalate(String incidentId, ClockKind kind, String nextLine) {
        String code = "ESCALATION_MAIL_" + kind.name();
        if (incidents.journalled(incidentId, code)) {
            return;
        }
        Incident incident = incidents.require(incidentId);
        BusinessService service = catalog.require(incident.serviceId(), null);
        List<String> groups = new ArrayList<>(List.of(service.ownerGroup()));
        if (nextLine != null) {
            groups.add(nextLine);
        }
        List<String> to = mailer.addressesOf(List.of(), groups);
        String what = kind == ClockKind.RESPONSE ? "not responded to in time" : "not resolved in time";
        String subject = "[" + incident.id() + "] Escalation: " + what + ": " + incident.title();
        String body = "Incident " + incident.id() + " (" + incident.priority() + ", " + service.name() + ") was " + what
                + ".\nAssigned group: " + incident.assignmentGroup()
                + (nextLine == null ? "" : "\nEscalated to the next support line: " + nextLine)
                + "\nService owners are informed (hierarchical escalation).\n\n" + sla(incident.id());
        Mailer.Queued mail = mailer.queue(incident.id(), code, to, subject, body);
        incidents.journal(incident.id(), JournalKind.NOTIFICATION, code,
                mail.journalText() + (nextLine == null ? "" : " → " + nextLine));
    }

    private String body(Incident incident, BusinessService service, Notification notification) {
        StringBuilder text = new StringBuilder();
        text.append("Incident ").append(incident.id()).append(": ").append(incident.title()).append('\n')
                .append("Service: ").append(service.name()).append('\n')
                .append("Status: ").append(incident.status().name().toLowerCase(Locale.ROOT).replace('_', ' ')).append('\n')
                .append("Priority: ").append(incident.priority()).append(" — ").append(incident.priorityReason()).append('\n')
                .append("Assigned to: ").append(incident.assignmentGroup()).append("\n\n");
        switch (notification) {
            case RECORDED -> text.append("We have recorded your incident and are working on it.\n");
            case IN_PROGRESS -> text.append("Your incident has been triaged and is being worked on by ")
                    .append(incident.assignmentGroup()).append(".\n");
            case PENDING_CUSTOMER -> text.append("We need information from you to continue; please answer the request "
                    + "in Tasklist. The SLA clock is paused until you do.\n");
            case RESOLVED -> text.append("We believe the incident is resolved: ").append(nullToEmpty(incident.resolutionNote()))
                    .append("\nPlease confirm in Tasklist, or reopen it if the problem persists.\n");
            case REOPENED -> text.append("The incident has been reopened and is being worked on again.\n");
            case CLOSED -> {
                text.append("The incident is closed.\n");
                surveys.link(incident.id()).ifPresent(link -> text.append("\nHow satisfied are you with how we "
                        + "handled it? Please tell us (score 1 to 5, once, within 30 days):\n").append(link).append('\n'));
            }
            case SLA_WARNING -> text.append("Advance warning: the resolution target of this incident may not be met.\n");
            case STAKEHOLDER_UPDATE -> text.append("Major incident update: the major-incident team is working on it.\n");
        }
        return text.append('\n').append(sla(incident.id())).toString();
    }

    private String sla(String incidentId) {
        return slaClocks.status(incidentId, IncidentService.now()).stream().map(IncidentNotifier::clockLine)
                .collect(Collectors.joining("\n"));
    }

    private static String clockLine(SlaClockView clock) {
        return clock.kind().name().charAt(0) + clock.kind().name().substring(1).toLowerCase(Locale.ROOT)
                + " due " + clock.dueAt() + " (" + clock.state().name().toLowerCase(Locale.ROOT)
                + (clock.breached() ? ", breached" : "") + ")";
    }

    private static String headline(Notification notification) {
        return switch (notification) {
            case RECORDED -> "Incident recorded";
            case IN_PROGRESS -> "Incident in progress";
            case PENDING_CUSTOMER -> "Information needed";
            case RESOLVED -> "Incident resolved";
            case REOPENED -> "Incident reopened";
            case CLOSED -> "Incident closed";
            case SLA_WARNING -> "Resolution target at risk";
            case STAKEHOLDER_UPDATE -> "Major incident update";
        };
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
