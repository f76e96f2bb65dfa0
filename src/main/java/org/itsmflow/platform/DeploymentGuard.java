package org.itsmflow.platform;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.servlet.http.HttpServletRequest;

import org.camunda.bpm.engine.ParseException;
import org.camunda.bpm.engine.Problem;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.persistence.deploy.Deployer;
import org.camunda.bpm.engine.impl.persistence.entity.DeploymentEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ResourceEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The deployment guard (docs/adr/0014-deployment-guard.md): every new deployment — from Camunda Modeler through
 * {@code POST /engine-rest/deployment/create}, from the files at start ({@link ModelDeployer}), from Java — passes
 * {@link DeploymentRules} before the engine's own deployers parse it, whoever deploys, administrators included. A
 * refusal is a {@link DeploymentRefusedException} (a {@link ParseException}: the engine REST API answers 400 with the
 * element and the rule per resource, as Modeler shows parse errors). Every deployment and every refusal is written to
 * the audit log ({@link ApiAuditLog}): who, when, which resources, which tool ({@code deployment-source} and the
 * HTTP {@code User-Agent}). {@code itsm.deployment-guard.enabled=false} turns the rules off (never in production;
 * the audit stays); the engine's own XML parsers keep refusing DTDs ({@code enableXxeProcessing=false}, set here).
 */
@Component
@Order(1)
class DeploymentGuard extends AbstractProcessEnginePlugin implements Deployer {

    /** The user named in the audit log for deployments without an authenticated user (the files at start). */
    static final String SYSTEM_USER = "system";
    private static final Logger log = LoggerFactory.getLogger(DeploymentGuard.class);

    private final ApplicationContext context;
    private final ApiAuditLog audit;
    private final TransactionTemplate separateTransaction;
    private final boolean enabled;
    private volatile DeploymentRules rules;

    DeploymentGuard(ApplicationContext context, ApiAuditLog audit, PlatformTransactionManager transactions,
            @Value("${itsm.deployment-guard.enabled:true}") boolean enabled) {
        this.context = context;
        this.audit = audit;
        this.separateTransaction = new TransactionTemplate(transactions);
        this.separateTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.enabled = enabled;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        configuration.setEnableXxeProcessing(false);
        List<Deployer> deployers = configuration.getCustomPreDeployers() == null ? new ArrayList<>()
                : new ArrayList<>(configuration.getCustomPreDeployers());
        deployers.add(0, this);
        configuration.setCustomPreDeployers(deployers);
        if (!enabled) {
            log.warn("Deployment guard is OFF (itsm.deployment-guard.enabled=false): deployments may run scripts, "
                    + "Java classes and any bean; do not run production like this");
        }
    }

    @Override
    public void deploy(DeploymentEntity deployment) {
        if (!deployment.isNew()) {
            return; // a deployment read back into the cache was checked when it was made
        }
        List<DeploymentRules.Refusal> refusals = new ArrayList<>();
        if (enabled) {
            for (ResourceEntity resource : new TreeMap<>(deployment.getResources()).values()) {
                refusals.addAll(rules().check(resource.getName(), resource.getBytes()));
            }
        }
        if (refusals.isEmpty()) {
            audit.append(entry(deployment, 200, "deployed"));
            return;
        }
        DeploymentRefusedException refused = new DeploymentRefusedException(refusals);
        log.warn("{}", refused.getMessage());
        // the deployment's transaction rolls back: the refusal is recorded in a transaction of its own
        ApiAuditLog.Entry entry = entry(deployment, 400, "refused: " + refusals.stream()
                .map(DeploymentRules.Refusal::message).collect(Collectors.joining("; ")));
        separateTransaction.executeWithoutResult(status -> audit.append(entry));
        throw refused;
    }

    /** The rules with the product's delegate beans, found once the application context knows its beans. */
    DeploymentRules rules() {
        if (rules == null) {
            Set<String> delegates = Stream.of(JavaDelegate.class, ExecutionListener.class, TaskListener.class)
                    .flatMap(type -> Stream.of(context.getBeanNamesForType(type, false, false)))
                    .filter(this::productBean)
                    .collect(Collectors.toUnmodifiableSet());
            rules = new DeploymentRules(delegates::contains, context::containsBean);
        }
        return rules;
    }

    private boolean productBean(String name) {
        Class<?> type = context.getType(name, false);
        return type != null && type.getName().startsWith("org.itsmflow.");
    }

    /** Who deployed what, when, from which tool. */
    private static ApiAuditLog.Entry entry(DeploymentEntity deployment, int status, String outcome) {
        String user = Context.getCommandContext() == null ? null : Context.getCommandContext().getAuthenticatedUserId();
        HttpServletRequest request = RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes a
                ? a.getRequest() : null;
        String agent = request == null ? null : request.getHeader("User-Agent");
        String resources = new TreeMap<>(deployment.getResources()).values().stream()
                .map(r -> r.getName() + " sha256:" + sha256(r.getBytes()).substring(0, 12))
                .collect(Collectors.joining(", "));
        String summary = "deployment '" + deployment.getName() + "' source '" + deployment.getSource() + "'"
                + (agent == null ? "" : " user-agent '" + agent + "'") + " " + outcome + "; resources: " + resources;
        return new ApiAuditLog.Entry(null, Instant.now(), user == null ? SYSTEM_USER : user,
                request == null ? "DEPLOY" : request.getMethod(),
                request == null ? "engine:deployment" : request.getRequestURI(), status, null,
                deployment.getId(), null, summary);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A deployment the guard refused. A {@link ParseException}, so the engine REST API answers 400 with a
     * {@code details} entry per resource listing each refusal (message, line, column, element id), which Camunda
     * Modeler shows like a parse error.
     */
    static final class DeploymentRefusedException extends ParseException {
        private static final long serialVersionUID = 1L;
        private final transient List<DeploymentRules.Refusal> refusals;

        DeploymentRefusedException(List<DeploymentRules.Refusal> refusals) {
            super("Deployment refused by the deployment guard: " + refusals.stream()
                            .map(DeploymentRules.Refusal::message).collect(Collectors.joining("; ")),
                    refusals.get(0).resource(), refusals.stream().map(GuardProblem::new).map(Problem.class::cast)
                            .toList(), List.of());
            this.refusals = List.copyOf(refusals);
        }

        List<DeploymentRules.Refusal> refusals() {
            return refusals;
        }
    }

    /** A refusal as the engine's {@link Problem}. */
    private record GuardProblem(DeploymentRules.Refusal refusal) implements Problem {
        @Override
        public String getMessage() {
            return refusal.message();
        }

        @Override
        public int getLine() {
            return refusal.line();
        }

        @Override
        public int getColumn() {
            return refusal.column();
        }

        @Override
        public String getMainElementId() {
            return refusal.elementId();
        }

        @Override
        public List<String> getElementIds() {
            return refusal.elementId() == null ? List.of() : List.of(refusal.elementId());
        }
    }
}
