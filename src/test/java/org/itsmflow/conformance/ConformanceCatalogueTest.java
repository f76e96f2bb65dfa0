package org.itsmflow.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The requirement catalogue is read from the packaged copy of requirements.md, every table row with its clause. */
class ConformanceCatalogueTest {

    @Test
    @DisplayName("R-3.2 the packaged catalogue holds every requirement id, those with and without a table header")
    void packagedCatalogue() {
        List<Requirement> all = new RequirementCatalogue().all();
        assertThat(all).hasSize(64);
        assertThat(all.get(0).id()).isEqualTo("R-3.1");
        assertThat(all).extracting(Requirement::id).contains("R-5a", "R-6.4", "R-9.2e", "R-10.1i").doesNotHaveDuplicates();
        Requirement review = new RequirementCatalogue().find("R-9.2e").orElseThrow();
        assertThat(review.text()).isEqualTo("every change reviewed after implementation");
        assertThat(review.expectedCarrier()).isEqualTo("post-implementation review task");
        assertThat(review.clause()).isEqualTo("9 Control processes");
    }

    @Test
    @DisplayName("R-3.2 ids are found in documentation text without catching record numbers or longer words")
    void idPattern() {
        var ids = RequirementCatalogue.ID.matcher("Fulfils R-9.2a, R-5a and R-6.4 (x); SR-000001. R-10.1i: R-3.1")
                .results().map(m -> m.group()).toList();
        assertThat(ids).containsExactly("R-9.2a", "R-5a", "R-6.4", "R-10.1i", "R-3.1");
    }

    @Test
    @DisplayName("R-3.2 figures read as English: thousands separated, plurals, whole percent rounded down")
    void figures() {
        assertThat(Figures.count(1204, "incident")).isEqualTo("1,204 incidents");
        assertThat(Figures.count(1, "change")).isEqualTo("1 change");
        assertThat(Figures.count(2, "breach")).isEqualTo("2 breaches");
        assertThat(Figures.count(3, "CI history entry")).isEqualTo("3 CI history entries");
        assertThat(Figures.count(2, "survey")).isEqualTo("2 surveys");
        assertThat(Figures.percent(199, 200)).isEqualTo("99 %");
        assertThat(Figures.judge(0, List.of(), "none", "all", "some").verdict())
                .isEqualTo(org.itsmflow.conformance.Evidence.Verdict.NO_ACTIVITY);
        assertThat(Figures.judge(2, List.of("CHG-000001"), "none", "all", "some").shortfalls())
                .containsExactly("CHG-000001");
    }
}
