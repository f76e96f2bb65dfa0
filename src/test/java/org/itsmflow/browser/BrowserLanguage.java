package org.itsmflow.browser;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The language of the {@link Browser} given to a test parameter, e.g. {@code @BrowserLanguage("zh-CN")}. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface BrowserLanguage {
    String value();
}
