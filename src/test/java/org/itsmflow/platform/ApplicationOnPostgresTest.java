package org.itsmflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.camunda.bpm.engine.ProcessEngine;
import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

@PostgresTest
class ApplicationOnPostgresTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ProcessEngine engine;

    @Test
    void liquibaseCreatesTheEngineSchemaOnPostgres() {
        String product = jdbc.queryForObject("select version()", String.class);
        assertThat(product).startsWith("PostgreSQL");
        assertThat(jdbc.queryForObject("select count(*) from databasechangelog where filename like '%camunda-changelog.xml'",
                Integer.class)).isPositive();
        assertThat(engine.getIdentityService().createUserQuery().userId("demo").count()).isEqualTo(1);
    }
}
