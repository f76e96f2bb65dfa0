package org.itsmflow.platform;

import java.util.ArrayList;
import java.util.List;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Lets a {@link SeparationOfDutiesException} leave the engine as itself. The engine wraps whatever a task listener
 * throws in a plain {@code ProcessEngineException} ("exception while invoking TaskListener"), which the engine REST
 * API answers with a 500 — so an administrator (who bypasses authorizations, hence passes the REVOKE of the
 * four-eyes rule) completing the approval of their own change got a 500 instead of a refusal. This command
 * interceptor sits outside the transaction (the command has rolled back when it sees the exception) and rethrows
 * the separation-of-duties cause, which the engine REST API maps to 403 like any other
 * {@link org.camunda.bpm.engine.AuthorizationException}.
 */
@Component
@Order(5)
class SeparationOfDutiesPlugin extends AbstractProcessEnginePlugin {

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        List<CommandInterceptor> interceptors = configuration.getCustomPreCommandInterceptorsTxRequired() == null
                ? new ArrayList<>() : new ArrayList<>(configuration.getCustomPreCommandInterceptorsTxRequired());
        interceptors.add(new Unwrapping());
        configuration.setCustomPreCommandInterceptorsTxRequired(interceptors);
    }

    static final class Unwrapping extends CommandInterceptor {
        @Override
        public <T> T execute(Command<T> command) {
            try {
                return next.execute(command);
            } catch (RuntimeException e) {
                SeparationOfDutiesException refusal = cause(e);
                if (refusal != null && refusal != e) {
                    throw refusal;
                }
                throw e;
            }
        }
    }

    /** The separation-of-duties refusal anywhere in the cause chain, or null. */
    static SeparationOfDutiesException cause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SeparationOfDutiesException refusal) {
                return refusal;
            }
        }
        return null;
    }
}
