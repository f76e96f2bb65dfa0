package org.itsmflow.cmdb;

import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * This node's {@link RelationshipGraph} and when it may be used (R-9.1c, issue 9). Correct with several nodes on one
 * database: every topology write raises {@code cmdb_topology_version} in its own transaction (CiStore, and on
 * PostgreSQL triggers for writers outside the product), and {@link #current(long)} hands out the graph only if it was
 * loaded at exactly the version the caller's transaction reads; a transaction that has itself changed the topology
 * reads its own uncommitted raise, so it gets no graph and sees its own writes through SQL. Never a stale answer.
 *
 * <p>When the version differs (or nothing is loaded yet) the caller answers from SQL and one background load starts
 * (single flight): one read-only REPEATABLE READ transaction reads the version and then streams each table once, so
 * the graph is exactly the topology of that version. The graph is kept only if the version is unchanged when the
 * load ends (a newer one would never be asked for it; the next request starts another load). A failed load is logged
 * and retried no sooner than {@value #RETRY_SECONDS} s later. {@code itsm.cmdb.graph.enabled=false} switches the
 * graph off: every answer comes from SQL (the reference, and the A/B switch of the benchmark).
 */
@Component
class RelationshipGraphs {

    private static final Logger log = LoggerFactory.getLogger(RelationshipGraphs.class);
    static final int RETRY_SECONDS = 30;
    private static final int FETCH_SIZE = 10_000;

    private final CiStore store;
    private final boolean enabled;
    private final JdbcTemplate streaming;
    private final TransactionTemplate loadTransaction;
    private final ExecutorService loader;
    private final AtomicBoolean loading = new AtomicBoolean();
    private volatile RelationshipGraph graph;
    private volatile long retryAfterNanos = System.nanoTime();

    RelationshipGraphs(CiStore store, DataSource dataSource, PlatformTransactionManager transactions,
            @Value("${itsm.cmdb.graph.enabled:true}") boolean enabled) {
        this.store = store;
        this.enabled = enabled;
        this.streaming = new JdbcTemplate(dataSource);
        streaming.setFetchSize(FETCH_SIZE);
        this.loadTransaction = new TransactionTemplate(transactions);
        loadTransaction.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        loadTransaction.setReadOnly(true);
        this.loader = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "cmdb-graph-loader");
            thread.setDaemon(true);
            return thread;
        });
        log.info("CMDB relationship graph for impact analysis: {}", enabled ? "enabled (loaded on first use)"
                : "disabled (itsm.cmdb.graph.enabled=false), impact analysis reads SQL");
    }

    boolean enabled() {
        return enabled;
    }

    /**
     * The graph of topology version {@code version} (what the caller's transaction read, see
     * {@code CiStore.findWithTopologyVersion}), or empty if there is none — then a background load is started and
     * the caller answers from SQL.
     */
    Optional<RelationshipGraph> current(long version) {
        if (!enabled) {
            return Optional.empty();
        }
        RelationshipGraph loaded = graph;
        if (loaded != null && loaded.version() == version) {
            return Optional.of(loaded);
        }
        startLoad();
        return Optional.empty();
    }

    private void startLoad() {
        if (System.nanoTime() - retryAfterNanos < 0 || !loading.compareAndSet(false, true)) {
            return;
        }
        try {
            loader.execute(() -> {
                try {
                    load();
                } catch (RuntimeException e) {
                    retryAfterNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(RETRY_SECONDS);
                    log.warn("CMDB relationship graph: load failed, impact analysis reads SQL; retry in {} s",
                            RETRY_SECONDS, e);
                } finally {
                    loading.set(false);
                }
            });
        } catch (RejectedExecutionException e) {
            loading.set(false);
        }
    }

    /**
     * Loads the graph now on the caller's thread, unless the one loaded is current; returns the graph kept (null if
     * the topology changed during the load). Tests use it to know the next answers come from memory.
     */
    RelationshipGraph load() {
        long begin = System.nanoTime();
        RelationshipGraph loaded = loadTransaction.execute(status -> {
            long version = store.topologyVersion();
            RelationshipGraph current = graph;
            if (current != null && current.version() == version) {
                return current;
            }
            RelationshipGraph.Builder builder = new RelationshipGraph.Builder(version);
            store.streamTopology(streaming, (id, type, unused) -> builder.ci(id, type), builder::relationship,
                    (ci, service, unused) -> builder.serviceLink(ci, service));
            return builder.build();
        });
        if (loaded == graph) {
            return loaded;
        }
        long now = store.topologyVersion();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
        if (now != loaded.version()) {
            log.info("CMDB relationship graph: version {} loaded in {} ms but the topology is at {} already; "
                    + "not kept", loaded.version(), millis, now);
            return null;
        }
        synchronized (this) {
            if (graph != null && graph.version() > loaded.version()) {
                return graph; // a concurrent load kept a newer one
            }
            graph = loaded;
        }
        log.info("CMDB relationship graph: version {} loaded in {} ms: {} CIs, {} relationships, {} service links, "
                + "~{} MB", loaded.version(), millis, loaded.cis(), loaded.relationships(), loaded.serviceLinks(),
                String.format(java.util.Locale.ROOT, "%.1f", loaded.approximateBytes() / 1048576.0));
        return loaded;
    }

    @PreDestroy
    void stop() {
        loader.shutdownNow();
    }
}
