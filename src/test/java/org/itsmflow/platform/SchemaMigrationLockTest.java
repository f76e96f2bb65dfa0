package org.itsmflow.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import liquibase.integration.spring.SpringLiquibase;
import org.itsmflow.support.EmbeddedPostgresInitializer;
import org.junit.jupiter.api.Test;

/**
 * Two nodes starting together on one empty PostgreSQL must not both create Liquibase's lock table (ClusterIT found
 * the loser failing): while one node's Liquibase bean initialises, it holds the advisory lock that the other waits for.
 */
class SchemaMigrationLockTest {

    @Test
    void aSecondNodeWaitsWhileTheFirstMigratesAndMayGoOnAfterwards() throws SQLException {
        DataSource db = EmbeddedPostgresInitializer.server().getDatabase("postgres",
                EmbeddedPostgresInitializer.createDatabase());
        SpringLiquibase liquibase = new SpringLiquibase();
        liquibase.setDataSource(db);
        SchemaMigrationLock lock = new SchemaMigrationLock();

        lock.postProcessBeforeInitialization(liquibase, "liquibase");
        assertThat(tryLock(db)).as("another node cannot take the lock during the migration").isFalse();

        lock.postProcessAfterInitialization(liquibase, "liquibase");
        assertThat(tryLock(db)).as("the lock is free after the migration").isTrue();
    }

    @Test
    void theEngineBootstrapOfRolesFiltersAndUsersRunsUnderTheSameLockAndReleasesItAlsoOnFailure() throws SQLException {
        DataSource db = EmbeddedPostgresInitializer.server().getDatabase("postgres",
                EmbeddedPostgresInitializer.createDatabase());
        boolean[] freeDuringWork = {true};
        SchemaMigrationLock.whileHolding(db, () -> {
            try {
                freeDuringWork[0] = tryLock(db);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(freeDuringWork[0]).as("another node cannot bootstrap at the same time").isFalse();
        assertThat(tryLock(db)).as("the lock is free after the bootstrap").isTrue();

        assertThatThrownBy(() -> SchemaMigrationLock.whileHolding(db, () -> {
            throw new IllegalStateException("bootstrap failed");
        })).hasMessage("bootstrap failed");
        assertThat(tryLock(db)).as("a failed bootstrap releases the lock").isTrue();
    }

    @Test
    void otherBeansAreLeftAlone() {
        SchemaMigrationLock lock = new SchemaMigrationLock();
        Object bean = new Object();
        assertThat(lock.postProcessBeforeInitialization(bean, "x")).isSameAs(bean);
        assertThat(lock.postProcessAfterInitialization(bean, "x")).isSameAs(bean);
    }

    /** What a second node would do, without waiting: true if it got (and released) the lock. */
    private static boolean tryLock(DataSource db) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("select pg_try_advisory_lock(?)")) {
            s.setLong(1, SchemaMigrationLock.KEY);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                boolean got = rs.getBoolean(1);
                if (got) {
                    try (PreparedStatement u = c.prepareStatement("select pg_advisory_unlock(?)")) {
                        u.setLong(1, SchemaMigrationLock.KEY);
                        u.execute();
                    }
                }
                return got;
            }
        }
    }
}
