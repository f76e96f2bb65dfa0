package org.itsmflow.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import jakarta.activation.DataHandler;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import org.camunda.bpm.engine.TaskService;
import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Incidents from e-mail over real IMAP: mails are sent over SMTP into a GreenMail server with an IMAP mailbox, and
 * the application's mailbox reader ({@link InboundMailbox}, pointed at that server) reads them over IMAP.
 */
@PostgresTest
@DisplayName("R-8.2a incidents from e-mail (IMAP)")
class MailIntakeTest {

    static final String DESK = "servicedesk@itsm-flow.example";

    @Autowired
    MailIntake intake;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TaskService tasks;

    GreenMail mail;
    ServerSetup smtp;
    ServerSetup imap;
    InboundMailbox mailbox;

    @BeforeEach
    void mailServer() throws IOException {
        smtp = new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        imap = new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_IMAP);
        mail = new GreenMail(new ServerSetup[] {smtp, imap});
        mail.start();
        mail.setUser(DESK, "desk", "desk-secret");
        mailbox = new InboundMailbox(new InboundMailSettings("127.0.0.1", imap.getPort(), "imap", "desk",
                "desk-secret", "INBOX", "Processed", Duration.ofMinutes(1), 2048, 10), intake);
    }

    @AfterEach
    void stop() {
        mail.stop();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A mail as a mail client writes it: text, and attachments of the given sizes. */
    MimeMessage message(String from, String subject, String text, Map<String, Integer> attachments)
            throws MessagingException {
        MimeMessage message = new MimeMessage(GreenMailUtil.getSession(smtp)) {
            @Override
            protected void updateMessageID() throws MessagingException {
                if (getMessageID() == null) { // keep the Message-ID the test set, as a mail client does
                    super.updateMessageID();
                }
            }
        };
        message.setFrom(new InternetAddress(from));
        message.setRecipients(Message.RecipientType.TO, DESK);
        message.setSubject(subject, "UTF-8");
        MimeMultipart multipart = new MimeMultipart();
        MimeBodyPart body = new MimeBodyPart();
        body.setText(text, "UTF-8");
        multipart.addBodyPart(body);
        for (Map.Entry<String, Integer> file : attachments.entrySet()) {
            MimeBodyPart part = new MimeBodyPart();
            byte[] content = new byte[file.getValue()];
            Arrays.fill(content, (byte) 'x');
            part.setDataHandler(new DataHandler(new ByteArrayDataSource(content, "text/plain")));
            part.setFileName(file.getKey());
            part.setDisposition(MimeBodyPart.ATTACHMENT);
            multipart.addBodyPart(part);
        }
        message.setContent(multipart);
        message.saveChanges();
        return message;
    }

    /** Sends over SMTP to the desk's mailbox. */
    void send(MimeMessage message) {
        GreenMailUtil.sendMimeMessage(message);
    }

    int count(String folderName) throws MessagingException {
        Store store = mail.getImap().createStore();
        store.connect("desk", "desk-secret");
        try {
            Folder folder = store.getFolder(folderName);
            folder.open(Folder.READ_ONLY);
            try {
                return folder.getMessageCount();
            } finally {
                folder.close(false);
            }
        } finally {
            store.close();
        }
    }

    String incidentOf(String messageId) {
        return jdbc.queryForObject("select record_id from inbound_mail where message_id = ?", String.class, messageId);
    }

    @Test
    @DisplayName("R-8.2a a mail from a known customer opens an incident: subject, text, the service it names, "
            + "attachments within the limit; the message is moved only after the incident committed")
    void customerMailOpensAnIncident() throws Exception {
        MimeMessage sent = message("kate@itsm-flow.example", "ERP invoices cannot be posted",
                "Since 09:10 posting an invoice in the ERP fails with a timeout.\n\nKate",
                Map.of("screenshot.txt", 100, "dump.bin", 5000));
        sent.setHeader("Message-ID", "<erp-" + System.nanoTime() + "@mail.acme.example>");
        String messageId = sent.getMessageID();
        send(sent);
        mail.waitForIncomingEmail(5000, 1);

        InboundMailbox.Poll poll = mailbox.poll();
        assertThat(poll.taken()).isEqualTo(1);
        String id = incidentOf(messageId);
        assertThat(id).matches("INC-\\d{6}");
        Map<String, Object> incident = jdbc.queryForMap("select * from incident where id = ?", id);
        assertThat(incident.get("title")).isEqualTo("ERP invoices cannot be posted");
        assertThat((String) incident.get("description")).startsWith("Since 09:10 posting an invoice");
        assertThat(incident.get("service_id")).as("the service of acme's agreements the mail names").isEqualTo("erp");
        assertThat(incident.get("reported_by")).isEqualTo("kate");
        assertThat(incident.get("priority")).as("prioritised by the process").isNotNull();
        assertThat(jdbc.queryForList("select file_name from inbound_mail_attachment where incident_id = ?",
                String.class, id)).containsExactly("screenshot.txt");
        assertThat(jdbc.queryForList("select code from incident_journal where incident_id = ?", String.class, id))
                .contains("MAIL_RECEIVED", "MAIL_ATTACHMENT", "MAIL_ATTACHMENT_REFUSED");

        assertThat(count("INBOX")).as("moved out of the inbox").isZero();
        assertThat(count("Processed")).isEqualTo(1);
        assertThat(mailbox.poll().read()).isZero();
    }

    @Test
    @DisplayName("R-8.2a a message read twice (a crash before it was flagged, a second node) is taken once")
    void sameMessageTwiceIsTakenOnce() throws Exception {
        MimeMessage sent = message("kate@itsm-flow.example", "VPN drops every ten minutes", "Remote access drops.",
                Map.of());
        sent.setHeader("Message-ID", "<vpn-" + System.nanoTime() + "@mail.acme.example>");
        String messageId = sent.getMessageID();
        assertThat(intake.take(new MimeMessage(sent), mailbox.settingsForTest()).outcome())
                .isEqualTo(MailIntake.Outcome.OPENED);
        assertThat(intake.take(new MimeMessage(sent), mailbox.settingsForTest()).outcome())
                .isEqualTo(MailIntake.Outcome.ALREADY_TAKEN);
        assertThat(jdbc.queryForObject("select count(*) from incident where title = ?", Integer.class,
                "VPN drops every ten minutes")).isEqualTo(1);
        assertThat(incidentOf(messageId)).isNotNull();
    }

    @Test
    @DisplayName("R-8.2c R-6.1d a reply carrying [INC-…] goes to the journal and answers the question the incident "
            + "waits on: the SLA clocks run again")
    void replyResumesTheIncident() throws Exception {
        MimeMessage first = message("kate@itsm-flow.example", "E-mail cannot be sent", "Outlook is offline.", Map.of());
        send(first);
        mail.waitForIncomingEmail(5000, 1);
        mailbox.poll();
        String id = jdbc.queryForObject("select id from incident where title = 'E-mail cannot be sent' "
                + "order by reported_at desc limit 1", String.class);
        String processInstance = jdbc.queryForObject("select process_instance_id from incident where id = ?",
                String.class, id);
        // the service desk triages and asks the customer a question: the incident waits for the customer
        tasks.complete(tasks.createTaskQuery().processInstanceId(processInstance).singleResult().getId(),
                Map.of("triageDecision", "CONFIRM"));
        tasks.complete(tasks.createTaskQuery().processInstanceId(processInstance).singleResult().getId(),
                Map.of("resolution", "PENDING_CUSTOMER", "resolutionNote", "Which Outlook version do you use?"));
        assertThat(status(id)).isEqualTo("PENDING_CUSTOMER");

        send(message("kate@itsm-flow.example", "Re: [" + id + "] Waiting for you: E-mail cannot be sent",
                "Outlook 2021, on Windows 11.\n\nOn Mon, 7 Dec 2026 the service desk wrote:\n> Which version?",
                Map.of()));
        mail.waitForIncomingEmail(5000, 2);
        assertThat(mailbox.poll().taken()).isEqualTo(1);

        assertThat(status(id)).isEqualTo("IN_PROGRESS");
        assertThat(jdbc.queryForList("select text from incident_journal where incident_id = ? and code = 'MAIL_REPLY'",
                String.class, id)).singleElement().asString().endsWith("Outlook 2021, on Windows 11.");
        assertThat(tasks.createTaskQuery().processInstanceId(processInstance).singleResult().getTaskDefinitionKey())
                .isEqualTo("UserTask_ResolveIncident");
        assertThat(jdbc.queryForList("select status from sla_clock where record_id = ?", String.class, id))
                .doesNotContain("PAUSED");
    }

    @Test
    @DisplayName("R-8.2a a mail from an unknown sender is refused with an answer, and no incident is recorded")
    void unknownSenderIsRefused() throws Exception {
        String stranger = "someone" + System.nanoTime() + "@elsewhere.example";
        MimeMessage sent = message(stranger, "Please fix my printer", "It is broken.", Map.of());
        sent.setHeader("Message-ID", "<printer-" + System.nanoTime() + "@elsewhere.example>");
        String messageId = sent.getMessageID();
        send(sent);
        mail.waitForIncomingEmail(5000, 1);
        assertThat(mailbox.poll().taken()).isEqualTo(1);

        assertThat(jdbc.queryForObject("select outcome from inbound_mail where message_id = ?", String.class,
                messageId)).isEqualTo("REFUSED");
        assertThat(jdbc.queryForList("select recipients from mail_outbox where code = 'MAIL_REFUSED'", String.class))
                .anyMatch(r -> r.contains(stranger));
        assertThat(jdbc.queryForObject("select count(*) from incident where title = 'Please fix my printer'",
                Integer.class)).isZero();
        // a reply to an incident the sender did not report is refused too
        String someone = intake.take(message("kate@itsm-flow.example", "Printer on floor 2 jams", "Jams.", Map.of()),
                mailbox.settingsForTest()).incidentId();
        send(message("lee@itsm-flow.example", "Re: [" + someone + "] anything", "Let me in.", Map.of()));
        mail.waitForIncomingEmail(5000, 2);
        mailbox.poll();
        assertThat(jdbc.queryForList("select code from incident_journal where incident_id = ?", String.class, someone))
                .doesNotContain("MAIL_REPLY");
    }

    String status(String id) {
        return jdbc.queryForObject("select status from incident where id = ?", String.class, id);
    }

}
