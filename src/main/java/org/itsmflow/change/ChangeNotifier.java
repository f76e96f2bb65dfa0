package org.itsmflow.change;

import java.util.List;
import java.util.Locale;

import org.itsmflow.platform.Mailer;
import org.springframework.stereotype.Component;

/** Tells the requester of a change that it was approved, rejected (with the reason) or closed. Journalled. */
@Component
class ChangeNotifier {

    /** What happened, as the process names it in the notify task's {@code notification} input. */
    enum Notification {
        APPROVED, REJECTED, CLOSED
    }

    private final ChangeService changes;
    private final Mailer mailer;

    ChangeNotifier(ChangeService changes, Mailer mailer) {
        this.changes = changes;
        this.mailer = mailer;
    }

    void notify(String changeId, Notification notification) {
        Change change = changes.require(changeId);
        List<String> to = mailer.addressesOf(List.of(change.requester()), List.of());
        String subject = "[" + change.id() + "] " + switch (notification) {
            case APPROVED -> "Change approved";
            case REJECTED -> "Change rejected";
            case CLOSED -> "Change closed";
        } + ": " + change.title();
        StringBuilder body = new StringBuilder().append("Change ").append(change.id()).append(": ")
                .append(change.title()).append('\n')
                .append("Type: ").append(change.changeType()).append(", class ").append(change.changeClass())
                .append(", risk ").append(change.riskLevel()).append('\n')
                .append("Status: ").append(change.status().name().toLowerCase(Locale.ROOT).replace('_', ' ')).append('\n')
                .append("Planned window: ").append(change.plannedStart()).append(" – ").append(change.plannedEnd())
                .append("\n\n");
        switch (notification) {
            case APPROVED -> body.append("Your change was approved (").append(nz(change.decisionReason()))
                    .append(") and is on the forward schedule of change.\n");
            case REJECTED -> body.append("Your change was rejected: ").append(nz(change.decisionReason())).append('\n');
            case CLOSED -> body.append("Your change is closed after its review")
                    .append(change.reviewOutcome() == null ? "" : " (" + change.reviewOutcome() + ")").append(".\n");
        }
        Mailer.Queued mail = mailer.queue(change.id(), notification.name(), to, subject, body.toString());
        changes.journal(change.id(), "NOTIFICATION", notification.name(), mail.journalText());
    }

    private static String nz(String value) {
        return value == null ? "" : value;
    }
}
