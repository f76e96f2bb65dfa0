package org.itsmflow.platform;

import java.util.Properties;

import org.apache.ibatis.executor.Executor;
import org.apache.ibatis.mapping.MappedStatement;
import org.apache.ibatis.mapping.SqlCommandType;
import org.apache.ibatis.plugin.Interceptor;
import org.apache.ibatis.plugin.Intercepts;
import org.apache.ibatis.plugin.Invocation;
import org.apache.ibatis.plugin.Signature;
import org.apache.ibatis.builder.StaticSqlSource;
import org.apache.ibatis.session.ResultHandler;
import org.apache.ibatis.session.RowBounds;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The engine's "which groups have any authorization" query, answered from the group index instead of the whole
 * authorization table (issue 9).
 *
 * <p>With authorization checks on, the engine filters the current user's groups to those that appear in
 * {@code ACT_RU_AUTHORIZATION}, once per command: {@code SELECT distinct(A.GROUP_ID_) FROM ACT_RU_AUTHORIZATION A}
 * (statement {@code selectAuthorizedGroupIds}, {@code AuthorizationManager.getAllGroups}). That table holds one or
 * two rows per open user task (the candidate group's task authorization), so the query reads every row: 13 ms of
 * PostgreSQL time per engine command at 100k open tasks (measured with pg_stat_statements, 10,550 calls in the
 * task-list benchmark), paid by every Tasklist request, every API call that starts or completes a process, every
 * authorized engine query.
 *
 * <p>The replacement returns the same set — the distinct non-null group ids (the engine drops the null of user
 * authorizations itself) — by walking the {@code GROUP_ID_} index from one distinct value to the next (a recursive
 * query, portable to H2): one index probe per group (about fifteen) instead of a scan of every authorization. It is
 * a MyBatis interceptor that swaps the statement only for this query id; everything else runs unchanged.
 * {@code itsm.engine.authorized-groups-index=false} switches it off (benchmark A/B).
 */
@Component
class AuthorizedGroupsQuery extends AbstractProcessEnginePlugin {

    static final String STATEMENT = "selectAuthorizedGroupIds";

    private final boolean enabled;

    AuthorizedGroupsQuery(@Value("${itsm.engine.authorized-groups-index:true}") boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public void postInit(ProcessEngineConfigurationImpl configuration) {
        if (enabled) {
            configuration.getSqlSessionFactory().getConfiguration()
                    .addInterceptor(new Rewrite(configuration.getDatabaseTablePrefix()));
        }
    }

    static String sql(String prefix) {
        String table = (prefix == null ? "" : prefix) + "ACT_RU_AUTHORIZATION";
        return "WITH RECURSIVE G (ID) AS ("
                + " SELECT MIN(GROUP_ID_) FROM " + table
                + " UNION ALL"
                + " SELECT (SELECT MIN(A.GROUP_ID_) FROM " + table + " A WHERE A.GROUP_ID_ > G.ID) FROM G"
                + " WHERE G.ID IS NOT NULL)"
                + " SELECT ID FROM G WHERE ID IS NOT NULL";
    }

    /** Runs {@link #sql} in place of the engine's {@code selectAuthorizedGroupIds}; passes every other query on. */
    @Intercepts(@Signature(type = Executor.class, method = "query",
            args = {MappedStatement.class, Object.class, RowBounds.class, ResultHandler.class}))
    static final class Rewrite implements Interceptor {
        private final String prefix;
        private volatile MappedStatement replacement;

        Rewrite(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public Object intercept(Invocation invocation) throws Throwable {
            MappedStatement statement = (MappedStatement) invocation.getArgs()[0];
            if (statement.getId().endsWith("." + STATEMENT) || statement.getId().equals(STATEMENT)) {
                invocation.getArgs()[0] = replacement(statement);
            }
            return invocation.proceed();
        }

        private MappedStatement replacement(MappedStatement original) {
            MappedStatement known = replacement;
            if (known == null) {
                known = new MappedStatement.Builder(original.getConfiguration(), original.getId() + "ByGroupIndex",
                        new StaticSqlSource(original.getConfiguration(), sql(prefix)), SqlCommandType.SELECT)
                        .resultMaps(original.getResultMaps())
                        .statementType(original.getStatementType())
                        .databaseId(original.getDatabaseId())
                        .build();
                replacement = known;
            }
            return known;
        }

        @Override
        public Object plugin(Object target) {
            return target instanceof Executor ? Interceptor.super.plugin(target) : target;
        }

        @Override
        public void setProperties(Properties properties) {
            // no properties
        }
    }
}
