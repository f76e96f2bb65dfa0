package org.itsmflow.event;

import static org.itsmflow.platform.Jdbc.utc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.itsmflow.incident.Incident;
import org.itsmflow.incident.IncidentService;
import org.itsmflow.incident.IncidentWork;
import org.itsmflow.incident.JournalKind;
import org.itsmflow.incident.Level;
import org.itsmflow.incident.NewIncident;
import org.itsmflow.platform.EngineUser;
import org.itsmflow.platform.Mailer;
import org.itsmflow.platform.NotFoundException;
import org.itsmflow.servicelevel.BusinessService;
import org.itsmflow.servicelevel.Customer;
import org.itsmflow.servicelevel.ServiceCatalog;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Incidents from e-mail (R-8.2a): one message of the service desk's mailbox, taken in one transaction.
 * <ul>
 * <li>a subject carrying {@code [INC-000123]} from that incident's reporter goes to its journal, and when the
 * incident waits for the customer the reply answers the question through the process (the SLA clocks run again);</li>
 * <li>a new message from a known customer (a user whose address it is and who is a contact of a customer) opens an
 * incident through {@link IncidentService#report}: subject → title, text → description, the service of the
 * customer's agreements that the mail names (else the first of them);</li>
 * <li>anything else is refused with an answer through the mail outbox (no record is confirmed to exist).</li>
 * </ul>
 * Attachments are kept with the incident up to the configured size and count. Each message is claimed by its
 * Message-ID first, so a message read twice (a crash before it was flagged, a second node) is taken once.
 */
@Service
public class MailIntake {

    static final Pattern INCIDENT_TAG = Pattern.compile("\\[(INC-\\d{6,})]");

    /** What became of a message. */
    public enum Outcome {
        OPENED, REPLY, REFUSED, ALREADY_TAKEN
    }

    /** The outcome and the incident it opened or answered. */
    public record Taken(Outcome outcome, String incidentId) {
    }

    private final JdbcClient jdbc;
    private final IncidentService incidents;
    private final IncidentWork work;
    private final ServiceCatalog catalog;
    private final IdentityService identity;
    private final Mailer mailer;
    private final EngineUser engineUser;

    MailIntake(JdbcClient jdbc, IncidentService incidents, IncidentWork work, ServiceCatalog catalog,
            IdentityService identity, Mailer mailer, EngineUser engineUser) {
        this.jdbc = jdbc;
        this.incidents = incidents;
        this.work = work;
        this.catalog = catalog;
        this.identity = identity;
        this.mailer = mailer;
        this.engineUser = engineUser;
    }

    /**
     * Takes one message in, in one transaction.
     *
     * @param limits the mailbox's limits on attachments (size each, count)
     */
    @Transactional
    public Taken take(MimeMessage message, InboundMailSettings limits) throws MessagingException, IOException {
        String messageId = messageId(message);
        String from = sender(message);
        String subject = cut(message.getSubject() == null ? "(no subject)" : message.getSubject().trim(), 1000);
        Instant now = ClockUtil.getCurrentTime().toInstant();
        // the claim: a second reader of the same message waits here and then fails on the key (nothing written)
        int claimed = jdbc.sql("""
                insert into inbound_mail (message_id, sender, subject, received_at, outcome)
                select ?, ?, ?, ?, 'TAKING' where not exists (select 1 from inbound_mail where message_id = ?)
                """).params(messageId, from, subject, utc(now), messageId).update();
        if (claimed == 0) {
            return new Taken(Outcome.ALREADY_TAKEN, null);
        }
        Optional<User> user = from == null ? Optional.empty() : userWithAddress(from);
        Optional<Customer> customer = user.flatMap(u -> catalog.customerOfContact(u.getId()));
        String text = text(message);
        Matcher tag = INCIDENT_TAG.matcher(subject);
        if (tag.find() && user.isPresent()) {
            Optional<Incident> incident = find(tag.group(1));
            if (incident.isPresent() && user.get().getId().equals(incident.get().reportedBy())) {
                return reply(message, messageId, incident.get(), user.get(), text, limits);
            }
        } else if (customer.isPresent()) {
            return open(message, messageId, subject, text, user.get(), customer.get(), limits);
        }
        return refuse(messageId, from, subject, tag.find(0) ? "names an incident the sender did not report"
                : "the sender is not a known customer contact");
    }

    private Taken open(MimeMessage message, String messageId, String subject, String text, User user,
            Customer customer, InboundMailSettings limits) throws MessagingException, IOException {
        List<BusinessService> services = catalog.servicesOf(customer.id());
        if (services.isEmpty()) {
            return refuse(messageId, user.getEmail(), subject, "the customer has no service agreement");
        }
        String haystack = (subject + " " + text).toLowerCase(Locale.ROOT);
        BusinessService service = services.stream()
                .filter(s -> haystack.contains(s.id().toLowerCase(Locale.ROOT))
                        || (s.name() != null && haystack.contains(s.name().toLowerCase(Locale.ROOT))))
                .findFirst().orElse(services.get(0));
        NewIncident report = new NewIncident(cut(subject, 200), cut(text, 4000), service.id(), null, "other",
                Level.LOW, Level.MEDIUM, null);
        Incident incident = engineUser.asSystem(() -> incidents.report(report, user.getId()));
        incidents.journal(incident.id(), JournalKind.NOTE, "MAIL_RECEIVED", "Reported by e-mail from "
                + user.getEmail() + "; service " + service.id() + " from the agreements of customer " + customer.id());
        keepAttachments(message, messageId, incident.id(), limits);
        done(messageId, Outcome.OPENED, incident.id(), null);
        return new Taken(Outcome.OPENED, incident.id());
    }

    private Taken reply(MimeMessage message, String messageId, Incident incident, User user, String text,
            InboundMailSettings limits) throws MessagingException, IOException {
        String reply = cut(quoteless(text), 2000);
        incidents.journal(incident.id(), JournalKind.NOTE, "MAIL_REPLY", "E-mail from " + user.getEmail() + ": "
                + reply);
        keepAttachments(message, messageId, incident.id(), limits);
        boolean resumed = work.answer(incident.id(), reply);
        done(messageId, Outcome.REPLY, incident.id(), resumed ? "answered the question; SLA clocks resumed" : null);
        return new Taken(Outcome.REPLY, incident.id());
    }

    private Taken refuse(String messageId, String from, String subject, String why) {
        if (from != null) {
            mailer.queue(null, "MAIL_REFUSED", List.of(from), "Re: " + cut(subject, 200),
                    "We could not take your message in: it did not come from the address of a customer contact we "
                            + "know, or it answers an incident you did not report.\n\nPlease report incidents through "
                            + "the self-service portal or call the service desk.\n\nThis message was sent "
                            + "automatically.");
        }
        done(messageId, Outcome.REFUSED, null, why);
        return new Taken(Outcome.REFUSED, null);
    }

    private void keepAttachments(Part message, String messageId, String incidentId, InboundMailSettings settings)
            throws MessagingException, IOException {
        List<Part> parts = new ArrayList<>();
        attachments(message, parts);
        int kept = 0;
        for (Part part : parts) {
            String name = cut(MimeUtility.decodeText(part.getFileName()), 255);
            byte[] content = read(part, settings.maxAttachmentBytes());
            if (content == null || kept >= settings.maxAttachments()) {
                incidents.journal(incidentId, JournalKind.NOTE, "MAIL_ATTACHMENT_REFUSED", "Attachment " + name
                        + " not kept: " + (content == null ? "larger than " + settings.maxAttachmentBytes() + " bytes"
                        : "more than " + settings.maxAttachments() + " attachments"));
                continue;
            }
            String type = part.getContentType() == null ? null : cut(part.getContentType().split(";")[0].trim(), 255);
            jdbc.sql("insert into inbound_mail_attachment (message_id, incident_id, file_name, content_type, "
                    + "size_bytes, content) values (?, ?, ?, ?, ?, ?)")
                    .params(messageId, incidentId, name, type, content.length, content).update();
            incidents.journal(incidentId, JournalKind.NOTE, "MAIL_ATTACHMENT", "Attachment " + name + " kept ("
                    + content.length + " bytes)");
            kept++;
        }
    }

    private static void attachments(Part part, List<Part> found) throws MessagingException, IOException {
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                attachments(multipart.getBodyPart(i), found);
            }
        } else if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition()) || part.getFileName() != null) {
            found.add(part);
        }
    }

    /** The part's bytes, or null when it has more than {@code max}. */
    private static byte[] read(Part part, long max) throws MessagingException, IOException {
        try (InputStream in = part.getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total > max) {
                    return null;
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }
    }

    /** The message's text: its first text/plain part, else its HTML without tags. */
    static String text(Part part) throws MessagingException, IOException {
        String plain = firstText(part, "text/plain");
        if (plain != null) {
            return plain.strip();
        }
        String html = firstText(part, "text/html");
        return html == null ? "" : html.replaceAll("(?s)<(script|style)[^>]*>.*?</\\1>", " ")
                .replaceAll("<[^>]+>", " ").replaceAll("&nbsp;", " ").replaceAll("[ \\t]+", " ").strip();
    }

    private static String firstText(Part part, String type) throws MessagingException, IOException {
        if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            return null;
        }
        if (part.isMimeType(type)) {
            return part.getContent().toString();
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                String text = firstText(child, type);
                if (text != null) {
                    return text;
                }
            }
        }
        return null;
    }

    /** The reply without the quoted mail below it ("> …" lines and what follows "On … wrote:"). */
    static String quoteless(String text) {
        StringBuilder kept = new StringBuilder();
        for (String line : text.split("\\R")) {
            if (line.startsWith(">") || line.matches("(?i)^On .+ wrote:\\s*$")
                    || line.startsWith("-----Original Message-----")) {
                break;
            }
            kept.append(line).append('\n');
        }
        String reply = kept.toString().strip();
        return reply.isEmpty() ? text.strip() : reply;
    }

    private Optional<User> userWithAddress(String address) {
        return engineUser.asSystem(() -> identity.createUserQuery().userEmail(address).list().stream().findFirst());
    }

    private Optional<Incident> find(String id) {
        try {
            return Optional.of(incidents.require(id));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    private void done(String messageId, Outcome outcome, String recordId, String note) {
        jdbc.sql("update inbound_mail set outcome = ?, record_id = ?, note = ? where message_id = ?")
                .params(outcome.name(), recordId, cut(note, 1000), messageId).update();
    }

    static String messageId(MimeMessage message) throws MessagingException {
        String id = message.getMessageID();
        if (id == null || id.isBlank()) {
            // no Message-ID (rare): the sender, date and subject identify it well enough to be taken once
            id = "<" + Integer.toHexString(String.valueOf(message.getFrom() == null ? "" : message.getFrom()[0])
                    .hashCode()) + "." + (message.getSentDate() == null ? 0 : message.getSentDate().getTime()) + "."
                    + Integer.toHexString(String.valueOf(message.getSubject()).hashCode()) + "@no-message-id>";
        }
        return cut(id.trim(), 500);
    }

    static String sender(Message message) throws MessagingException {
        Address[] from = message.getFrom();
        if (from == null || from.length == 0 || !(from[0] instanceof InternetAddress address)) {
            return null;
        }
        return address.getAddress() == null ? null : address.getAddress().trim().toLowerCase(Locale.ROOT);
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
