package org.itsmflow.platform;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.itsmflow.platform.Jdbc.utc;

/**
 * The transactional outbox for e-mail (table {@code mail_outbox}, ADR 0013). {@link Mailer#queue} adds a row in the
 * caller's transaction; the dispatcher sends the due rows in batches over one SMTP connection
 * ({@link JavaMailSender#send(MimeMessage...)}), marks them SENT with the time SMTP accepted them, and on failure
 * retries with a doubling delay until {@code itsm.mail.outbox.max-attempts}, then marks the row GIVEN_UP, logs an
 * error and counts it (metrics {@code itsm.mail.outbox.pending}, {@code itsm.mail.outbox.given.up}).
 *
 * <p>Cluster-safe: a batch is claimed with {@code FOR UPDATE SKIP LOCKED} and stays locked until the rows are marked
 * in the same transaction, so two nodes never send the same row at the same time (PostgreSQL; H2, the single-node
 * embedded default, takes the rows first and skips the locked ones after, so a second sender finds fewer rows but
 * never the same). Delivery is at-least-once: a crash or a failed commit after SMTP accepted a batch sends that
 * batch again (each message carries {@code X-ITSM-Mail-Id} for receivers that deduplicate).
 *
 * <p>The dispatcher runs on a thread of its own where the engine's job executor runs
 * ({@code itsm.mail.outbox.dispatcher-enabled}, default {@code camunda.bpm.job-execution.enabled}); it wakes after
 * each commit that queued mail and polls every {@code itsm.mail.outbox.poll-interval} for other nodes' rows and
 * retries. Tests, whose job executor is off, call {@link #sendDue()}.
 */
@Component
public class MailOutbox implements SmartLifecycle, MeterBinder {

    private static final Logger log = LoggerFactory.getLogger(MailOutbox.class);

    static final String PENDING = "PENDING";
    static final String SENT = "SENT";
    static final String GIVEN_UP = "GIVEN_UP";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final ObjectProvider<JavaMailSender> sender;
    private final String from;
    private final boolean dispatcherEnabled;
    private final int batchSize;
    private final int maxAttempts;
    private final Duration retryDelay;
    private final Duration maxRetryDelay;
    private final Duration pollInterval;

    private final Object signal = new Object();
    private boolean woken;
    private volatile Thread dispatcher;
    private final AtomicBoolean running = new AtomicBoolean();
    private Counter sentCounter;
    private Counter failedCounter;
    private Counter givenUpCounter;

    MailOutbox(JdbcClient jdbc, PlatformTransactionManager transactionManager, ObjectProvider<JavaMailSender> sender,
            @Value("${itsm.mail.from:itsm-flow@localhost}") String from,
            @Value("${itsm.mail.outbox.dispatcher-enabled:${camunda.bpm.job-execution.enabled:true}}")
            boolean dispatcherEnabled,
            @Value("${itsm.mail.outbox.batch-size:50}") int batchSize,
            @Value("${itsm.mail.outbox.max-attempts:10}") int maxAttempts,
            @Value("${itsm.mail.outbox.retry-delay:PT1M}") Duration retryDelay,
            @Value("${itsm.mail.outbox.max-retry-delay:PT1H}") Duration maxRetryDelay,
            @Value("${itsm.mail.outbox.poll-interval:PT5S}") Duration pollInterval) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.sender = sender;
        this.from = from;
        this.dispatcherEnabled = dispatcherEnabled;
        this.batchSize = Math.max(1, batchSize);
        this.maxAttempts = Math.max(1, maxAttempts);
        this.retryDelay = retryDelay;
        this.maxRetryDelay = maxRetryDelay;
        this.pollInterval = pollInterval;
        nameTheStreamProvider();
    }

    /** Jakarta Mail's system property naming its stream provider, read before any ServiceLoader look-up. */
    static final String STREAM_PROVIDER_PROPERTY = "jakarta.mail.util.StreamProvider";

    /**
     * Jakarta Mail 2.1 looks up its {@code StreamProvider} with a {@code ServiceLoader} every time a message or body
     * part is written, which in a Spring Boot jar means scanning the nested jars' service files per mail: 8.5 % of all
     * application CPU samples in the intake benchmark (JFR; jakartaee/mail-api issues 699 and 861). Its finder reads
     * a system property first: naming Angus Mail's provider there (unless the operator named one) makes that a class
     * look-up.
     */
    static void nameTheStreamProvider() {
        if (System.getProperty(STREAM_PROVIDER_PROPERTY) == null) {
            System.setProperty(STREAM_PROVIDER_PROPERTY, "org.eclipse.angus.mail.util.MailStreamProvider");
        }
    }

    /** One mail as the outbox keeps it: the evidence of what was sent about a record, and when SMTP accepted it. */
    public record Mail(long id, String recordId, String code, List<String> recipients, String subject,
            Instant createdAt, String state, int attempts, Instant nextAttemptAt, String lastError, Instant sentAt) {
    }

    /** Adds a pending mail in the caller's transaction; the dispatcher is woken after the commit. */
    long add(String recordId, String code, List<String> to, String subject, String body) {
        Instant now = ClockUtil.getCurrentTime().toInstant();
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("insert into mail_outbox (record_id, code, recipients, subject, body, created_at, state, attempts, "
                        + "next_attempt_at) values (?, ?, ?, ?, ?, ?, ?, 0, ?)")
                .params(recordId, code, String.join(",", to), truncate(subject, 1000), body, utc(now), PENDING, utc(now))
                .update(key, "id");
        if (dispatcher != null && TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    wake();
                }
            });
        }
        return key.getKey().longValue();
    }

    /** The mails about a record, oldest first (incident view, evidence of what was sent and when). */
    public List<Mail> about(String recordId) {
        return jdbc.sql("select id, record_id, code, recipients, subject, created_at, state, attempts, next_attempt_at, "
                        + "last_error, sent_at from mail_outbox where record_id = ? order by id")
                .param(recordId)
                .query((rs, i) -> new Mail(rs.getLong("id"), rs.getString("record_id"), rs.getString("code"),
                        Arrays.asList(rs.getString("recipients").split(",")), rs.getString("subject"),
                        Jdbc.instant(rs, "created_at"), rs.getString("state"), rs.getInt("attempts"),
                        Jdbc.instant(rs, "next_attempt_at"), rs.getString("last_error"), Jdbc.instant(rs, "sent_at")))
                .list();
    }

    /**
     * Sends every mail that is due at the engine clock, batch after batch, until none is left or a batch failed
     * (its rows wait for their next attempt). Called by the dispatcher thread and, with the job executor off, by tests.
     *
     * @return how many mails SMTP accepted
     */
    public int sendDue() {
        JavaMailSender smtp = sender.getIfAvailable();
        if (smtp == null) {
            return 0;
        }
        int sent = 0;
        while (true) {
            Batch batch = transactions.execute(status -> sendBatch(smtp));
            sent += batch.sent();
            if (batch.claimed() < batchSize || batch.failed() > 0) {
                return sent;
            }
        }
    }

    private record Batch(int claimed, int sent, int failed) {
    }

    private record Row(long id, String recipients, String subject, String body, int attempts) {
    }

    /** One transaction: claim up to batch-size due rows (locked), send them over one connection, mark them. */
    private Batch sendBatch(JavaMailSender smtp) {
        Instant now = ClockUtil.getCurrentTime().toInstant();
        List<Row> rows = jdbc.sql("select id, recipients, subject, body, attempts from mail_outbox "
                        + "where state = ? and next_attempt_at <= ? order by next_attempt_at, id "
                        + "fetch first " + batchSize + " rows only for update skip locked")
                .params(PENDING, utc(now))
                .query((rs, i) -> new Row(rs.getLong("id"), rs.getString("recipients"), rs.getString("subject"),
                        rs.getString("body"), rs.getInt("attempts")))
                .list();
        if (rows.isEmpty()) {
            return new Batch(0, 0, 0);
        }
        Map<MimeMessage, Row> messages = new IdentityHashMap<>();
        Map<Row, String> failures = new IdentityHashMap<>();
        for (Row row : rows) {
            try {
                messages.put(message(smtp, row), row);
            } catch (MessagingException | RuntimeException e) {
                failures.put(row, "not a valid message: " + e.getMessage());
            }
        }
        try {
            smtp.send(messages.keySet().toArray(MimeMessage[]::new));
        } catch (MailSendException e) {
            Map<Object, Exception> failed = e.getFailedMessages();
            for (Map.Entry<MimeMessage, Row> message : messages.entrySet()) {
                Exception cause = failed.get(message.getKey());
                if (cause != null) {
                    failures.put(message.getValue(), cause.toString());
                }
            }
            if (failed.isEmpty()) {
                messages.values().forEach(row -> failures.put(row, e.toString()));
            }
        } catch (MailException e) {
            messages.values().forEach(row -> failures.put(row, e.toString()));
        }
        Instant sentAt = ClockUtil.getCurrentTime().toInstant();
        List<Row> sent = rows.stream().filter(row -> !failures.containsKey(row)).toList();
        if (!sent.isEmpty()) {
            jdbc.sql("update mail_outbox set state = ?, sent_at = ?, attempts = attempts + 1, next_attempt_at = null, "
                            + "last_error = null where id in (" + placeholders(sent.size()) + ")")
                    .params(params(List.of(SENT, utc(sentAt)), sent)).update();
            if (sentCounter != null) {
                sentCounter.increment(sent.size());
            }
        }
        failures.forEach((row, error) -> failed(row, error, sentAt));
        return new Batch(rows.size(), sent.size(), failures.size());
    }

    private void failed(Row row, String error, Instant now) {
        int attempts = row.attempts() + 1;
        String text = truncate(error, 2000);
        if (attempts >= maxAttempts) {
            jdbc.sql("update mail_outbox set state = ?, attempts = ?, next_attempt_at = null, last_error = ? where id = ?")
                    .params(GIVEN_UP, attempts, text, row.id()).update();
            log.error("Mail {} given up after {} attempts, not sent to {}: {} ({})", row.id(), attempts,
                    row.recipients(), row.subject(), text);
            if (givenUpCounter != null) {
                givenUpCounter.increment();
            }
        } else {
            Duration delay = retryDelay.multipliedBy(1L << Math.min(attempts - 1, 20));
            if (delay.compareTo(maxRetryDelay) > 0) {
                delay = maxRetryDelay;
            }
            jdbc.sql("update mail_outbox set attempts = ?, next_attempt_at = ?, last_error = ? where id = ?")
                    .params(attempts, utc(now.plus(delay)), text, row.id()).update();
            log.warn("Mail {} not sent (attempt {} of {}), next attempt in {}: {}", row.id(), attempts, maxAttempts,
                    delay, text);
        }
        if (failedCounter != null) {
            failedCounter.increment();
        }
    }

    private MimeMessage message(JavaMailSender smtp, Row row) throws MessagingException {
        MimeMessage message = smtp.createMimeMessage();
        MimeMessageHelper helper = new MimeMessageHelper(message, false, "UTF-8");
        helper.setFrom(from);
        helper.setTo(row.recipients().split(","));
        helper.setSubject(row.subject());
        helper.setText(row.body());
        message.setHeader("X-ITSM-Mail-Id", String.valueOf(row.id()));
        return message;
    }

    private static String placeholders(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    private static Object[] params(List<Object> first, List<Row> rows) {
        List<Object> all = new ArrayList<>(first);
        rows.forEach(row -> all.add(row.id()));
        return all.toArray();
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    // --- the dispatcher thread ------------------------------------------------------------------------------------

    /** Asks the dispatcher to look for due mail now (after a commit that queued some). */
    void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    @Override
    public void start() {
        if (!dispatcherEnabled || !running.compareAndSet(false, true)) {
            return;
        }
        Thread thread = new Thread(this::dispatch, "mail-outbox");
        thread.setDaemon(true);
        dispatcher = thread;
        thread.start();
        log.info("Mail outbox dispatcher started (batches of {}, polling every {}, {} attempts)", batchSize,
                pollInterval, maxAttempts);
    }

    private void dispatch() {
        while (running.get()) {
            try {
                sendDue();
            } catch (RuntimeException e) {
                log.warn("Mail outbox dispatcher: {}", e.toString());
            }
            synchronized (signal) {
                if (!woken && running.get()) {
                    try {
                        signal.wait(pollInterval.toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                woken = false;
            }
        }
    }

    @Override
    public void stop() {
        if (running.compareAndSet(true, false)) {
            Thread thread = dispatcher;
            dispatcher = null;
            wake();
            if (thread != null) {
                try {
                    thread.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running.get();
    }

    /** Stops before the data source and the engine (which stop at lower phases), starts after them. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }

    // --- metrics ---------------------------------------------------------------------------------------------------

    @Override
    public void bindTo(MeterRegistry registry) {
        sentCounter = Counter.builder("itsm.mail.outbox.sent").description("mails handed to SMTP")
                .register(registry);
        failedCounter = Counter.builder("itsm.mail.outbox.failed.attempts")
                .description("attempts to send a mail that failed (retried later or given up)").register(registry);
        // not "given.up": Prometheus would name this counter's series after the gauge below and refuse one of them
        givenUpCounter = Counter.builder("itsm.mail.outbox.abandoned")
                .description("mails given up by this node after the last attempt").register(registry);
        Gauge.builder("itsm.mail.outbox.pending", this, o -> o.count(PENDING))
                .description("mails waiting to be sent (all nodes)").register(registry);
        Gauge.builder("itsm.mail.outbox.given.up", this, o -> o.count(GIVEN_UP))
                .description("mails never sent: given up after the last attempt (all nodes, all time)")
                .register(registry);
    }

    private double count(String state) {
        try {
            return jdbc.sql("select count(*) from mail_outbox where state = ?").param(state).query(Long.class).single();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
