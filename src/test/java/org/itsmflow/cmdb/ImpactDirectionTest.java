package org.itsmflow.cmdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.itsmflow.platform.InvalidFieldException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ImpactDirectionTest {

    @Test
    @DisplayName("R-9.1c directions parse from their API names in any case")
    void parsesApiNames() {
        assertThat(ImpactDirection.parse("downstream", "direction")).isEqualTo(ImpactDirection.DOWNSTREAM);
        assertThat(ImpactDirection.parse("Upstream", "direction")).isEqualTo(ImpactDirection.UPSTREAM);
        assertThat(ImpactDirection.parse(" BOTH ", "direction")).isEqualTo(ImpactDirection.BOTH);
        assertThat(ImpactDirection.BOTH.apiName()).isEqualTo("both");
    }

    @Test
    @DisplayName("R-9.1c an unknown direction is refused, naming the field and the allowed values")
    void refusesUnknown() {
        assertThatThrownBy(() -> ImpactDirection.parse("sideways", "direction"))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> {
                    assertThat(e.field()).isEqualTo("direction");
                    assertThat(e.getMessage()).contains("sideways", "downstream, upstream, both");
                });
        assertThatThrownBy(() -> ImpactDirection.parse(null, "direction")).isInstanceOf(InvalidFieldException.class);
    }
}
