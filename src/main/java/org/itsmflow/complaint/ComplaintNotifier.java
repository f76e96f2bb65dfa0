package org.itsmflow.complaint;

import java.util.ArrayList;
import java.util.List;

import org.itsmflow.platform.Mailer;
import org.springframework.stereotype.Component;

/**
 * Tells people about a complaint by e-mail: the complainant of its receipt, acknowledgement, outcome and closure
 * (R-7.2c), and the group escalated to of each escalation (R-7.2d). Every message sent (or not sent, without SMTP)
 * is journalled on the complaint.
 */
@Component
class ComplaintNotifier {

    private final ComplaintStore store;
    private final Mailer mailer;

    ComplaintNotifier(ComplaintStore store, Mailer mailer) {
        this.store = store;
        this.mailer = mailer;
    }

    void received(Complaint complaint) {
        toCustomer(complaint, "Complaint received", "We have recorded your complaint \"" + complaint.title()
                + "\" and will acknowledge it shortly.");
    }

    void toCustomer(Complaint complaint, String headline, String text) {
        send(complaint, "CUSTOMER", mailer.addressesOf(List.of(complaint.raisedBy()), List.of()), headline, text);
    }

    void escalation(Complaint complaint, ComplaintService.EscalationStep step, String group, String text) {
        List<String> groups = new ArrayList<>();
        groups.add(group);
        if (step == ComplaintService.EscalationStep.ACKNOWLEDGEMENT_OVERDUE && complaint.ownerGroup() != null) {
            groups.add(complaint.ownerGroup());
        }
        send(complaint, "ESCALATION_" + step.name(), mailer.addressesOf(List.of(), groups),
                "Escalation", text + ".\nSeverity " + complaint.severity() + ", raised by " + complaint.raisedBy()
                        + (complaint.customerId() == null ? "" : " of " + complaint.customerId())
                        + ". Open the complaint's task in Tasklist.");
    }

    private void send(Complaint complaint, String code, List<String> to, String headline, String text) {
        String subject = "[" + complaint.id() + "] " + headline + ": " + complaint.title();
        Mailer.Queued mail = mailer.queue(complaint.id(), code, to, subject, text + "\n\nComplaint " + complaint.id()
                + ", status " + complaint.status().name().toLowerCase().replace('_', ' ') + ".");
        store.journal(complaint.id(), "system", "NOTIFICATION", code, mail.journalText(), ComplaintService.now());
    }
}
