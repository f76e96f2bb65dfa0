package org.itsmflow.platform;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

import org.camunda.bpm.engine.identity.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * E-mail to engine users and groups, whose addresses come from the identity service (R-8.2c and the other
 * processes' notifications). A mail is <em>queued</em> in the caller's transaction (table {@code mail_outbox}, ADR
 * 0013): it exists if and only if the business step that caused it commits, and {@link MailOutbox} hands it to SMTP
 * (Spring Mail, {@code spring.mail.*}) afterwards, in batches, with retries. Without an SMTP host configured nothing
 * is queued and the caller is told so, which it journals.
 */
@Component
public class Mailer {

    private static final Logger log = LoggerFactory.getLogger(Mailer.class);

    private final ObjectProvider<JavaMailSender> sender;
    private final Directory directory;
    private final MailOutbox outbox;

    Mailer(ObjectProvider<JavaMailSender> sender, Directory directory, MailOutbox outbox) {
        this.sender = sender;
        this.directory = directory;
        this.outbox = outbox;
    }

    /** The e-mail addresses of users (by id) and of the members of groups (by id); unknown ids give none. */
    public List<String> addressesOf(Collection<String> userIds, Collection<String> groupIds) {
        LinkedHashSet<String> addresses = new LinkedHashSet<>();
        for (String userId : userIds) {
            if (userId != null) {
                directory.user(userId).map(User::getEmail).filter(e -> !e.isBlank()).ifPresent(addresses::add);
            }
        }
        for (String groupId : groupIds) {
            if (groupId != null) {
                directory.membersOf(groupId).stream().map(User::getEmail)
                        .filter(Objects::nonNull).filter(e -> !e.isBlank()).forEach(addresses::add);
            }
        }
        return List.copyOf(addresses);
    }

    /**
     * Queues a plain-text mail in the caller's transaction; {@link MailOutbox} sends it after the commit.
     *
     * @param recordId the record it is about (INC-000123, CHG-000045 …), kept with the mail as evidence
     * @param code     what it is about, the code of the caller's journal entry (RECORDED, ESCALATION_MAIL_RESPONSE …)
     * @return whether it was queued, and how to say so in the caller's journal
     */
    public Queued queue(String recordId, String code, List<String> to, String subject, String body) {
        if (to.isEmpty()) {
            return new Queued(null, "no address", to, subject);
        }
        if (sender.getIfAvailable() == null) {
            log.info("No SMTP server configured (spring.mail.host); not sent to {}: {}", to, subject);
            return new Queued(null, "no SMTP server configured", to, subject);
        }
        return new Queued(outbox.add(recordId, code, to, subject, body), null, to, subject);
    }

    /**
     * The outcome of {@link #queue}: the outbox row's id, or why nothing was queued. "Queued" means the mail commits
     * with the step that caused it; whether and when SMTP accepted it is the row's state and {@code sent_at}
     * ({@link MailOutbox#about}).
     */
    public record Queued(Long mailId, String notQueuedBecause, List<String> to, String subject) {

        public boolean queued() {
            return mailId != null;
        }

        /** The journal text: "Queued as mail 17 to a@x, b@y: subject" or "Not sent (no address) to : subject". */
        public String journalText() {
            return (queued() ? "Queued as mail " + mailId + " to " : "Not sent (" + notQueuedBecause + ") to ")
                    + String.join(", ", to) + ": " + subject;
        }
    }
}
