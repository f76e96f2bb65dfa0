package org.itsmflow.platform;

import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Method;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.aopalliance.intercept.MethodInvocation;
import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.expression.method.DefaultMethodSecurityExpressionHandler;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.method.PreAuthorizeAuthorizationManager;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.util.ClassUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Checks a controller method's {@code @PreAuthorize} role rule (the method's, else its class's) before Spring MVC
 * resolves the arguments: before the body is read, parsed and validated. A caller without the role gets a 403
 * whatever the body holds; without this, bean validation ran first and answered a refused caller's invalid body with
 * a 400 naming the field rules. The rule stays where it was, on the controller; method security still checks it
 * again at the call. Rules that name a method argument ({@code #id}) cannot be decided before the arguments exist
 * and are left to method security alone (none do today).
 */
final class RolesBeforeBinding implements HandlerInterceptor {

    private final PreAuthorizeAuthorizationManager rules = new PreAuthorizeAuthorizationManager();

    RolesBeforeBinding(ApplicationContext context) {
        DefaultMethodSecurityExpressionHandler expressions = new DefaultMethodSecurityExpressionHandler();
        expressions.setApplicationContext(context);
        rules.setExpressionHandler(expressions);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod handlerMethod)) {
            return true;
        }
        Method method = handlerMethod.getMethod();
        Object bean = handlerMethod.getBean();
        String rule = rule(method, ClassUtils.getUserClass(bean));
        if (rule == null || rule.contains("#")) {
            return true;
        }
        AuthorizationResult result = rules.authorize(() -> SecurityContextHolder.getContext().getAuthentication(),
                new BeforeArguments(method, bean));
        if (result != null && !result.isGranted()) {
            throw new AccessDeniedException("Your groups do not allow this action");
        }
        return true;
    }

    private static String rule(Method method, Class<?> type) {
        PreAuthorize onMethod = AnnotatedElementUtils.findMergedAnnotation(method, PreAuthorize.class);
        if (onMethod != null) {
            return onMethod.value();
        }
        PreAuthorize onClass = AnnotatedElementUtils.findMergedAnnotation(type, PreAuthorize.class);
        return onClass == null ? null : onClass.value();
    }

    /** The call about to be made, before its arguments are known: the role rules do not read them. */
    private record BeforeArguments(Method method, Object bean) implements MethodInvocation {
        @Override
        public Method getMethod() {
            return method;
        }

        @Override
        public Object[] getArguments() {
            return new Object[method.getParameterCount()];
        }

        @Override
        public Object proceed() {
            throw new UnsupportedOperationException("only the role rule is checked here");
        }

        @Override
        public Object getThis() {
            return bean;
        }

        @Override
        public AccessibleObject getStaticPart() {
            return method;
        }
    }
}
