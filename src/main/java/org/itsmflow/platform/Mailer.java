package org.itsmflow.platform;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

import org.camunda.bpm.engine.identity.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * Sends plain-text e-mail through SMTP (Spring Mail, {@code spring.mail.*}) to engine users and groups, whose
 * addresses come from the identity service. Without an SMTP host configured nothing is sent and the caller is
 * told so, which it records. A failure to send propagates, so the asynchronous process step that called it is
 * retried by the engine and ends as a Cockpit incident if SMTP stays down.
 */
@Component
public class Mailer {

    private static final Logger log = LoggerFactory.getLogger(Mailer.class);

    private final ObjectProvider<JavaMailSender> sender;
    private final Directory directory;
    private final String from;

    Mailer(ObjectProvider<JavaMailSender> sender, Directory directory,
            @Value("${itsm.mail.from:itsm-flow@localhost}") String from) {
        this.sender = sender;
        this.directory = directory;
        this.from = from;
    }

    /** The e-mail addresses of users (by id) and of the members of groups (by id); unknown ids give none. */
    public List<String> addressesOf(Collection<String> userIds, Collection<String> groupIds) {
        java.util.LinkedHashSet<String> addresses = new java.util.LinkedHashSet<>();
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

    /** @return whether the message was handed to an SMTP server */
    public boolean send(List<String> to, String subject, String body) {
        if (to.isEmpty()) {
            return false;
        }
        JavaMailSender smtp = sender.getIfAvailable();
        if (smtp == null) {
            log.info("No SMTP server configured (spring.mail.host); not sent to {}: {}", to, subject);
            return false;
        }
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(from);
        message.setTo(to.toArray(String[]::new));
        message.setSubject(subject);
        message.setText(body);
        smtp.send(message);
        return true;
    }
}
