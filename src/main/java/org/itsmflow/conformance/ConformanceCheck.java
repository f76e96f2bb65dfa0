package org.itsmflow.conformance;

/**
 * Evidence for one requirement of the standard (an id of {@code ../shared/standard/requirements.md}, e.g.
 * {@code R-8.2a}), computed live from the engine history and our records for a period. Each feature contributes
 * its checks as Spring beans in its own package; the conformance report collects every bean of this type, joins
 * them with the requirement ids found in the models' documentation, and lists a requirement without a carrier or
 * without a check as a gap.
 */
public interface ConformanceCheck {

    /** The requirement id this check proves, e.g. {@code R-9.2e}. */
    String requirementId();

    /** What the records show for the period: a figure a person can read, and the records that fall short. */
    Evidence evaluate(ReportPeriod period);

    /**
     * The code that carries the requirement, as the conformance report names it: by default the check's class
     * (a nested check reads {@code ChangeConformanceCheck.ImplementedChangesReviewed}).
     */
    default String carrier() {
        Class<?> type = org.springframework.util.ClassUtils.getUserClass(this);
        String name = type.getName();
        return name.substring(name.lastIndexOf('.') + 1).replace('$', '.');
    }
}
