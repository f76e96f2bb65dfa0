package org.itsmflow.platform;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Locale;

import javax.sql.DataSource;

import org.postgresql.PGStatement;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.stereotype.Component;

/**
 * PostgreSQL plans the engine's authorization-checked queries with their parameter values, every time; every other
 * statement keeps PostgreSQL's plan cache (docs/benchmarks.md; docs/adr/0011).
 *
 * <p>Why: with authorization on, the engine's task list and count join {@code ACT_RU_AUTHORIZATION}; a group's task
 * authorizations are most of that table, which only a plan made with the actual group ids and the expression
 * statistics of {@code db/changelog/performance.xml} can see. Once the JDBC driver has prepared a statement on the
 * server (its 5th execution on a connection), PostgreSQL may switch to a generic plan that cannot see it (824 ms
 * instead of 21 ms for sara's list). {@code plan_cache_mode = force_custom_plan} on every connection avoided that,
 * but also re-planned every other statement of the application (incident intake runs ~100 of them). Here only
 * statements whose SQL reads {@code ACT_RU_AUTHORIZATION}, and the job executor's acquisition query, are sent as
 * one-shot (unnamed) statements
 * ({@code prepareThreshold = 0}), which PostgreSQL always plans with their parameter values.
 *
 * <p>Active on PostgreSQL only (the driver's {@link PGStatement}); {@code itsm.datasource.custom-plans=false} turns
 * it off (then every statement uses PostgreSQL's default plan cache).
 */
@Component
@ConditionalOnProperty(name = "itsm.datasource.custom-plans", havingValue = "true", matchIfMissing = true)
class CustomPlans implements BeanPostProcessor {

    /** The table whose join makes a generic plan bad; present in every engine authorization check. */
    static final String AUTHORIZATION_TABLE = "ACT_RU_AUTHORIZATION";

    /**
     * The job executor's acquisition query (the only one reading {@code ACT_RU_JOB RES} with the in-progress
     * exclusive-job check): its generic plan cannot see how few jobs are due and read the whole job table, 13 ms
     * instead of ~1 ms per acquisition behind a few thousand waiting timers (docs/adr/0010).
     */
    static final String JOB_ACQUISITION = "ACT_RU_JOBRESWHERE(RES.RETRIES_>"; // compared without white space

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof DataSource dataSource && "dataSource".equals(beanName)
                && !(bean instanceof OneShotAuthorizationQueries)) {
            return new OneShotAuthorizationQueries(dataSource);
        }
        return bean;
    }

    /** Whether PostgreSQL must plan this statement with its parameter values on every execution. */
    static boolean needsCustomPlan(String sql) {
        if (sql == null) {
            return false;
        }
        String upper = sql.toUpperCase(Locale.ROOT);
        return upper.contains(AUTHORIZATION_TABLE)
                || upper.contains("ACT_RU_JOB") && upper.replaceAll("\\s+", "").contains(JOB_ACQUISITION);
    }

    /** The application's DataSource; its connections mark authorization-checked statements one-shot. */
    static final class OneShotAuthorizationQueries extends DelegatingDataSource {

        OneShotAuthorizationQueries(DataSource target) {
            super(target);
        }

        @Override
        public Connection getConnection() throws SQLException {
            return wrap(super.getConnection());
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return wrap(super.getConnection(username, password));
        }

        private static Connection wrap(Connection connection) {
            return (Connection) Proxy.newProxyInstance(CustomPlans.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, new OneShot(connection));
        }
    }

    private record OneShot(Connection target) implements InvocationHandler {

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "equals":
                    return args[0] == proxy;
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "unwrap":
                    if (((Class<?>) args[0]).isInstance(proxy)) {
                        return proxy;
                    }
                    break;
                case "isWrapperFor":
                    if (((Class<?>) args[0]).isInstance(proxy)) {
                        return true;
                    }
                    break;
                default:
                    break;
            }
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getTargetException();
            }
            if (result instanceof PreparedStatement statement && "prepareStatement".equals(method.getName())
                    && args != null && args.length > 0 && args[0] instanceof String sql && needsCustomPlan(sql)
                    && statement.isWrapperFor(PGStatement.class)) {
                statement.unwrap(PGStatement.class).setPrepareThreshold(0);
            }
            return result;
        }
    }
}
