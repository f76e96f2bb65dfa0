package org.itsmflow.platform;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import liquibase.integration.spring.SpringLiquibase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * Lets one node at a time run the Liquibase migration on PostgreSQL. Nodes sharing a database (docker/compose.yaml,
 * docker/two-nodes.sh) may start at the same moment; on an empty database both then create Liquibase's own
 * {@code databasechangeloglock} table and the loser fails ({@code duplicate key … pg_type_typname_nsp_index}), which
 * the two-node check ClusterIT found. Liquibase's lock table cannot guard its own creation, so a PostgreSQL session
 * advisory lock is held around the migration: the second node waits, then finds the schema current. The lock is a
 * session lock on a connection of its own, released after the migration or, if the node dies, when its connection
 * closes. Other databases (H2 for the embedded default) run a single node and are left alone.
 */
@Component
class SchemaMigrationLock implements BeanPostProcessor {

    /** The advisory lock key: "ITSMFLOW" in ASCII, so it cannot collide with another application by accident. */
    static final long KEY = 0x4954534d464c4f57L;

    private static final Logger log = LoggerFactory.getLogger(SchemaMigrationLock.class);

    private final Map<String, Connection> held = new ConcurrentHashMap<>();

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof SpringLiquibase liquibase && liquibase.getDataSource() != null) {
            Connection connection = lock(liquibase.getDataSource());
            if (connection != null) {
                held.put(beanName, connection);
            }
        }
        return bean;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        Connection connection = held.remove(beanName);
        if (connection != null) {
            unlock(connection);
        }
        return bean;
    }

    /**
     * Runs {@code work} while holding the lock on PostgreSQL (directly elsewhere): the engine bootstrap of roles,
     * Tasklist filters and demo users ({@link RoleBootstrap}, {@link DemoUsers}) reads what exists and creates what is
     * missing, which two nodes starting at the same moment must not do at the same time: groups would collide on
     * their keys, and filters, which have no unique key, would be created twice. The second node waits, then finds
     * everything in place. (The model deployment needs no such lock: the engine takes its own deployment lock.)
     */
    static void whileHolding(DataSource dataSource, Runnable work) {
        Connection connection = lock(dataSource);
        try {
            work.run();
        } finally {
            if (connection != null) {
                unlock(connection);
            }
        }
    }

    /** {@link #whileHolding(DataSource, Runnable)} on the engine's DataSource, for the engine plugins' bootstrap. */
    static void whileHolding(org.camunda.bpm.engine.ProcessEngine engine, Runnable work) {
        whileHolding(((org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl)
                engine.getProcessEngineConfiguration()).getDataSource(), work);
    }

    /** The connection holding the lock, or null when the database is not PostgreSQL. */
    static Connection lock(DataSource dataSource) {
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            if (!"PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())) {
                connection.close();
                return null;
            }
            connection.setAutoCommit(true);
            log.info("Waiting for the schema migration lock (another node may be migrating or bootstrapping)");
            try (PreparedStatement s = connection.prepareStatement("select pg_advisory_lock(?)")) {
                s.setLong(1, KEY);
                s.execute();
            }
            return connection;
        } catch (SQLException e) {
            close(connection);
            throw new IllegalStateException("Cannot take the schema migration lock", e);
        }
    }

    static void unlock(Connection connection) {
        try (PreparedStatement s = connection.prepareStatement("select pg_advisory_unlock(?)")) {
            s.setLong(1, KEY);
            s.execute();
        } catch (SQLException e) {
            log.warn("Could not release the schema migration lock; it goes with the connection", e);
        } finally {
            close(connection);
        }
    }

    private static void close(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the lock goes with the session
            }
        }
    }
}
