package org.itsmflow.platform;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.info.License;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import org.springframework.context.annotation.Configuration;

/** OpenAPI description of {@code /api}: served at {@code /v3/api-docs}, browsable at {@code /swagger-ui.html}. */
@Configuration
@OpenAPIDefinition(
        info = @Info(title = "ITSM Flow API", version = "v1",
                description = "Raise and follow incidents, changes, releases and complaints; read and maintain the "
                        + "CMDB and the service-level store. Every call needs HTTP Basic credentials of an ITSM Flow "
                        + "user (the engine's users and groups). Errors are RFC 9457 application/problem+json; "
                        + "a 400 lists each bad field in `errors`.",
                license = @License(name = "Apache-2.0")),
        security = @SecurityRequirement(name = "basicAuth"))
@SecurityScheme(name = "basicAuth", type = SecuritySchemeType.HTTP, scheme = "basic")
class OpenApiConfig {
}
