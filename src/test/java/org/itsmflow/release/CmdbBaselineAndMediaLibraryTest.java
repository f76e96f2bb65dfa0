package org.itsmflow.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.itsmflow.cmdb.CiChanges;
import org.itsmflow.cmdb.CiHistoryEntry;
import org.itsmflow.cmdb.CiStatus;
import org.itsmflow.cmdb.CmdbBaselines;
import org.itsmflow.cmdb.CmdbService;
import org.itsmflow.cmdb.ConfigurationItem;
import org.itsmflow.cmdb.MediaEntry;
import org.itsmflow.cmdb.MediaLibrary;
import org.itsmflow.platform.InvalidFieldException;
import org.itsmflow.platform.NotFoundException;
import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The CMDB's release concepts against PostgreSQL with the Liquibase schema: baselines taken and restored (R-9.1e,
 * R-10.1c) without rewriting history, and the definitive media library (R-9.1f).
 */
@PostgresTest
class CmdbBaselineAndMediaLibraryTest {

    static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    @Autowired
    CmdbBaselines baselines;
    @Autowired
    MediaLibrary library;
    @Autowired
    CmdbService cmdb;

    @Test
    @DisplayName("R-9.1e R-10.1c R-9.1b R-9.1d a baseline holds each CI's version and fields; restoring writes a new version equal to the baseline one, history naming the record and the baseline")
    void baselineTakenAndRestored() {
        String a = ReleaseFixtures.newCi(cmdb, "BLA");
        String b = ReleaseFixtures.newCi(cmdb, "BLB");
        ConfigurationItem aBefore = cmdb.require(a, null);
        ConfigurationItem bBefore = cmdb.require(b, null);

        CmdbBaselines.Baseline baseline = baselines.take(List.of(a, b), "rita", "before REL-999999", "REL-999999");
        assertThat(baseline.id()).matches("BL-\\d{6}");
        assertThat(baseline.items()).hasSize(2);
        assertThat(baseline.item(a).orElseThrow().ciVersion()).isEqualTo(aBefore.version());
        assertThat(baselines.require(baseline.id()).item(b).orElseThrow().snapshot())
                .containsEntry("status", "LIVE").containsEntry("location", "fra");

        Map<String, Object> attributes = new LinkedHashMap<>(aBefore.attributes());
        attributes.put("version", "9.9.9");
        cmdb.update(a, CiChanges.against(aBefore.version()).withAttributes(attributes)
                .withStatus(CiStatus.MAINTENANCE).withLocation(""), "rita", "wave 1", "REL-999999");

        List<CmdbBaselines.Restored> restored = baselines.restore(baseline.id(), null, "system", "Release REL-999999 rolled back",
                "REL-999999");
        assertThat(restored).extracting(CmdbBaselines.Restored::ciId).containsExactlyInAnyOrder(a, b);
        CmdbBaselines.Restored ra = restored.stream().filter(r -> r.ciId().equals(a)).findFirst().orElseThrow();
        assertThat(ra.changed()).isTrue();
        assertThat(ra.fromVersion()).isEqualTo(aBefore.version() + 1);
        assertThat(ra.restoredVersion()).isEqualTo(aBefore.version() + 2);
        CmdbBaselines.Restored rb = restored.stream().filter(r -> r.ciId().equals(b)).findFirst().orElseThrow();
        assertThat(rb.changed()).as("an untouched CI is left as it is").isFalse();
        assertThat(cmdb.require(b, null).version()).isEqualTo(bBefore.version());

        ConfigurationItem aAfter = cmdb.require(a, null);
        assertThat(aAfter.status()).isEqualTo(aBefore.status());
        assertThat(aAfter.location()).isEqualTo(aBefore.location());
        assertThat(aAfter.attributes()).isEqualTo(aBefore.attributes());
        List<CiHistoryEntry> history = cmdb.history(a);
        assertThat(history).hasSize(3);
        CiHistoryEntry last = history.get(2);
        assertThat(last.ciVersion()).isEqualTo(aBefore.version() + 2);
        assertThat(last.changeRef()).isEqualTo("REL-999999");
        assertThat(last.reason()).contains("restored from baseline " + baseline.id())
                .contains("version " + aBefore.version());
        assertThat(history.get(1).reason()).isEqualTo("wave 1");
    }

    @Test
    @DisplayName("R-9.1e a baseline needs CIs that exist")
    void baselineOfUnknownCi() {
        assertThatThrownBy(() -> baselines.take(List.of(), "rita", null, null)).isInstanceOf(InvalidFieldException.class);
        assertThatThrownBy(() -> baselines.take(List.of("NO-SUCH-CI-42"), "rita", null, null))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> baselines.require("BL-999999")).isInstanceOf(NotFoundException.class);
    }

    @Test
    @DisplayName("R-9.1f the definitive media library keeps master copies with checksums, referenced from the CI record")
    void mediaLibrary() {
        String ci = ReleaseFixtures.newCi(cmdb, "DML");
        MediaEntry entry = library.register("deliverables[0]", "erp.jar", "4.2.0", SHA.toUpperCase(), "erp/erp.jar",
                ci, "REL-999998", "rita");
        assertThat(entry.id()).matches("DML-\\d{6}");
        assertThat(entry.sha256()).isEqualTo(SHA);
        assertThat(library.ofCi(ci)).extracting(MediaEntry::id).containsExactly(entry.id());
        assertThat(library.entries(List.of(entry.id()))).containsExactly(entry);

        assertThatThrownBy(() -> library.register("deliverables[1]", "x", "1", "abc", "x.jar", ci, null, "rita"))
                .isInstanceOf(InvalidFieldException.class).hasFieldOrPropertyWithValue("field", "deliverables[1].sha256");
        assertThatThrownBy(() -> library.register("d", "x", "1", SHA, "../../etc/passwd", ci, null, "rita"))
                .isInstanceOf(InvalidFieldException.class).hasFieldOrPropertyWithValue("field", "d.location");
        assertThatThrownBy(() -> library.register("d", "x", "1", SHA, "x.jar", "NO-SUCH-CI-42", null, "rita"))
                .isInstanceOf(NotFoundException.class);
    }
}
