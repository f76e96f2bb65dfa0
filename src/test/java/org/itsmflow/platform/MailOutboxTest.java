package org.itsmflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.itsmflow.support.PostgresTest;
import org.itsmflow.support.TestMailServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The mail outbox (ADR 0013, R-8.2c): a mail exists iff the transaction that queued it committed; the dispatcher
 * sends due mail in batches, records when SMTP accepted it, retries with backoff, gives up visibly, and skips rows
 * another node has claimed. Addresses are unique per test (the database and GreenMail are shared by all tests).
 */
@PostgresTest
class MailOutboxTest {

    @Autowired
    Mailer mailer;
    @Autowired
    MailOutbox outbox;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PlatformTransactionManager transactionManager;
    @Autowired
    org.springframework.boot.test.web.client.TestRestTemplate http;

    @AfterEach
    void resetClock() {
        ClockUtil.reset();
    }

    private static String address() {
        return "outbox-" + UUID.randomUUID().toString().substring(0, 8) + "@itsm-flow.example";
    }

    @Test
    @DisplayName("R-8.2c a mail queued in a transaction that rolls back does not exist; one that commits is sent with its time")
    void queuedWithTheTransaction() {
        String lost = address();
        String kept = address();
        TransactionTemplate tx = new TransactionTemplate(transactionManager);
        try {
            tx.executeWithoutResult(status -> {
                mailer.queue("TEST-1", "LOST", List.of(lost), "rolled back", "never sent");
                throw new IllegalStateException("the business step fails after queueing its mail");
            });
        } catch (IllegalStateException expected) {
            // rolled back
        }
        Mailer.Queued queued = tx.execute(status -> mailer.queue("TEST-2", "KEPT", List.of(kept), "committed", "sent"));
        assertThat(queued.queued()).isTrue();
        assertThat(queued.journalText()).isEqualTo("Queued as mail " + queued.mailId() + " to " + kept + ": committed");
        assertThat(TestMailServer.to(kept)).as("nothing is sent before the dispatcher runs").isEmpty();

        outbox.sendDue();

        assertThat(TestMailServer.to(lost)).isEmpty();
        assertThat(TestMailServer.subjectsTo(kept)).containsExactly("committed");
        assertThat(jdbc.sql("select count(*) from mail_outbox where recipients = ?").param(lost).query(Long.class)
                .single()).isZero();
        assertThat(outbox.about("TEST-2")).filteredOn(m -> m.id() == queued.mailId()).singleElement()
                .satisfies(m -> {
                    assertThat(m.state()).isEqualTo("SENT");
                    assertThat(m.sentAt()).isNotNull();
                    assertThat(m.attempts()).isEqualTo(1);
                    assertThat(m.nextAttemptAt()).isNull();
                });
        assertThat(outbox.sendDue()).as("a sent mail is not sent again").isZero();
        assertThat(TestMailServer.to(kept)).hasSize(1);
    }

    @Test
    @DisplayName("R-8.2c more mails than one batch are all sent, each once")
    void severalBatches() {
        String to = address();
        TransactionTemplate tx = new TransactionTemplate(transactionManager);
        tx.executeWithoutResult(status -> {
            for (int i = 0; i < 120; i++) {
                mailer.queue("TEST-3", "BULK", List.of(to), "bulk " + i, "body " + i);
            }
        });
        assertThat(outbox.sendDue()).isGreaterThanOrEqualTo(120);
        assertThat(TestMailServer.to(to)).hasSize(120);
    }

    @Test
    @DisplayName("R-8.2c a mail SMTP refuses is retried later with a growing delay and given up after the last attempt")
    void retriedThenGivenUp() {
        Instant start = Instant.parse("2026-11-04T02:00:00Z");
        ClockUtil.setCurrentTime(Date.from(start));
        Mailer.Queued queued = new TransactionTemplate(transactionManager).execute(status ->
                mailer.queue("TEST-4", "BROKEN", List.of("not an address"), "cannot be sent", "body"));
        long id = queued.mailId();

        outbox.sendDue();
        MailOutbox.Mail first = mail(id);
        assertThat(first.state()).isEqualTo("PENDING");
        assertThat(first.attempts()).isEqualTo(1);
        assertThat(first.lastError()).isNotBlank();
        assertThat(first.nextAttemptAt()).isEqualTo(start.plus(Duration.ofMinutes(1)));

        outbox.sendDue();
        assertThat(mail(id).attempts()).as("not due again before its next attempt").isEqualTo(1);

        ClockUtil.setCurrentTime(Date.from(start.plus(Duration.ofMinutes(1))));
        outbox.sendDue();
        assertThat(mail(id).attempts()).isEqualTo(2);
        assertThat(mail(id).nextAttemptAt()).as("the delay doubles").isEqualTo(start.plus(Duration.ofMinutes(3)));

        Instant now = start;
        for (int attempt = 3; attempt <= 10; attempt++) {
            now = now.plus(Duration.ofHours(2));
            ClockUtil.setCurrentTime(Date.from(now));
            outbox.sendDue();
        }
        MailOutbox.Mail last = mail(id);
        assertThat(last.state()).isEqualTo("GIVEN_UP");
        assertThat(last.attempts()).isEqualTo(10);
        assertThat(last.nextAttemptAt()).isNull();
        assertThat(last.sentAt()).isNull();

        // visible to monitoring: the gauge of given-up mail (all nodes) and this node's counter
        String metrics = http.withBasicAuth("olivia", "olivia").getForObject("/actuator/prometheus", String.class);
        assertThat(metrics).containsPattern("(?m)^itsm_mail_outbox_given_up(\\{[^}]*})? [1-9]")
                .containsPattern("(?m)^itsm_mail_outbox_abandoned_total(\\{[^}]*})? [1-9]")
                .contains("itsm_mail_outbox_pending", "itsm_mail_outbox_sent_total");
    }

    @Test
    @DisplayName("R-8.2c a mail another node has claimed (row locked) is skipped, not waited for and not sent twice")
    void claimedRowsAreSkipped() throws Exception {
        String claimed = address();
        String free = address();
        TransactionTemplate tx = new TransactionTemplate(transactionManager);
        long claimedId = tx.execute(status -> mailer.queue("TEST-5", "CLAIMED", List.of(claimed), "claimed", "b")).mailId();
        tx.executeWithoutResult(status -> mailer.queue("TEST-5", "FREE", List.of(free), "free", "b"));

        CompletableFuture<Void> otherNode = new CompletableFuture<>();
        CompletableFuture<Void> release = new CompletableFuture<>();
        Thread holder = new Thread(() -> tx.executeWithoutResult(status -> {
            jdbc.sql("select id from mail_outbox where id = ? for update").param(claimedId).query(Long.class).single();
            otherNode.complete(null);
            release.join();
        }));
        holder.start();
        try {
            otherNode.get(30, TimeUnit.SECONDS);
            CompletableFuture<Integer> sending = CompletableFuture.supplyAsync(outbox::sendDue);
            sending.get(30, TimeUnit.SECONDS); // does not block on the locked row
            assertThat(TestMailServer.to(free)).hasSize(1);
            assertThat(TestMailServer.to(claimed)).as("left to the node that holds it").isEmpty();
        } finally {
            release.complete(null);
            holder.join(30_000);
        }
        outbox.sendDue();
        assertThat(TestMailServer.to(claimed)).hasSize(1);
    }

    private MailOutbox.Mail mail(long id) {
        return outbox.about("TEST-4").stream().filter(m -> m.id() == id).findFirst().orElseThrow();
    }
}
