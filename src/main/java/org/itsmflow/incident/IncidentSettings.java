package org.itsmflow.incident;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of incident management ({@code itsm.incident.*}).
 *
 * @param confirmationWait how long a resolved incident waits for the customer's confirmation before it is closed
 *        without an answer
 * @param stakeholderUpdateEvery how often stakeholders of a major incident hear from us (documentation only; the
 *        model's cycle timer carries the value)
 */
@ConfigurationProperties("itsm.incident")
record IncidentSettings(@DefaultValue("P3D") Duration confirmationWait,
        @DefaultValue("PT30M") Duration stakeholderUpdateEvery) {
}
