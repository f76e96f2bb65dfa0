package org.itsmflow.cmdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import liquibase.Contexts;
import liquibase.Liquibase;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The embedded default runs on H2: the CMDB changelogs and every query of {@link CiStore} must work there too
 * (PostgreSQL is covered by the {@code @PostgresTest} classes). No Spring: Liquibase and the service by hand.
 */
class CmdbOnH2Test {

    static Connection keepAlive;
    static CmdbService cmdb;
    static RelationshipGraphs graphs;

    @BeforeAll
    @SuppressWarnings("deprecation")
    static void schema() throws Exception {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:cmdb" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        keepAlive = dataSource.getConnection();
        for (String changelog : List.of("db/changelog/cmdb.xml", "db/changelog/cmdb-demo.xml")) {
            new Liquibase(changelog, new ClassLoaderResourceAccessor(), new JdbcConnection(dataSource.getConnection()))
                    .update(new Contexts("main", "demo"));
        }
        ObjectMapper json = new ObjectMapper();
        CiStore store = new CiStore(JdbcClient.create(dataSource), json);
        graphs = new RelationshipGraphs(store, dataSource, new DataSourceTransactionManager(dataSource), true);
        cmdb = new CmdbService(store, json, graphs);
    }

    @AfterAll
    static void close() throws Exception {
        graphs.stop();
        keepAlive.close();
    }

    @Test
    @DisplayName("R-9.1a R-9.1c the demo CMDB loads on H2 and impact analysis runs there")
    void demoAndImpactOnH2() {
        assertThat(cmdb.types()).hasSize(6);
        assertThat(cmdb.search(null, null, null, 0, 10).total()).isGreaterThanOrEqualTo(30);
        assertThat(cmdb.search("erp", "DATABASE", CiStatus.LIVE, 0, 10).items())
                .extracting(ConfigurationItem::id).containsExactly("DB-ERP-PROD");
        Impact impact = cmdb.impact("DB-ERP-PROD", ImpactDirection.DOWNSTREAM, 2);
        assertThat(impact.affectedIds()).contains("APP-ERP", "APP-SHOP");
        assertThat(impact.services()).containsExactly("erp", "online-shop");
        assertThat(cmdb.require("APP-ERP", null).attributes()).containsEntry("users", 620);
        assertThat(cmdb.history("APP-ERP")).singleElement()
                .satisfies(e -> assertThat(e.changedAt()).isNotNull());
    }

    @Test
    @DisplayName("R-9.1b R-9.1d writes version and history on H2")
    void writesOnH2() {
        ConfigurationItem ci = cmdb.create(NewCi.of("H2-TEST-01", "H2 test", "STORAGE"), "tester", null, null);
        cmdb.update(ci.id(), CiChanges.against(1).withAttributes(Map.of("sizeGb", 10)), "tester", "grow",
                "CHG-000001");
        cmdb.relate(ci.id(), RelationshipType.PART_OF, "STO-SAN-01", "tester", null, null);
        assertThat(cmdb.require(ci.id(), null).version()).isEqualTo(3);
        assertThat(cmdb.history(ci.id())).extracting(CiHistoryEntry::action).containsExactly(HistoryAction.CREATED,
                HistoryAction.UPDATED, HistoryAction.RELATIONSHIP_ADDED);
        assertThat(cmdb.impact("STO-SAN-01", ImpactDirection.DOWNSTREAM, 1).affectedIds()).contains(ci.id());
    }

    @Test
    @DisplayName("R-9.1c the relationship graph loads on H2 (repeatable read), answers like SQL for every demo CI "
            + "(depth 2 and 5), and a topology write makes the next answer come from SQL")
    void relationshipGraphOnH2() {
        assertThat(graphs.load()).isNotNull();
        List<String> ids = cmdb.search(null, null, null, 0, 200).items().stream().map(ConfigurationItem::id).toList();
        assertThat(ids).hasSizeGreaterThanOrEqualTo(30);
        for (String id : ids) {
            for (ImpactDirection direction : ImpactDirection.values()) {
                for (int depth : new int[] {2, 5}) { // every depth on PostgreSQL (RelationshipGraphTest)
                    assertThat(cmdb.analyseWithGraph(id, direction, depth, Integer.MAX_VALUE))
                            .contains(cmdb.analyseWithSql(id, direction, depth, Integer.MAX_VALUE));
                }
            }
        }
        cmdb.create(NewCi.of("H2-GRAPH-01", "H2 graph test", "SERVER"), "tester", null, null);
        assertThat(cmdb.analyseWithGraph("DB-ERP-PROD", ImpactDirection.DOWNSTREAM, 2, 10)).isEmpty();
        cmdb.relate("H2-GRAPH-01", RelationshipType.DEPENDS_ON, "DB-ERP-PROD", "tester", null, null);
        assertThat(cmdb.impact("DB-ERP-PROD", ImpactDirection.DOWNSTREAM, 1).affectedIds()).contains("H2-GRAPH-01");
        assertThat(graphs.load()).isNotNull();
        assertThat(cmdb.analyseWithGraph("DB-ERP-PROD", ImpactDirection.DOWNSTREAM, 1, 10).orElseThrow()
                .affectedIds()).contains("H2-GRAPH-01");
    }
}
