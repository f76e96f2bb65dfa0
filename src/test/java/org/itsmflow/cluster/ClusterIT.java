package org.itsmflow.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Two nodes, one PostgreSQL (issue #8; R-8.2a every incident recorded, R-6.1d SLA breaches recorded and escalated,
 * R-8.2c customers told): scale-out and crash recovery on Camunda's own clustering, run by failsafe in
 * {@code mvn verify} after the jar is packaged.
 *
 * <ol>
 *   <li>A real PostgreSQL 17 (embedded, {@code synchronous_commit=on}) and two nodes started from the packaged jar as
 *   child processes with the production profile {@code postgres} and their job executors on. The nodes create the
 *   schema with Liquibase and the administrator from {@code CAMUNDA_BPM_ADMIN_USER_*} as in production; no demo data
 *   or demo users. The check adds a test service whose SLA has a one-minute response target.</li>
 *   <li>A few hundred incidents are raised over HTTP across both nodes; half-way, node B is killed with SIGKILL.
 *   Requests it refused go to node A; requests it lost mid-flight are looked for and raised again if missing.</li>
 *   <li>The response timers fall due; the survivor escalates them. Verified: every incident exists exactly once with
 *   one process instance, every due escalation happened exactly once, no job failed, no instance is stuck.</li>
 *   <li>The killed node is started again; verified again.</li>
 *   <li>Restart safety: more incidents across both nodes, node A is stopped gracefully (SIGTERM) half-way with work in
 *   flight and started again; verified again.</li>
 * </ol>
 * The figures are printed (CI log) before they are asserted. Never asserts on time; waiting has generous limits.
 */
class ClusterIT {

    static final int INCIDENTS = Integer.getInteger("cluster.incidents", 300);
    static final int SECOND_WAVE = Integer.getInteger("cluster.second-wave", 60);
    static final int CLIENTS = 8;
    static final Duration START_TIMEOUT = Duration.ofMinutes(8);
    static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(6);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    @DisplayName("Two nodes on one PostgreSQL: kill -9 and graceful restart lose, duplicate and double nothing "
            + "(R-8.2a, R-6.1d, R-8.2c)")
    void twoNodesSurviveKillAndRestart() throws Exception {
        Path jar = Path.of(System.getProperty("cluster.jar", "target/itsm-flow-0.1.0-SNAPSHOT.jar"));
        assertThat(jar).as("the packaged application (failsafe runs after package)").exists();
        Path logs = Path.of(System.getProperty("cluster.logs", "target/cluster-it"));
        String run = UUID.randomUUID().toString().substring(0, 8);
        Instant began = Instant.now();
        List<Node> nodes = new ArrayList<>();
        GreenMail mail = new GreenMail(new ServerSetup(Node.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                // the embedded default is off; a crash test must not lose acknowledged commits
                .setServerConfig("synchronous_commit", "on")
                .start()) {
            try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE itsmcluster");
            }
            try {
                ClusterDatabase db = new ClusterDatabase(postgres.getDatabase("postgres", "itsmcluster"));
                String adminPassword = UUID.randomUUID().toString();
                Map<String, String> env = new LinkedHashMap<>();
                env.put("SPRING_PROFILES_ACTIVE", "postgres");
                env.put("SPRING_DATASOURCE_URL", postgres.getJdbcUrl("postgres", "itsmcluster"));
                env.put("SPRING_DATASOURCE_USERNAME", "postgres");
                env.put("SPRING_DATASOURCE_PASSWORD", "postgres");
                env.put("CAMUNDA_BPM_ADMIN_USER_ID", "clusteradmin");
                env.put("CAMUNDA_BPM_ADMIN_USER_PASSWORD", adminPassword);
                env.put("CAMUNDA_BPM_JOB_EXECUTION_ENABLED", "true");
                env.put("SPRING_MAIL_HOST", "127.0.0.1");
                env.put("SPRING_MAIL_PORT", String.valueOf(mail.getSmtp().getPort()));
                Node a = new Node("node-a", jar, logs, env);
                Node b = new Node("node-b", jar, logs, env);
                nodes.add(a);
                nodes.add(b);

                // 1. both nodes start at the same moment on an empty database: one migrates and bootstraps roles,
                // filters and users while the other waits for the same advisory lock (platform.SchemaMigrationLock),
                // then finds everything in place; nothing is created twice (docker/README.md)
                a.start();
                b.start();
                a.awaitHealthy(http, START_TIMEOUT);
                b.awaitHealthy(http, START_TIMEOUT);
                log("both nodes up after %d s (A %s, B %s)", seconds(began), a.base(), b.base());
                assertThat(db.bootstrappedTwice()).as("filters and groups created twice").isEmpty();
                db.seedTestService();

                // 2. a few hundred incidents across both nodes; B is killed with SIGKILL half-way
                String firstWave = "cluster-check " + run + " #";
                Reporter reporter = new Reporter(http, "clusteradmin", adminPassword);
                raise(reporter, firstWave, INCIDENTS, a, b, () -> {
                    b.kill();
                    log("node B killed (SIGKILL) after %d of %d requests", reporter.sent(), INCIDENTS);
                });
                reporter.resolveInDoubt(db, a);
                log("first wave raised after %d s; in doubt %d, raised again %d", seconds(began), reporter.inDoubt(),
                        reporter.reRaised());

                // 3. the response timers fall due; the survivor alone escalates them
                awaitSettled(db, firstWave);
                Figures survivor = db.figures(firstWave, reporter);
                log("%s", survivor.lines("after kill -9 of node B, on the survivor A"));

                // 4. the killed node comes back
                b.start();
                b.awaitHealthy(http, START_TIMEOUT);
                awaitSettled(db, firstWave);
                Figures restarted = db.figures(firstWave, reporter);
                log("%s", restarted.lines("after restarting node B"));

                // 5. restart safety: A is stopped gracefully with work in flight, then started again
                String secondWave = "cluster-restart " + run + " #";
                Reporter second = new Reporter(http, "clusteradmin", adminPassword);
                raise(second, secondWave, SECOND_WAVE, a, b, () -> {
                    a.stop(Duration.ofMinutes(2));
                    log("node A stopped (SIGTERM) after %d of %d requests", second.sent(), SECOND_WAVE);
                    a.start();
                });
                second.resolveInDoubt(db, b);
                a.awaitHealthy(http, START_TIMEOUT);
                awaitSettled(db, secondWave);
                Figures graceful = db.figures(secondWave, second);
                Figures firstAgain = db.figures(firstWave, reporter);
                log("%s", graceful.lines("after graceful restart of node A (second wave)"));

                log("%s", String.join("\n",
                        "==== two-node check: figures (run " + run + ", " + seconds(began) + " s) ====",
                        "incidents raised     : " + (reporter.sent() + second.sent()),
                        "incidents lost       : " + (firstAgain.lost() + graceful.lost()),
                        "incidents duplicated : " + (firstAgain.duplicated() + graceful.duplicated()),
                        "escalations expected : " + (firstAgain.escalationsExpected() + graceful.escalationsExpected()),
                        "escalations done     : " + (firstAgain.escalationsDone() + graceful.escalationsDone()),
                        "escalations doubled  : " + (firstAgain.escalationsDoubled() + graceful.escalationsDoubled()),
                        "jobs failed          : " + graceful.failedJobs(),
                        "instances stuck      : " + (firstAgain.stuckWithoutTask() + firstAgain.overdueJobs()
                                + graceful.stuckWithoutTask() + graceful.overdueJobs()),
                        "mails received (SMTP): " + mail.getReceivedMessages().length + ", sent twice: "
                                + mailsSentTwice(mail) + " (mail is at-least-once, ADR 0013)",
                        "mails in the outbox  : sent " + (db.mails(firstWave, "SENT") + db.mails(secondWave, "SENT"))
                                + ", waiting " + (db.mails(firstWave, "PENDING") + db.mails(secondWave, "PENDING"))
                                + ", given up " + (db.mails(firstWave, "GIVEN_UP") + db.mails(secondWave, "GIVEN_UP")),
                        "client problems      : " + (reporter.problems().size() + second.problems().size()),
                        "================================================"));
                reporter.problems().forEach(p -> log("problem: %s", p));
                second.problems().forEach(p -> log("problem: %s", p));

                for (Figures figures : List.of(survivor, restarted, graceful, firstAgain)) {
                    assertThat(figures.lost()).as("incidents lost").isZero();
                    assertThat(figures.duplicated()).as("incidents duplicated").isZero();
                    assertThat(figures.withoutProcessInstance()).as("incidents without process instance").isZero();
                    assertThat(figures.multipleProcessInstances()).as("incidents with two process instances").isZero();
                    assertThat(figures.orphanProcessInstances()).as("process instances without incident").isZero();
                    assertThat(figures.escalationsExpected()).as("every incident's response fell due")
                            .isEqualTo(figures.incidents());
                    assertThat(figures.escalationsMissing()).as("escalations missing").isZero();
                    assertThat(figures.escalationsDoubled()).as("escalations doubled").isZero();
                    assertThat(figures.responseBreaches()).as("one breach record per escalation")
                            .isEqualTo(figures.escalationsDone());
                    assertThat(figures.failedJobs()).as("failed jobs").isZero();
                    assertThat(figures.engineIncidents()).as("engine incidents").isZero();
                    assertThat(figures.stuckWithoutTask()).as("instances without open user task").isZero();
                    assertThat(figures.overdueJobs()).as("instances at an overdue job").isZero();
                }
                for (String wave : List.of(firstWave, secondWave)) {
                    // every mail queued by a committed step reaches SMTP from one node or the other (outbox, ADR 0013)
                    assertThat(db.mails(wave, "PENDING")).as("mails left in the outbox").isZero();
                    assertThat(db.mails(wave, "GIVEN_UP")).as("mails given up").isZero();
                    assertThat(db.mails(wave, "SENT")).as("mails sent").isPositive();
                }
                assertThat(firstAgain.incidents()).isEqualTo(INCIDENTS);
                assertThat(graceful.incidents()).isEqualTo(SECOND_WAVE);
            } finally {
                // the nodes go before their database does
                nodes.forEach(Node::destroyQuietly);
            }
        } finally {
            mail.stop();
        }
    }

    /** Something done once, half-way through raising. */
    interface HalfWay {
        void run() throws Exception;
    }

    /** Raises {@code count} incidents from {@link #CLIENTS} threads, alternating nodes; runs {@code halfWay} once. */
    private void raise(Reporter reporter, String prefix, int count, Node a, Node b, HalfWay halfWay)
            throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        AtomicInteger finished = new AtomicInteger();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String title = prefix + i;
                Node preferred = i % 2 == 0 ? a : b;
                Node other = preferred == a ? b : a;
                futures.add(clients.submit(() -> {
                    reporter.raise(title, preferred, other);
                    finished.incrementAndGet();
                    return null;
                }));
            }
            while (finished.get() < count / 2) {
                Thread.sleep(20);
            }
            halfWay.run();
            for (Future<?> future : futures) {
                future.get(5, TimeUnit.MINUTES);
            }
        } finally {
            clients.shutdownNow();
        }
    }

    /**
     * Waits until every response timer of the wave is due and escalated and no job of its instances is due; gives
     * up after {@link #SETTLE_TIMEOUT} (the figures then show what is missing).
     */
    private static void awaitSettled(ClusterDatabase db, String prefix) throws SQLException, InterruptedException {
        Instant deadline = Instant.now().plus(SETTLE_TIMEOUT);
        Instant nextLog = Instant.now();
        while (Instant.now().isBefore(deadline)) {
            int notDue = db.notYetDue(prefix);
            int pending = db.pendingEscalations(prefix);
            int due = db.dueJobs(prefix);
            int mails = db.mails(prefix, "PENDING");
            if (notDue == 0 && pending == 0 && due == 0 && mails == 0) {
                return;
            }
            if (Instant.now().isAfter(nextLog)) {
                log("waiting: %d responses not yet due, %d due and not escalated, %d jobs due, %d mails in the outbox",
                        notDue, pending, due, mails);
                nextLog = Instant.now().plusSeconds(15);
            }
            Thread.sleep(2000);
        }
        log("gave up waiting after %s", SETTLE_TIMEOUT);
    }

    /** Messages whose subject (which names the incident and what happened) arrived more than once. */
    private static long mailsSentTwice(GreenMail mail) {
        Map<String, Integer> bySubject = new LinkedHashMap<>();
        for (var message : mail.getReceivedMessages()) {
            try {
                bySubject.merge(message.getSubject(), 1, Integer::sum);
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        bySubject.forEach((subject, n) -> {
            if (n > 1) {
                log("mail sent %d times: %s", n, subject);
            }
        });
        return bySubject.values().stream().filter(n -> n > 1).count();
    }

    private static long seconds(Instant since) {
        return Duration.between(since, Instant.now()).toSeconds();
    }

    private static void log(String format, Object... args) {
        System.out.println("[cluster-check] " + String.format(format, args));
        System.out.flush();
    }
}
