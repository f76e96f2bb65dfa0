package org.itsmflow.browser;

import java.nio.file.Path;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Gives a test method a fresh {@link Browser} pointed at the application of the test's Spring context (its random
 * port), screenshots the page to {@code target/browser/<Class>.<method>.png} when the test fails, and closes the
 * browser afterwards. A {@link BrowserLanguage} on the parameter sets the browser's language. Register with {@code @ExtendWith(BrowserExtension.class)} on a {@code @PostgresTest} class.
 */
public class BrowserExtension implements ParameterResolver, AfterTestExecutionCallback, AfterEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(BrowserExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Browser.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        String port = SpringExtension.getApplicationContext(context).getEnvironment().getProperty("local.server.port");
        if (port == null) {
            throw new IllegalStateException("Browser tests need the application on a port: use @PostgresTest");
        }
        BrowserLanguage language = parameter.findAnnotation(BrowserLanguage.class).orElse(null);
        Browser browser = language == null ? new Browser("http://localhost:" + port)
                : new Browser("http://localhost:" + port, language.value());
        context.getStore(NAMESPACE).put("browser", browser);
        return browser;
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        Browser browser = context.getStore(NAMESPACE).get("browser", Browser.class);
        if (browser != null && context.getExecutionException().isPresent()) {
            Path shot = browser.screenshot(context.getRequiredTestClass().getSimpleName() + "."
                    + context.getRequiredTestMethod().getName());
            context.publishReportEntry("screenshot", shot.toAbsolutePath().toString());
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Browser browser = context.getStore(NAMESPACE).remove("browser", Browser.class);
        if (browser != null) {
            browser.close();
        }
    }
}
