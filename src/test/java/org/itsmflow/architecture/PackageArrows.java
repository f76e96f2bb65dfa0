package org.itsmflow.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.util.Set;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * The rules that keep the package arrows pointing one way, for any root package (the application's
 * {@code org.itsmflow}, or the small fixture under {@code src/test/java/fixture/arrows} that proves each rule fails).
 * The layers, bottom to top:
 * <ol>
 * <li>{@code platform}: engine and security configuration, errors, mail, demo users. It imports nothing of ours.</li>
 * <li>{@code conformance}: the conformance SPI ({@code ConformanceCheck}, {@code Evidence}, {@code ReportPeriod},
 * {@code Figures}, {@code ProcessTrace}) and the reporter that joins the checks with the models. It imports only
 * {@code platform}.</li>
 * <li>The features ({@code incident}, {@code change}, {@code cmdb}, {@code servicelevel}, …, every other package
 * below the root): each may use {@code platform}, {@code conformance} and the <em>declared services</em> of another
 * feature, never its internals.</li>
 * <li>{@code reporting}: service reports, the conformance report's pages and metrics. It reads the features through
 * their declared services too, and nothing imports it.</li>
 * </ol>
 * A feature's <b>declared services</b> are what another package may use of it:
 * <ul>
 * <li>its Spring {@code @Service} classes (the feature's application services: {@code CmdbService},
 * {@code ServiceCatalog}, {@code ImprovementRegister}, …),</li>
 * <li>records and enums (the values those services take and return: {@code Incident}, {@code ChangeStatus}),</li>
 * <li>interfaces (a port the feature offers or asks others to implement, e.g. {@code CmdbChangeControl}),</li>
 * <li>the classes in {@link #SHARED_VALUE_CLASSES}, immutable values that are neither records nor enums.</li>
 * </ul>
 * Everything else (stores, delegates, listeners, controllers, components) is internal to its feature: to share
 * one, put it behind the feature's service or make it a record.
 */
public final class PackageArrows {

    /** Immutable value classes a feature hands out from its services that are not records (reason beside each). */
    static final Set<String> SHARED_VALUE_CLASSES = Set.of(
            // a service's calendar (working hours, holidays) returned by BusinessCalendars; holds lookup tables
            "servicelevel.BusinessCalendar",
            // parses the from/to query parameters of every period endpoint the same way (400 naming the field)
            "servicelevel.PeriodParams");

    static final String PLATFORM = "platform";
    static final String CONFORMANCE = "conformance";
    static final String REPORTING = "reporting";

    private final String root;

    public PackageArrows(String root) {
        this.root = root;
    }

    /** Reporting is the top: only reporting itself uses it. */
    public ArchRule nothingImportsReporting() {
        return noClasses().that().resideOutsideOfPackage(layer(REPORTING))
                .should().dependOnClassesThat().resideInAPackage(layer(REPORTING))
                .because("reporting reads every feature; a feature that imports it makes the arrow point upwards "
                        + "(shared types belong in conformance or platform)");
    }

    /** Platform is the bottom: it imports no feature, nor conformance or reporting. */
    public ArchRule platformImportsNothingOfOurs() {
        return noClasses().that().resideInAPackage(layer(PLATFORM))
                .should().dependOnClassesThat(ourPackagesExcept(PLATFORM))
                .because("platform is the bottom layer that every feature may use");
    }

    /** The conformance SPI sits between platform and the features. */
    public ArchRule conformanceImportsOnlyPlatform() {
        return noClasses().that().resideInAPackage(layer(CONFORMANCE))
                .should().dependOnClassesThat(ourPackagesExcept(CONFORMANCE, PLATFORM))
                .because("every feature implements the conformance SPI, so it may not depend on a feature");
    }

    /** A feature (or reporting) uses another feature only through that feature's declared services. */
    public ArchRule featuresMeetOnlyThroughDeclaredServices() {
        return classes().that().resideInAPackage(root + "..")
                .and().resideOutsideOfPackages(layer(PLATFORM), layer(CONFORMANCE))
                .should(useOtherFeaturesOnlyThroughDeclaredServices())
                .because("a feature's stores, delegates and controllers are its own; see PackageArrows");
    }

    private ArchCondition<JavaClass> useOtherFeaturesOnlyThroughDeclaredServices() {
        return new ArchCondition<>("use another feature only through its declared services") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                String own = topPackage(origin);
                for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                    JavaClass target = dependency.getTargetClass().getBaseComponentType();
                    String other = topPackage(target);
                    if (other == null || other.equals(own) || !isFeature(other) || isDeclared(target)) {
                        continue;
                    }
                    events.add(SimpleConditionEvent.violated(dependency,
                            dependency.getDescription() + ", and " + target.getSimpleName()
                                    + " is not a declared service of " + other));
                }
            }
        };
    }

    /** The first package below the root ({@code incident} for {@code org.itsmflow.incident.IncidentStore}). */
    String topPackage(JavaClass type) {
        String name = type.getPackageName();
        if (!name.startsWith(root + ".")) {
            return null;
        }
        String rest = name.substring(root.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    static boolean isFeature(String topPackage) {
        return !Set.of(PLATFORM, CONFORMANCE, REPORTING).contains(topPackage);
    }

    boolean isDeclared(JavaClass target) {
        JavaClass outermost = target;
        while (outermost.getEnclosingClass().isPresent()) {
            outermost = outermost.getEnclosingClass().get();
        }
        // a nested type of a declared class is declared with it (Audit.ProcessArea, ChangeService.Page)
        return declaredByItself(target) || (outermost != target && declaredByItself(outermost));
    }

    private boolean declaredByItself(JavaClass type) {
        return type.isAnnotatedWith("org.springframework.stereotype.Service")
                || type.isRecord() || type.isEnum() || type.isInterface()
                || SHARED_VALUE_CLASSES.contains(type.getName().substring(root.length() + 1));
    }

    /** Classes below the root outside the given top packages (the root's own classes included). */
    private DescribedPredicate<JavaClass> ourPackagesExcept(String... allowed) {
        Set<String> allowedTops = Set.of(allowed);
        return DescribedPredicate.describe("are in " + root + " outside " + String.join(", ", allowed),
                type -> (type.getPackageName().equals(root) || topPackage(type) != null)
                        && !allowedTops.contains(topPackage(type)));
    }

    private String layer(String top) {
        return root + "." + top + "..";
    }
}
