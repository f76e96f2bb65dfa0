package org.itsmflow.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import liquibase.Contexts;
import liquibase.Liquibase;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.h2.jdbcx.JdbcDataSource;
import org.itsmflow.platform.RecordPage;
import org.itsmflow.platform.RecordSearch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * The embedded default runs on H2, where free text has its own query path (every word a case-insensitive substring
 * of title and description; PostgreSQL's full-text path is covered by {@link IncidentListApiTest}). No Spring:
 * Liquibase and the list query by hand.
 */
class IncidentSearchOnH2Test {

    static Connection keepAlive;
    static JdbcClient jdbc;
    static RecordSearch search;

    @BeforeAll
    @SuppressWarnings("deprecation")
    static void schema() throws Exception {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:incidents" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        keepAlive = dataSource.getConnection();
        for (String changelog : List.of("db/changelog/servicelevel.xml", "db/changelog/cmdb.xml",
                "db/changelog/servicelevel-demo.xml", "db/changelog/cmdb-demo.xml", "db/changelog/incident.xml",
                "db/changelog/record-search.xml")) {
            new Liquibase(changelog, new ClassLoaderResourceAccessor(), new JdbcConnection(dataSource.getConnection()))
                    .update(new Contexts("main", "demo"));
        }
        jdbc = JdbcClient.create(dataSource);
        search = new RecordSearch(jdbc, false);
        insert("INC-000001", "Invoices cannot be posted", "Timeout when posting at month end", "P2", "kate");
        insert("INC-000002", "Printer jam", "Paper stuck in tray two", "P4", "lee");
        insert("INC-000003", "Mail delayed", null, "P3", "kate");
    }

    static void insert(String id, String title, String description, String priority, String reporter) {
        jdbc.sql("""
                insert into incident (id, title, description, service_id, category, impact, urgency, priority,
                    status, reported_by, reported_at, updated_at, version)
                values (?, ?, ?, 'erp', 'software', 'LOW', 'LOW', ?, 'NEW', ?, ?, ?, 1)""")
                .params(id, title, description, priority, reporter,
                        Instant.parse("2026-11-18T09:30:00Z").atOffset(ZoneOffset.UTC),
                        Instant.parse("2026-11-18T09:30:00Z").atOffset(ZoneOffset.UTC))
                .update();
    }

    @AfterAll
    static void close() throws Exception {
        keepAlive.close();
    }

    static List<String> find(String... parameters) {
        MultiValueMap<String, String> params = new LinkedMultiValueMap<>();
        for (int i = 0; i < parameters.length; i += 2) {
            params.add(parameters[i], parameters[i + 1]);
        }
        RecordPage<String> page = search.query(IncidentList.SPEC, params).page((rs, n) -> rs.getString("id"));
        assertThat(page.total()).isEqualTo(page.items().size());
        return page.items();
    }

    @Test
    @DisplayName("R-8.2a on H2 free text finds an incident by a word of its description, in any case, with filters")
    void freeTextOnH2() {
        assertThat(find("q", "month")).containsExactly("INC-000001");
        assertThat(find("q", "TIMEOUT invoices")).containsExactly("INC-000001");
        assertThat(find("q", "tray", "reporter", "kate")).isEmpty();
        assertThat(find("q", "mail", "status", "OPEN", "priority", "P3,P4")).containsExactly("INC-000003");
        assertThat(find("status", "OPEN", "sort", "priority")).containsExactly("INC-000001", "INC-000003",
                "INC-000002");
    }
}
