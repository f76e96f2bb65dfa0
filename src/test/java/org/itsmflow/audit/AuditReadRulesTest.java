package org.itsmflow.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The audit read rules are written as expressions and as sets; they must name the same groups. */
class AuditReadRulesTest {

    static Set<String> groups(String rule) {
        Set<String> named = new TreeSet<>();
        Matcher quoted = Pattern.compile("'([^']+)'").matcher(rule);
        while (quoted.find()) {
            named.add(quoted.group(1));
        }
        return named;
    }

    @Test
    @DisplayName("R-4.3a readers of every audit, and readers of one audit: today's readers plus each area's response group")
    void rulesNameTheSameGroups_R4_3a() {
        assertThat(groups(AuditController.READERS)).isEqualTo(new TreeSet<>(AuditController.READER_GROUPS));
        Set<String> oneAudit = new TreeSet<>(AuditController.READER_GROUPS);
        Arrays.stream(ProcessArea.values()).map(ProcessArea::responseGroup).forEach(oneAudit::add);
        assertThat(groups(AuditController.READERS_AND_FINDING_OWNERS)).isEqualTo(oneAudit);
    }
}
