package org.itsmflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import javax.sql.DataSource;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.h2.jdbcx.JdbcDataSource;
import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The rewritten "groups with any authorization" query answers exactly what the engine's own statement answers (its
 * distinct non-null group ids), on PostgreSQL with the application's real authorizations and on H2, and the
 * engine runs it: a group that gets its first authorization is seen by the next authorized command.
 */
@PostgresTest
class AuthorizedGroupsQueryTest {

    private static final String ENGINE_SQL = "SELECT distinct(A.GROUP_ID_) FROM ACT_RU_AUTHORIZATION A";

    @Autowired
    DataSource dataSource;

    @Autowired
    ProcessEngine engine;

    @Test
    @DisplayName("PostgreSQL: the index walk finds the same groups as the engine's full scan")
    void sameGroupsOnPostgres() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            Set<String> engine = groups(connection, ENGINE_SQL);
            assertThat(engine).isNotEmpty();
            assertThat(groups(connection, AuthorizedGroupsQuery.sql(null))).isEqualTo(engine);
        }
    }

    @Test
    @DisplayName("H2 (the embedded default): the same query runs and finds the same groups, nulls left out")
    void sameGroupsOnH2() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:groups" + UUID.randomUUID());
        try (Connection connection = h2.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("create table ACT_RU_AUTHORIZATION (ID_ varchar(64), GROUP_ID_ varchar(255))");
            statement.execute("create index ACT_IDX_AUTH_GROUP_ID on ACT_RU_AUTHORIZATION (GROUP_ID_)");
            statement.execute("insert into ACT_RU_AUTHORIZATION values ('1', 'servicedesk'), ('2', null), "
                    + "('3', 'servicedesk'), ('4', 'network'), ('5', 'camunda-admin'), ('6', null)");
            assertThat(groups(connection, AuthorizedGroupsQuery.sql(null)))
                    .containsExactlyInAnyOrder("servicedesk", "network", "camunda-admin");
            statement.execute("delete from ACT_RU_AUTHORIZATION");
            assertThat(groups(connection, AuthorizedGroupsQuery.sql(null))).isEmpty();
        }
    }

    @Test
    @DisplayName("The engine uses it: a group's first authorization counts in the very next authorized command")
    void engineSeesANewGroupAtOnce() {
        String group = "probe-" + UUID.randomUUID().toString().substring(0, 8);
        var authorizations = engine.getAuthorizationService();
        var identity = engine.getIdentityService();
        ProcessEngineConfigurationImpl configuration =
                (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
        assertThat(configuration.getSqlSessionFactory().getConfiguration().getInterceptors())
                .anyMatch(AuthorizedGroupsQuery.Rewrite.class::isInstance);
        identity.setAuthentication("nobody-" + group, List.of(group));
        try {
            assertThat(engine.getRepositoryService().createDeploymentQuery().count()).isZero();
        } finally {
            identity.clearAuthentication();
        }
        Authorization grant = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
        grant.setGroupId(group);
        grant.setResource(Resources.DEPLOYMENT);
        grant.setResourceId("*");
        grant.addPermission(Permissions.READ);
        authorizations.saveAuthorization(grant);
        try {
            identity.setAuthentication("nobody-" + group, List.of(group));
            try {
                assertThat(engine.getRepositoryService().createDeploymentQuery().count()).isPositive();
            } finally {
                identity.clearAuthentication();
            }
        } finally {
            authorizations.deleteAuthorization(grant.getId());
        }
    }

    private static Set<String> groups(Connection connection, String sql) throws Exception {
        Set<String> groups = new TreeSet<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                if (rows.getString(1) != null) {
                    groups.add(rows.getString(1));
                }
            }
        }
        return groups;
    }
}
