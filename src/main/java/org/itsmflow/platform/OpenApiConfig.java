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
                        + "a 400 lists each bad field in `errors`.\n\n"
                        + "Bodies are JSON (`Content-Type: application/json`; anything else is a 415) and bind "
                        + "strictly: a value has the JSON type its schema names (no number or boolean for text, no "
                        + "text for a number, boolean or date, no fraction for a whole number); an `enum` value is "
                        + "one of the listed names exactly as written — other case, blanks around it or a number "
                        + "(ordinal) are refused with a 400 naming the field and listing the allowed values; an empty "
                        + "string is text where text is expected and refused elsewhere; unknown fields are refused. "
                        + "Dates and times are ISO-8601 strings.",
                license = @License(name = "Apache-2.0")),
        security = @SecurityRequirement(name = "basicAuth"))
@SecurityScheme(name = "basicAuth", type = SecuritySchemeType.HTTP, scheme = "basic")
class OpenApiConfig {
}
