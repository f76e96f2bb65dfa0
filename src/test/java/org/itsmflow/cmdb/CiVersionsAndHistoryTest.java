package org.itsmflow.cmdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.itsmflow.cmdb.CiHistoryEntry.FieldChange;
import org.itsmflow.platform.ConflictException;
import org.itsmflow.platform.InvalidFieldException;
import org.itsmflow.platform.NotFoundException;
import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** CI versions (R-9.1b), history (R-9.1d) and unique identification (R-9.1g) on PostgreSQL. */
@PostgresTest
class CiVersionsAndHistoryTest {

    @Autowired
    CmdbService cmdb;

    String s;

    @BeforeEach
    void suffix() {
        s = UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    }

    @Test
    @DisplayName("R-9.1b R-9.1d R-9.1g a new CI starts at version 1 with a CREATED entry naming its initial values")
    void createRecordsVersionOneAndHistory() {
        ConfigurationItem ci = cmdb.create(new NewCi(id("SRV"), "Test server", "SERVER", CiStatus.IN_TEST,
                        "DC1, Rack 9", "secondline", Map.of("cpuCores", 16, "os", "Debian 12"),
                        "https://wiki.example.com/srv"),
                "chris", "new test server", "CHG-000045");

        assertThat(ci.version()).isEqualTo(1);
        assertThat(cmdb.require(ci.id(), "ciId")).isEqualTo(ci);
        List<CiHistoryEntry> history = cmdb.history(ci.id());
        assertThat(history).singleElement().satisfies(entry -> {
            assertThat(entry.action()).isEqualTo(HistoryAction.CREATED);
            assertThat(entry.ciVersion()).isEqualTo(1);
            assertThat(entry.changedBy()).isEqualTo("chris");
            assertThat(entry.reason()).isEqualTo("new test server");
            assertThat(entry.changeRef()).isEqualTo("CHG-000045");
            assertThat(entry.changedAt()).isEqualTo(ci.createdAt());
            assertThat(entry.changes()).containsEntry("name", new FieldChange(null, "Test server"))
                    .containsEntry("status", new FieldChange(null, "IN_TEST"))
                    .containsEntry("attributes", new FieldChange(null, Map.of("cpuCores", 16, "os", "Debian 12")));
        });
    }

    @Test
    @DisplayName("R-9.1b R-9.1d every update is a new version with field from/to, reason and change reference")
    void updateRaisesVersionAndRecordsChanges() {
        ConfigurationItem ci = cmdb.create(NewCi.of(id("APP"), "Test app", "APPLICATION"), "tester", null, null);

        ConfigurationItem live = cmdb.update(ci.id(), CiChanges.against(1).withStatus(CiStatus.LIVE)
                .withLocation("DC1"), "chris", "went live", "CHG-000046");
        ConfigurationItem renamed = cmdb.update(ci.id(), CiChanges.against(2).withName("Test application")
                .withLocation(""), "rita", "renamed", null);

        assertThat(live.version()).isEqualTo(2);
        assertThat(renamed.version()).isEqualTo(3);
        assertThat(renamed.status()).isEqualTo(CiStatus.LIVE);
        assertThat(renamed.location()).isNull();
        assertThat(cmdb.require(ci.id(), null)).isEqualTo(renamed);
        assertThat(cmdb.history(ci.id()))
                .extracting(CiHistoryEntry::ciVersion, CiHistoryEntry::action, CiHistoryEntry::changedBy,
                        CiHistoryEntry::changeRef)
                .containsExactly(
                        tuple(1, HistoryAction.CREATED, "tester", null),
                        tuple(2, HistoryAction.UPDATED, "chris", "CHG-000046"),
                        tuple(3, HistoryAction.UPDATED, "rita", null));
        assertThat(cmdb.history(ci.id()).get(1).changes()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "status", new FieldChange("PLANNED", "LIVE"),
                "location", new FieldChange(null, "DC1")));
        assertThat(cmdb.history(ci.id()).get(2).changes()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "name", new FieldChange("Test app", "Test application"),
                "location", new FieldChange("DC1", null)));
    }

    @Test
    @DisplayName("R-9.1b an update against a stale version is refused and changes nothing")
    void staleVersionConflicts() {
        ConfigurationItem ci = cmdb.create(NewCi.of(id("DB"), "Test db", "DATABASE"), "tester", null, null);
        cmdb.update(ci.id(), CiChanges.against(1).withName("Test database"), "tester", null, null);

        assertThatThrownBy(() -> cmdb.update(ci.id(), CiChanges.against(1).withName("Lost update"), "other", null,
                null)).isInstanceOf(ConflictException.class).hasMessageContaining("version 2, not 1");

        assertThat(cmdb.require(ci.id(), null).name()).isEqualTo("Test database");
        assertThat(cmdb.history(ci.id())).hasSize(2);
    }

    @Test
    @DisplayName("R-9.1b an update that changes nothing makes no new version")
    void noOpUpdateKeepsVersion() {
        ConfigurationItem ci = cmdb.create(NewCi.of(id("VM"), "Test vm", "VIRTUAL_MACHINE"), "tester", null, null);
        ConfigurationItem same = cmdb.update(ci.id(), CiChanges.against(1).withName("Test vm"), "tester", null, null);
        assertThat(same.version()).isEqualTo(1);
        assertThat(cmdb.history(ci.id())).hasSize(1);
    }

    @Test
    @DisplayName("R-9.1a R-9.1b R-9.1d relationships are recorded on the source CI with a new version and history")
    void relateAndUnrelate() {
        ConfigurationItem app = cmdb.create(NewCi.of(id("APP"), "App", "APPLICATION"), "tester", null, null);
        ConfigurationItem srv = cmdb.create(NewCi.of(id("SRV"), "Server", "SERVER"), "tester", null, null);

        cmdb.relate(app.id(), RelationshipType.RUNS_ON, srv.id(), "chris", "deploy", "CHG-000047");
        assertThat(cmdb.outgoing(app.id())).containsExactly(new CiRelationship(app.id(), RelationshipType.RUNS_ON,
                srv.id()));
        assertThat(cmdb.incoming(srv.id())).containsExactly(new CiRelationship(app.id(), RelationshipType.RUNS_ON,
                srv.id()));
        assertThat(cmdb.relationships(srv.id())).hasSize(1);
        assertThat(cmdb.require(app.id(), null).version()).isEqualTo(2);
        assertThat(cmdb.require(srv.id(), null).version()).isEqualTo(1);
        assertThatThrownBy(() -> cmdb.relate(app.id(), RelationshipType.RUNS_ON, srv.id(), "chris", null, null))
                .isInstanceOf(ConflictException.class);

        cmdb.unrelate(app.id(), RelationshipType.RUNS_ON, srv.id(), "chris", "moved", "CHG-000048");
        assertThat(cmdb.outgoing(app.id())).isEmpty();
        assertThatThrownBy(() -> cmdb.unrelate(app.id(), RelationshipType.RUNS_ON, srv.id(), "chris", null, null))
                .isInstanceOf(NotFoundException.class);

        String described = app.id() + " RUNS_ON " + srv.id();
        assertThat(cmdb.history(app.id()))
                .extracting(CiHistoryEntry::ciVersion, CiHistoryEntry::action, CiHistoryEntry::changes)
                .containsExactly(
                        tuple(1, HistoryAction.CREATED, Map.of("name", new FieldChange(null, "App"),
                                "typeId", new FieldChange(null, "APPLICATION"),
                                "status", new FieldChange(null, "PLANNED"))),
                        tuple(2, HistoryAction.RELATIONSHIP_ADDED,
                                Map.of("relationship", new FieldChange(null, described))),
                        tuple(3, HistoryAction.RELATIONSHIP_REMOVED,
                                Map.of("relationship", new FieldChange(described, null))));
    }

    @Test
    @DisplayName("R-9.1a R-9.1d linking a CI to a service is versioned and idempotent")
    void linkService() {
        ConfigurationItem app = cmdb.create(NewCi.of(id("APP"), "App", "APPLICATION"), "tester", null, null);
        String service = "svc-" + s.toLowerCase();
        cmdb.linkService(app.id(), service, "olivia", "supports it", null);
        cmdb.linkService(app.id(), service, "olivia", "again", null);
        assertThat(cmdb.servicesOf(List.of(app.id(), id("NONE")))).containsExactly(service);
        assertThat(cmdb.history(app.id())).extracting(CiHistoryEntry::action)
                .containsExactly(HistoryAction.CREATED, HistoryAction.SERVICE_LINKED);
    }

    @Test
    @DisplayName("R-9.1g ids are unique and well-formed; bad writes name the field and leave no trace")
    void badWritesAreRefused() {
        cmdb.create(NewCi.of(id("SRV"), "Server", "SERVER"), "tester", null, null);

        assertThatThrownBy(() -> cmdb.create(NewCi.of(id("SRV"), "Again", "SERVER"), "tester", null, null))
                .isInstanceOf(ConflictException.class).hasMessageContaining(id("SRV"));
        assertField(() -> cmdb.create(NewCi.of("srv lower", "x", "SERVER"), "tester", null, null), "id");
        assertField(() -> cmdb.create(NewCi.of(id("X"), " ", "SERVER"), "tester", null, null), "name");
        assertField(() -> cmdb.create(NewCi.of(id("X"), "x", "MAINFRAME"), "tester", null, null), "typeId");
        assertField(() -> cmdb.create(NewCi.of(id("X"), "x", "SERVER"), " ", null, null), "actor");
        assertField(() -> cmdb.create(NewCi.of(id("X"), "x", "SERVER"), "tester", null, "change 45"), "changeRef");
        assertField(() -> cmdb.create(new NewCi(id("X"), "x", "SERVER", null, null, null, null, "ftp://x"),
                "tester", null, null), "documentationUrl");
        assertField(() -> cmdb.relate(id("SRV"), RelationshipType.DEPENDS_ON, id("SRV"), "tester", null, null),
                "targetCiId");
        assertThatThrownBy(() -> cmdb.relate(id("SRV"), RelationshipType.DEPENDS_ON, id("MISSING"), "tester", null,
                null)).isInstanceOfSatisfying(NotFoundException.class,
                        e -> assertThat(e.field()).isEqualTo("targetCiId"));
        assertThatThrownBy(() -> cmdb.require(id("MISSING"), "ciId"))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.field()).isEqualTo("ciId");
                    assertThat(e.getMessage()).contains(id("MISSING"));
                });

        assertThat(cmdb.find(id("X"))).isEmpty();
        assertThat(cmdb.require(id("SRV"), null).version()).isEqualTo(1);
        assertThat(cmdb.history(id("SRV"))).hasSize(1);
    }

    private static void assertField(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String field) {
        assertThatThrownBy(call).isInstanceOfSatisfying(InvalidFieldException.class,
                e -> assertThat(e.field()).isEqualTo(field));
    }

    private String id(String name) {
        return name + "-T" + s;
    }
}
