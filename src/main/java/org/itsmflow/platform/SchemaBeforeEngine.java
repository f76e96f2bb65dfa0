package org.itsmflow.platform;

import java.util.Arrays;
import java.util.stream.Stream;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.stereotype.Component;

/**
 * Liquibase owns the engine's schema, so the engine must start after Liquibase has run. Spring Boot orders them
 * only when nothing asks for the engine early; beans such as the security filter chain do. This makes the engine's
 * factory bean depend on the Liquibase bean explicitly.
 */
@Component
class SchemaBeforeEngine implements BeanFactoryPostProcessor {

    static final String ENGINE = "processEngineFactoryBean";
    static final String LIQUIBASE = "liquibase";

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        if (!beanFactory.containsBeanDefinition(ENGINE) || !beanFactory.containsBeanDefinition(LIQUIBASE)) {
            return;
        }
        BeanDefinition engine = beanFactory.getBeanDefinition(ENGINE);
        String[] dependsOn = engine.getDependsOn() == null ? new String[0] : engine.getDependsOn();
        if (!Arrays.asList(dependsOn).contains(LIQUIBASE)) {
            engine.setDependsOn(Stream.concat(Arrays.stream(dependsOn), Stream.of(LIQUIBASE)).toArray(String[]::new));
        }
    }
}
