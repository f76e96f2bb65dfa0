package org.itsmflow.reporting.conformance;

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
}
