package org.itsmflow.cmdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.UUID;

import org.itsmflow.platform.InvalidFieldException;
import org.itsmflow.platform.NotFoundException;
import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * R-9.1c impact analysis on PostgreSQL, on a graph built here with a cycle and a diamond (ids unique to each test):
 * <pre>
 *   X1 RUNS_ON R      X2 RUNS_ON R      Q DEPENDS_ON R      R CONNECTED_TO N      R RUNS_ON U
 *   Y DEPENDS_ON X1   Y DEPENDS_ON X2   (diamond R ← X1, X2 ← Y)
 *   Z PART_OF Y       R DEPENDS_ON Z    (cycle R ← X1 ← Y ← Z ← R)
 *   Q DEPENDS_ON Y    (a longer path to Q, which is also one step from R)
 *   services: root → R, a → Z, b → U
 * </pre>
 */
@PostgresTest
class ImpactAnalysisTest {

    @Autowired
    CmdbService cmdb;

    String s;

    @BeforeEach
    void buildGraph() {
        s = UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        for (String name : new String[] {"R", "X1", "X2", "Y", "Z", "Q", "N", "U"}) {
            cmdb.create(NewCi.of(id(name), "Test CI " + name, "SERVER").withStatus(CiStatus.LIVE), "tester",
                    "impact test graph", null);
        }
        relate("X1", RelationshipType.RUNS_ON, "R");
        relate("X2", RelationshipType.RUNS_ON, "R");
        relate("Q", RelationshipType.DEPENDS_ON, "R");
        relate("R", RelationshipType.CONNECTED_TO, "N");
        relate("R", RelationshipType.RUNS_ON, "U");
        relate("Y", RelationshipType.DEPENDS_ON, "X1");
        relate("Y", RelationshipType.DEPENDS_ON, "X2");
        relate("Z", RelationshipType.PART_OF, "Y");
        relate("R", RelationshipType.DEPENDS_ON, "Z");
        relate("Q", RelationshipType.DEPENDS_ON, "Y");
        cmdb.linkService(id("R"), service("root"), "tester", null, null);
        cmdb.linkService(id("Z"), service("a"), "tester", null, null);
        cmdb.linkService(id("U"), service("b"), "tester", null, null);
    }

    @Test
    @DisplayName("R-9.1c downstream: what fails with the root, each CI once at its shortest distance, cycles end")
    void downstreamFollowsRelationshipsBackwardsAndConnectedToBothWays() {
        Impact impact = cmdb.impact(id("R"), ImpactDirection.DOWNSTREAM, 10);

        assertThat(impact.root().id()).isEqualTo(id("R"));
        assertThat(impact.direction()).isEqualTo("downstream");
        assertThat(impact.affected()).extracting(Impact.ImpactedCi::id, Impact.ImpactedCi::distance)
                .containsExactly(
                        tuple(id("N"), 1), tuple(id("Q"), 1), tuple(id("X1"), 1), tuple(id("X2"), 1),
                        tuple(id("Y"), 2),
                        tuple(id("Z"), 3));
        // the diamond's bottom is listed once, reached first through X1
        assertThat(find(impact, "Y").via()).isEqualTo(rel("Y", RelationshipType.DEPENDS_ON, "X1"));
        // CONNECTED_TO is followed against its direction too
        assertThat(find(impact, "N").via()).isEqualTo(rel("R", RelationshipType.CONNECTED_TO, "N"));
        // Q is one step away directly, three through Y: the shortest distance wins
        assertThat(find(impact, "Q").via()).isEqualTo(rel("Q", RelationshipType.DEPENDS_ON, "R"));
        assertThat(find(impact, "Z")).satisfies(z -> {
            assertThat(z.typeId()).isEqualTo("SERVER");
            assertThat(z.status()).isEqualTo(CiStatus.LIVE);
            assertThat(z.name()).isEqualTo("Test CI Z");
        });
        // the root never reappears although the cycle leads back to it; U (which R runs on) is not affected
        assertThat(impact.affectedIds()).doesNotContain(id("R"), id("U"));
        assertThat(impact.services()).containsExactly(service("a"), service("root"));
    }

    @Test
    @DisplayName("R-9.1c depth limits how far impact analysis walks")
    void depthLimitsTheWalk() {
        assertThat(cmdb.impact(id("R"), ImpactDirection.DOWNSTREAM, 1).affectedIds())
                .containsExactlyInAnyOrder(id("N"), id("Q"), id("X1"), id("X2"));
        assertThat(cmdb.impact(id("R"), ImpactDirection.DOWNSTREAM, 2).affectedIds())
                .containsExactlyInAnyOrder(id("N"), id("Q"), id("X1"), id("X2"), id("Y"));
        assertThat(cmdb.impact(id("R"), ImpactDirection.DOWNSTREAM, 1).services()).containsExactly(service("root"));
        assertThat(cmdb.impact(id("R"), ImpactDirection.DOWNSTREAM, null).depth()).isEqualTo(CmdbService.DEFAULT_DEPTH);
    }

    @Test
    @DisplayName("R-9.1c upstream: what the root relies on, forwards, through the cycle back to the diamond")
    void upstreamFollowsRelationshipsForwards() {
        Impact impact = cmdb.impact(id("R"), ImpactDirection.UPSTREAM, 10);

        assertThat(impact.affected()).extracting(Impact.ImpactedCi::id, Impact.ImpactedCi::distance)
                .containsExactly(
                        tuple(id("N"), 1), tuple(id("U"), 1), tuple(id("Z"), 1),
                        tuple(id("Y"), 2),
                        tuple(id("X1"), 3), tuple(id("X2"), 3));
        assertThat(find(impact, "Y").via()).isEqualTo(rel("Z", RelationshipType.PART_OF, "Y"));
        assertThat(impact.affectedIds()).doesNotContain(id("Q"), id("R"));
        assertThat(impact.services()).containsExactly(service("a"), service("b"), service("root"));
    }

    @Test
    @DisplayName("R-9.1c both directions at once, each CI still listed once")
    void bothDirections() {
        Impact one = cmdb.impact(id("R"), ImpactDirection.BOTH, 1);
        assertThat(one.affectedIds())
                .containsExactlyInAnyOrder(id("N"), id("Q"), id("U"), id("X1"), id("X2"), id("Z"));
        assertThat(one.services()).containsExactly(service("a"), service("b"), service("root"));

        Impact all = cmdb.impact(id("R"), ImpactDirection.BOTH, 10);
        assertThat(all.affectedIds()).doesNotHaveDuplicates().hasSize(7).contains(id("Y"));
        assertThat(find(all, "Y").distance()).isEqualTo(2);
    }

    @Test
    @DisplayName("R-9.1c a paged answer: counts and services cover every reached CI, only the first N are listed")
    void pagedAnswerSummarisesEverythingAndListsTheNearestFirst() {
        Impact full = cmdb.impact(id("R"), ImpactDirection.DOWNSTREAM, 10);
        Impact page = cmdb.impact(id("R"), ImpactDirection.DOWNSTREAM, 10, 3);

        assertThat(page.total()).isEqualTo(6).isEqualTo(full.total());
        assertThat(page.truncated()).isTrue();
        assertThat(full.truncated()).isFalse();
        // the first three by distance then id, each with the same relationship as in the complete answer
        assertThat(page.affected()).containsExactlyElementsOf(full.affected().subList(0, 3));
        assertThat(page.affectedIds()).containsExactly(id("N"), id("Q"), id("X1"));
        assertThat(page.byDistance()).containsExactly(new Impact.DistanceCount(1, 4), new Impact.DistanceCount(2, 1),
                new Impact.DistanceCount(3, 1));
        assertThat(page.byType()).containsExactly(new Impact.TypeCount("SERVER", 6));
        // Z (distance 3) is not listed, but the service it supports is
        assertThat(page.services()).containsExactly(service("a"), service("root"));

        Impact upstream = cmdb.impact(id("R"), ImpactDirection.UPSTREAM, 10, 5);
        assertThat(upstream.affected()).containsExactlyElementsOf(
                cmdb.impact(id("R"), ImpactDirection.UPSTREAM, 10).affected().subList(0, 5));
        Impact both = cmdb.impact(id("R"), ImpactDirection.BOTH, 10, 1000);
        assertThat(both.truncated()).isFalse();
        assertThat(both.affected()).isEqualTo(cmdb.impact(id("R"), ImpactDirection.BOTH, 10).affected());
        assertThat(cmdb.impact(id("R"), ImpactDirection.DOWNSTREAM, 10, null).affected()).hasSize(6);
    }

    @Test
    @DisplayName("R-9.1c a page size outside 1..1000 is refused, naming the parameter")
    void badLimit() {
        for (int limit : new int[] {0, CmdbService.MAX_IMPACT_LIMIT + 1}) {
            assertThatThrownBy(() -> cmdb.impact(id("R"), ImpactDirection.DOWNSTREAM, 3, limit))
                    .isInstanceOfSatisfying(InvalidFieldException.class,
                            e -> assertThat(e.field()).isEqualTo("limit"));
        }
    }

    @Test
    @DisplayName("R-9.1c a leaf has no downstream impact but still names its own services")
    void leafHasNothingDownstream() {
        Impact impact = cmdb.impact(id("U"), ImpactDirection.UPSTREAM, 3);
        assertThat(impact.affected()).isEmpty();
        assertThat(impact.services()).containsExactly(service("b"));
    }

    @Test
    @DisplayName("R-9.1c bad depth, missing direction and unknown CIs are refused, naming the parameter")
    void badInput() {
        assertThatThrownBy(() -> cmdb.impact(id("R"), ImpactDirection.DOWNSTREAM, 0))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("depth"));
        assertThatThrownBy(() -> cmdb.impact(id("R"), ImpactDirection.DOWNSTREAM, 11))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("depth"));
        assertThatThrownBy(() -> cmdb.impact(id("R"), null, 3))
                .isInstanceOfSatisfying(InvalidFieldException.class,
                        e -> assertThat(e.field()).isEqualTo("direction"));
        assertThatThrownBy(() -> cmdb.impact(id("MISSING"), ImpactDirection.DOWNSTREAM, 3))
                .isInstanceOf(NotFoundException.class).hasMessageContaining(id("MISSING"));
    }

    private Impact.ImpactedCi find(Impact impact, String name) {
        return impact.affected().stream().filter(ci -> ci.id().equals(id(name))).findFirst().orElseThrow();
    }

    private void relate(String source, RelationshipType type, String target) {
        cmdb.relate(id(source), type, id(target), "tester", "impact test graph", null);
    }

    private CiRelationship rel(String source, RelationshipType type, String target) {
        return new CiRelationship(id(source), type, id(target));
    }

    private String id(String name) {
        return "T" + s + "-" + name;
    }

    private String service(String name) {
        return "svc-" + s.toLowerCase() + "-" + name;
    }
}
