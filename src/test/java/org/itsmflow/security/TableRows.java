package org.itsmflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Rows of every table of the schema, engine tables (process instances, history) included, so that a test can show
 * that refused requests wrote nothing. The API audit log and the idempotency keys are left out: they record refused
 * writes by design; so are the engine's metrics log and Liquibase's own tables.
 */
final class TableRows {

    static final List<String> WRITTEN_BY_DESIGN = List.of("api_audit_log", "api_idempotency_key",
            "act_ru_meter_log", "databasechangelog", "databasechangeloglock");

    private TableRows() {
    }

    static Map<String, Long> count(JdbcTemplate jdbc) {
        Map<String, Long> counts = new LinkedHashMap<>();
        List<String> tables = jdbc.queryForList("""
                select table_name from information_schema.tables
                where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name""", String.class);
        for (String table : tables) {
            if (WRITTEN_BY_DESIGN.contains(table.toLowerCase())) {
                continue;
            }
            counts.put(table.toLowerCase(), jdbc.queryForObject("select count(*) from \"" + table + "\"", Long.class));
        }
        assertThat(counts).containsKeys("incident", "act_ru_execution", "act_hi_procinst");
        return counts;
    }

    /** The tables whose row count differs, with the difference. */
    static Map<String, Long> written(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> written = new TreeMap<>();
        after.forEach((table, count) -> {
            long delta = count - before.getOrDefault(table, 0L);
            if (delta != 0) {
                written.put(table, delta);
            }
        });
        return written;
    }
}
