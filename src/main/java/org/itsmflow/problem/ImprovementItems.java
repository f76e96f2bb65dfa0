package org.itsmflow.problem;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

/**
 * The service improvement register as seen from problem management: a closed problem adds an improvement item
 * through {@code org.itsmflow.improvement.ImprovementRegister.add(source, sourceRef, title, description, priority)}.
 * That register is written in parallel (complaint handling); until both are merged it is looked up by name, and a
 * missing register is logged, never fatal. After the merge this class can call the register directly.
 */
@Component
class ImprovementItems {

    static final String REGISTER = "org.itsmflow.improvement.ImprovementRegister";
    private static final Logger log = LoggerFactory.getLogger(ImprovementItems.class);
    private final ApplicationContext context;

    ImprovementItems(ApplicationContext context) {
        this.context = context;
    }

    /** Adds an item; false when the register is not part of this build. */
    boolean add(String source, String sourceRef, String title, String description, String priority) {
        Object register;
        Method add;
        try {
            Class<?> type = Class.forName(REGISTER);
            register = context.getBean(type);
            add = type.getMethod("add", String.class, String.class, String.class, String.class, String.class);
        } catch (ClassNotFoundException | NoSuchBeanDefinitionException | NoSuchMethodException e) {
            log.info("No improvement register in this build; improvement item for {} not recorded: {}", sourceRef, title);
            return false;
        }
        try {
            add.invoke(register, source, sourceRef, title, description, priority);
            return true;
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
