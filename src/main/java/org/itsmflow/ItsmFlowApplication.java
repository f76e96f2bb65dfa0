package org.itsmflow;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** ITSM Flow: ISO/IEC 20000-1 service management on the embedded Camunda 7 engine. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ItsmFlowApplication {

    public static void main(String[] args) {
        SpringApplication.run(ItsmFlowApplication.class, args);
    }
}
