package org.itsmflow.platform;

/** Test access to {@link CustomPlans#needsCustomPlan} from other packages. */
public final class CustomPlansAccess {

    private CustomPlansAccess() {
    }

    public static boolean needsCustomPlan(String sql) {
        return CustomPlans.needsCustomPlan(sql);
    }
}
