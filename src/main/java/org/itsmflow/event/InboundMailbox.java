package org.itsmflow.event;

import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.FlagTerm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

/**
 * Reads the service desk's mailbox over IMAP ({@code itsm.mail.inbound.*}; off unless a host is set) every
 * poll interval, on every node: each unseen message is handed to {@link MailIntake} in its own transaction and
 * flagged seen (and moved, if a processed folder is set) only after that transaction committed. A message whose
 * record failed stays unseen and is read again at the next poll; one read twice is recognised by its Message-ID.
 */
@Component
public class InboundMailbox implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(InboundMailbox.class);

    private final InboundMailSettings settings;
    private final MailIntake intake;
    private volatile ScheduledExecutorService poller;

    /** Also for tests: a mailbox of their own (a GreenMail server) read through the application's intake. */
    public InboundMailbox(InboundMailSettings settings, MailIntake intake) {
        this.settings = settings;
        this.intake = intake;
    }

    /** What one poll did. */
    public record Poll(int read, int taken, int failed) {
    }

    /** Reads the unseen messages once; tests call it directly, the poller thread every poll interval. */
    public Poll poll() throws MessagingException {
        Properties properties = new Properties();
        properties.put("mail." + settings.protocol() + ".connectiontimeout", "10000");
        properties.put("mail." + settings.protocol() + ".timeout", "30000");
        Session session = Session.getInstance(properties);
        int read = 0;
        int taken = 0;
        int failed = 0;
        try (Store store = session.getStore(settings.protocol())) {
            store.connect(settings.host(), settings.port(), settings.username(), settings.password());
            Folder folder = store.getFolder(settings.folder());
            folder.open(Folder.READ_WRITE);
            try {
                Message[] unseen = folder.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false));
                for (Message message : unseen) {
                    read++;
                    try {
                        // a copy: reading the content does not set \Seen on the server before the record commits
                        MailIntake.Taken result = intake.take(new MimeMessage((MimeMessage) message), settings);
                        log.info("Mail {} from {}: {} {}", message.getSubject(), MailIntake.sender(message),
                                result.outcome(), result.incidentId() == null ? "" : result.incidentId());
                        taken++;
                    } catch (DataIntegrityViolationException e) {
                        // another node took the same message at the same moment: it is recorded, flag it here too
                        taken++;
                    } catch (Exception e) {
                        failed++;
                        log.warn("Mail {} could not be taken in; it stays unseen and is read again: {}",
                                message.getSubject(), org.springframework.core.NestedExceptionUtils
                                        .getMostSpecificCause(e).toString());
                        continue;
                    }
                    done(folder, message);
                }
            } finally {
                folder.close(true);
            }
        }
        return new Poll(read, taken, failed);
    }

    private void done(Folder folder, Message message) throws MessagingException {
        message.setFlag(Flags.Flag.SEEN, true);
        String processed = settings.processedFolder();
        if (processed != null && !processed.isBlank()) {
            Folder target = folder.getStore().getFolder(processed);
            if (!target.exists()) {
                target.create(Folder.HOLDS_MESSAGES);
            }
            folder.copyMessages(new Message[] {message}, target);
            message.setFlag(Flags.Flag.DELETED, true);
        }
    }

    InboundMailSettings settingsForTest() {
        return settings;
    }

    @Override
    public void start() {
        if (!settings.enabled() || poller != null) {
            return;
        }
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "mail-inbound");
            thread.setDaemon(true);
            return thread;
        });
        long every = Math.max(1, settings.pollInterval().toMillis());
        executor.scheduleWithFixedDelay(() -> {
            try {
                poll();
            } catch (Exception e) {
                log.warn("Reading the mailbox {}@{} failed; trying again in {}: {}", settings.username(),
                        settings.host(), settings.pollInterval(), e.toString());
            }
        }, every, every, TimeUnit.MILLISECONDS);
        poller = executor;
        log.info("Reading mailbox {}@{}:{} ({}) every {}", settings.username(), settings.host(), settings.port(),
                settings.folder(), settings.pollInterval());
    }

    @Override
    public void stop() {
        ScheduledExecutorService executor = poller;
        poller = null;
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return poller != null;
    }
}
