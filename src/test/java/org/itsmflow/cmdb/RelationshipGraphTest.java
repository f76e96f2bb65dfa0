package org.itsmflow.cmdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * R-9.1c impact analysis from the in-memory {@link RelationshipGraph} (issue 9) on PostgreSQL: the same answer as the
 * SQL path, and never a stale one. The estate (ids unique to each test, so the rest of the shared database is never
 * reached):
 * <pre>
 *   A DEPENDS_ON C, A RUNS_ON D, A RUNS_ON E, A DEPENDS_ON B      B DEPENDS_ON C, B RUNS_ON D, B DEPENDS_ON A (cycle)
 *   C RUNS_ON D, C RUNS_ON E (diamonds A → C → D/E, A → D/E)      D RUNS_ON F, E RUNS_ON F, E RUNS_ON G
 *   D DEPENDS_ON J, E DEPENDS_ON K, K PART_OF J                   F DEPENDS_ON L (a long cycle back to the top)
 *   F CONNECTED_TO H, G CONNECTED_TO H, H CONNECTED_TO I, I CONNECTED_TO H (both ways), J CONNECTED_TO I
 *   L DEPENDS_ON A and L RUNS_ON A (two types between one pair), L PART_OF B, N CONNECTED_TO A, M alone
 *   E RUNS_ON M added and removed again; G's type changed from SERVER to STORAGE
 *   services: A → x, C → y, F → z, H → x, M → m
 * </pre>
 */
@PostgresTest
class RelationshipGraphTest {

    private static final String[] CIS = {"A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N"};
    private static final String[] TYPES = {"APPLICATION", "APPLICATION", "DATABASE", "VIRTUAL_MACHINE",
            "VIRTUAL_MACHINE", "SERVER", "SERVER", "NETWORK_DEVICE", "NETWORK_DEVICE", "STORAGE", "STORAGE",
            "APPLICATION", "SERVER", "NETWORK_DEVICE"};

    @Autowired
    CmdbService cmdb;

    @Autowired
    RelationshipGraphs graphs;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    String s;

    @BeforeEach
    void prefix() {
        s = UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    }

    @Test
    @DisplayName("R-9.1c the graph's answer equals the SQL answer for every CI, every direction, depth 1..5, "
            + "whole list and short pages (cycles, diamonds, CONNECTED_TO both ways, services, a type change)")
    void graphAnswersLikeSql() {
        buildEstate();
        assertThat(graphs.load()).as("graph kept").isNotNull();
        int compared = 0;
        for (String ci : CIS) {
            for (ImpactDirection direction : ImpactDirection.values()) {
                for (int depth = 1; depth <= 5; depth++) {
                    for (int limit : new int[] {2, Integer.MAX_VALUE}) {
                        Impact sql = cmdb.analyseWithSql(id(ci), direction, depth, limit);
                        assertThat(cmdb.analyseWithGraph(id(ci), direction, depth, limit))
                                .as("%s %s depth %d limit %d", ci, direction, depth, limit).contains(sql);
                        compared++;
                    }
                }
            }
        }
        assertThat(compared).isEqualTo(CIS.length * 3 * 5 * 2);
        // the estate really exercises what it claims: the via of a two-type pair, CONNECTED_TO against its way
        Impact downstreamOfA = cmdb.impact(id("A"), ImpactDirection.DOWNSTREAM, 1);
        assertThat(downstreamOfA.affected()).filteredOn(ci -> ci.id().equals(id("L"))).singleElement()
                .satisfies(l -> assertThat(l.via()).isEqualTo(rel("L", RelationshipType.DEPENDS_ON, "A")));
        assertThat(downstreamOfA.affectedIds()).contains(id("N"));
        Impact upstreamOfH = cmdb.impact(id("H"), ImpactDirection.UPSTREAM, 1);
        assertThat(upstreamOfH.affectedIds()).containsExactly(id("F"), id("G"), id("I"));
        assertThat(cmdb.impact(id("A"), ImpactDirection.UPSTREAM, 5).byType())
                .contains(new Impact.TypeCount("STORAGE", 3));
    }

    @Test
    @DisplayName("R-9.1c a topology write (relationship added or removed, CI type changed, service linked) is in the "
            + "very next answer; a status change keeps the graph")
    void topologyWritesAreInTheNextAnswer() {
        create("P", "SERVER");
        create("Q", "APPLICATION");
        relate("Q", RelationshipType.RUNS_ON, "P");
        assertThat(graphs.load()).isNotNull();
        assertThat(graphAnswer()).isNotNull();

        // relationship added (and the CI created for it)
        create("R", "APPLICATION");
        relate("R", RelationshipType.DEPENDS_ON, "P");
        assertThat(cmdb.analyseWithGraph(id("P"), ImpactDirection.DOWNSTREAM, 3, 100)).isEmpty();
        assertThat(answer().affectedIds()).containsExactly(id("Q"), id("R"));
        assertThat(graphs.load()).isNotNull();
        assertThat(graphAnswer()).isEqualTo(answer());

        // type changed
        ConfigurationItem r = cmdb.require(id("R"), null);
        cmdb.update(r.id(), CiChanges.against(r.version()).withType("DATABASE"), "tester", "graph test", null);
        assertThat(answer().byType()).containsExactly(new Impact.TypeCount("APPLICATION", 1),
                new Impact.TypeCount("DATABASE", 1));
        assertThat(graphs.load()).isNotNull();
        assertThat(graphAnswer()).isEqualTo(answer());

        // service linked
        cmdb.linkService(id("R"), "svc-" + s.toLowerCase(), "tester", null, null);
        assertThat(answer().services()).containsExactly("svc-" + s.toLowerCase());
        assertThat(graphs.load()).isNotNull();
        assertThat(graphAnswer()).isEqualTo(answer());

        // a status change is not a topology change: the graph stays in use
        ConfigurationItem q = cmdb.require(id("Q"), null);
        cmdb.update(q.id(), CiChanges.against(q.version()).withStatus(CiStatus.RETIRED), "tester", null, null);
        assertThat(graphAnswer()).isEqualTo(answer());
        assertThat(answer().affected().get(0).status()).isEqualTo(CiStatus.RETIRED);

        // relationship removed
        cmdb.unrelate(id("R"), RelationshipType.DEPENDS_ON, id("P"), "tester", null, null);
        assertThat(answer().affectedIds()).containsExactly(id("Q"));
        assertThat(answer().services()).isEmpty();
        assertThat(graphs.load()).isNotNull();
        assertThat(graphAnswer()).isEqualTo(answer());
    }

    @Test
    @DisplayName("R-9.1c a transaction that changed the topology sees its own writes in impact analysis; after its "
            + "rollback the graph answers again")
    void ownUncommittedWritesAreSeen() {
        create("P", "SERVER");
        create("S", "APPLICATION");
        assertThat(graphs.load()).isNotNull();
        Impact before = graphAnswer();
        assertThat(before.total()).isZero();
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            relate("S", RelationshipType.RUNS_ON, "P");
            assertThat(answer().affectedIds()).containsExactly(id("S"));
            status.setRollbackOnly();
        });
        assertThat(graphAnswer()).isEqualTo(before).isEqualTo(answer());
    }

    @Test
    @DisplayName("R-9.1c on PostgreSQL, topology written with plain SQL (bulk loads, manual fixes) raises the "
            + "topology version through triggers; status updates do not")
    void sqlWritesOutsideTheProductRaiseTheVersion() {
        create("P", "SERVER");
        create("T", "APPLICATION");
        assertThat(graphs.load()).isNotNull();

        long version = version();
        jdbc.sql("insert into ci_relationship (source_ci_id, target_ci_id, type) values (?, ?, 'RUNS_ON')")
                .params(id("T"), id("P")).update();
        assertThat(version()).isGreaterThan(version);
        assertThat(cmdb.analyseWithGraph(id("P"), ImpactDirection.DOWNSTREAM, 3, 100)).isEmpty();
        assertThat(answer().affectedIds()).containsExactly(id("T"));

        version = version();
        jdbc.sql("update configuration_item set status = 'RETIRED' where id = ?").param(id("T")).update();
        jdbc.sql("update configuration_item set type_id = type_id where id = ?").param(id("T")).update();
        assertThat(version()).isEqualTo(version);
        jdbc.sql("update configuration_item set type_id = 'DATABASE' where id = ?").param(id("T")).update();
        assertThat(version()).isGreaterThan(version);

        for (String sql : List.of("insert into service_ci (service_id, ci_id) values ('svc-raw', ?)",
                "delete from service_ci where ci_id = ?", "delete from ci_relationship where source_ci_id = ?",
                "insert into configuration_item (id, name, type_id, status, version, created_at, updated_at) "
                        + "values (? || '-X', 'raw', 'SERVER', 'LIVE', 1, current_timestamp, current_timestamp)",
                // and gone again: a CI without its CREATED history entry would spoil other classes' demo checks
                "delete from configuration_item where id = ? || '-X'")) {
            version = version();
            jdbc.sql(sql).param(id("T")).update();
            assertThat(version()).as(sql).isGreaterThan(version);
        }
        assertThat(answer().total()).isZero();
        assertThat(graphs.load()).isNotNull();
        assertThat(graphAnswer()).isEqualTo(answer());
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    private void buildEstate() {
        for (int i = 0; i < CIS.length; i++) {
            create(CIS[i], TYPES[i]);
        }
        String[][] relationships = {
                {"A", "DEPENDS_ON", "C"}, {"A", "RUNS_ON", "D"}, {"A", "RUNS_ON", "E"}, {"A", "DEPENDS_ON", "B"},
                {"B", "DEPENDS_ON", "C"}, {"B", "RUNS_ON", "D"}, {"B", "DEPENDS_ON", "A"},
                {"C", "RUNS_ON", "D"}, {"C", "RUNS_ON", "E"},
                {"D", "RUNS_ON", "F"}, {"E", "RUNS_ON", "F"}, {"E", "RUNS_ON", "G"},
                {"D", "DEPENDS_ON", "J"}, {"E", "DEPENDS_ON", "K"}, {"K", "PART_OF", "J"}, {"F", "DEPENDS_ON", "L"},
                {"F", "CONNECTED_TO", "H"}, {"G", "CONNECTED_TO", "H"}, {"H", "CONNECTED_TO", "I"},
                {"I", "CONNECTED_TO", "H"}, {"J", "CONNECTED_TO", "I"},
                {"L", "DEPENDS_ON", "A"}, {"L", "RUNS_ON", "A"}, {"L", "PART_OF", "B"}, {"N", "CONNECTED_TO", "A"},
                {"E", "RUNS_ON", "M"}};
        for (String[] r : relationships) {
            relate(r[0], RelationshipType.valueOf(r[1]), r[2]);
        }
        cmdb.unrelate(id("E"), RelationshipType.RUNS_ON, id("M"), "tester", null, null);
        ConfigurationItem g = cmdb.require(id("G"), null);
        cmdb.update(g.id(), CiChanges.against(g.version()).withType("STORAGE"), "tester", "graph test", null);
        String[][] services = {{"A", "x"}, {"C", "y"}, {"F", "z"}, {"H", "x"}, {"M", "m"}};
        for (String[] link : services) {
            cmdb.linkService(id(link[0]), "svc-" + link[1] + "-" + s.toLowerCase(), "tester", null, null);
        }
    }

    /** The public answer: downstream of P, depth 3, default page. */
    private Impact answer() {
        return cmdb.impact(id("P"), ImpactDirection.DOWNSTREAM, 3, null);
    }

    /** The same from the graph; fails if the graph is not current. */
    private Impact graphAnswer() {
        return cmdb.analyseWithGraph(id("P"), ImpactDirection.DOWNSTREAM, 3, CmdbService.DEFAULT_IMPACT_LIMIT)
                .orElseThrow(() -> new AssertionError("the graph is not current"));
    }

    private long version() {
        return jdbc.sql("select version from cmdb_topology_version where id = 1").query(Long.class).single();
    }

    private void create(String name, String type) {
        cmdb.create(NewCi.of(id(name), "Graph test " + name, type).withStatus(CiStatus.LIVE), "tester",
                "relationship graph test", null);
    }

    private void relate(String source, RelationshipType type, String target) {
        cmdb.relate(id(source), type, id(target), "tester", null, null);
    }

    private CiRelationship rel(String source, RelationshipType type, String target) {
        return new CiRelationship(id(source), type, id(target));
    }

    private String id(String name) {
        return "RG" + s + "-" + name;
    }
}
