package org.itsmflow.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole application on a real PostgreSQL with the Liquibase schema and the demo data, served on a random port
 * (API and browser tests call it over HTTP). Every test class with exactly this annotation shares one cached
 * context; the job executor is off, so tests drive jobs and timers themselves (engine clock, never sleeping).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"camunda.bpm.job-execution.enabled=false"})
@ContextConfiguration(initializers = EmbeddedPostgresInitializer.class)
public @interface PostgresTest {
}
