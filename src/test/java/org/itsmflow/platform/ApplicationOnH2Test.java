package org.itsmflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.filter.ContextChangeSetFilter;
import liquibase.exception.LiquibaseException;
import liquibase.integration.spring.SpringLiquibase;
import liquibase.parser.ChangeLogParserFactory;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.resource.ResourceAccessor;
import org.camunda.bpm.engine.ProcessEngine;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The same Liquibase master changelog builds the schema on H2, the embedded default database: the engine's
 * changelog and every application changeset run, and the demo users exist. And the production profile's
 * Liquibase contexts ({@code application-postgres.yaml}) keep demo-data changesets out of a production database.
 * <p>
 * A context of its own (in-memory H2); its engine gets its own name so that it never replaces the engine "default"
 * of the shared {@code @PostgresTest} context in the engine registry, and it is closed after this class.
 */
@SpringBootTest(properties = {
        "spring.datasource.url=jdbc:h2:mem:itsm-h2-test;DB_CLOSE_DELAY=-1",
        "spring.datasource.username=sa",
        "spring.datasource.password=",
        "camunda.bpm.job-execution.enabled=false",
        "camunda.bpm.process-engine-name=h2test"})
@DirtiesContext
class ApplicationOnH2Test {

    static final String MASTER = "db/changelog/db.changelog-master.xml";
    static final String ENGINE_CHANGELOGS = "org/camunda/bpm/engine/db/liquibase/";

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ProcessEngine engine;

    @Test
    void liquibaseBuildsTheEngineAndApplicationSchemaOnH2() throws Exception {
        assertThat(jdbc.queryForObject("select H2VERSION()", String.class)).isNotBlank();
        List<ChangeSet> changeSets = changeSets(MASTER);
        assertThat(changeSets).anySatisfy(c -> assertThat(c.getFilePath()).contains(ENGINE_CHANGELOGS));

        Set<String> executed = executed(jdbc);
        assertThat(executed).as("changesets recorded in DATABASECHANGELOG")
                .containsAll(changeSets.stream().filter(ApplicationOnH2Test::runsOnH2).map(ApplicationOnH2Test::key).toList());
        assertThat(jdbc.queryForObject("select count(*) from databasechangelog where filename like ?", Integer.class,
                "%camunda-changelog.xml")).isPositive();
        assertThat(jdbc.queryForObject("select count(*) from ACT_RE_PROCDEF", Integer.class)).isNotNull();
    }

    @Test
    void demoUsersExistOnTheEmbeddedDefault() {
        assertThat(engine.getName()).isEqualTo("h2test");
        assertThat(engine.getIdentityService().createUserQuery().userIdIn("demo", "sara", "mike", "kate").count())
                .isEqualTo(4);
        assertThat(engine.getIdentityService().checkPassword("sara", "sara")).isTrue();
    }

    @Test
    void postgresProfileContextsRunNoDemoChangeset() throws Exception {
        String contexts = postgresProfileContexts();
        assertThat(contexts).isNotBlank().doesNotContain("demo");

        JdbcTemplate fresh = new JdbcTemplate(update(MASTER, contexts));
        List<ChangeSet> all = changeSets(MASTER);
        ContextChangeSetFilter filter = new ContextChangeSetFilter(new Contexts(contexts));
        Set<String> expected = all.stream().filter(c -> filter.accepts(c).isAccepted())
                .filter(ApplicationOnH2Test::runsOnH2).map(ApplicationOnH2Test::key)
                .collect(Collectors.toSet());

        assertThat(executed(fresh)).isEqualTo(expected);
        assertThat(fresh.queryForList("select id from databasechangelog where lower(contexts) like '%demo%'"))
                .as("demo changesets executed with contexts " + contexts).isEmpty();
    }

    @Test
    void postgresProfileContextsSkipADemoChangesetThatTheDefaultRuns() throws Exception {
        String fixture = "liquibase-contexts/demo-probe.xml";

        JdbcTemplate production = new JdbcTemplate(update(fixture, postgresProfileContexts()));
        assertThat(production.queryForObject("select count(*) from context_probe", Integer.class)).isZero();
        assertThat(executed(production)).contains("probe-001::itsm-flow").doesNotContain("probe-002::itsm-flow");

        JdbcTemplate embedded = new JdbcTemplate(update(fixture, "main,demo"));
        assertThat(embedded.queryForObject("select count(*) from context_probe", Integer.class)).isOne();
    }

    /** The Liquibase contexts of the postgres profile, as {@code application-postgres.yaml} sets them. */
    private static String postgresProfileContexts() {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("application-postgres.yaml"));
        Properties properties = yaml.getObject();
        return properties.getProperty("spring.liquibase.contexts");
    }

    /** Runs a changelog on a fresh in-memory H2 database with the given contexts. */
    private static DataSource update(String changeLog, String contexts) throws LiquibaseException {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:liquibase-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        SpringLiquibase liquibase = new SpringLiquibase();
        liquibase.setDataSource(h2);
        liquibase.setChangeLog("classpath:" + changeLog);
        liquibase.setContexts(contexts);
        liquibase.setResourceLoader(new DefaultResourceLoader());
        liquibase.afterPropertiesSet();
        return h2;
    }

    private static List<ChangeSet> changeSets(String changeLog) throws LiquibaseException {
        ResourceAccessor resources = new ClassLoaderResourceAccessor();
        DatabaseChangeLog parsed = ChangeLogParserFactory.getInstance().getParser(changeLog, resources)
                .parse(changeLog, new ChangeLogParameters(), resources);
        return parsed.getChangeSets();
    }

    private static Set<String> executed(JdbcTemplate jdbc) throws SQLException {
        return jdbc.queryForList("select id, author from databasechangelog").stream()
                .map(row -> row.get("ID") + "::" + row.get("AUTHOR")).collect(Collectors.toSet());
    }

    /** Changesets limited to other databases (dbms="postgresql": the audit log's append-only trigger) skip H2. */
    private static boolean runsOnH2(ChangeSet changeSet) {
        return changeSet.getDbmsSet() == null || changeSet.getDbmsSet().isEmpty()
                || changeSet.getDbmsSet().contains("h2");
    }

    private static String key(ChangeSet changeSet) {
        return changeSet.getId() + "::" + changeSet.getAuthor();
    }
}
