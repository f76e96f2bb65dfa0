package org.itsmflow.platform;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Deploys the process owner's models (top-level {@code bpmn/}, {@code dmn/}, {@code forms/}, packaged under the
 * same folder names) when the engine starts. Resources keep their folder-relative names
 * ({@code bpmn/IncidentManagement.bpmn}) whether the application runs from classes or from the jar.
 * <p>
 * <b>Files and engine agree</b> (docs/user-guide/process-owners.md): a file is deployed only when its content changed
 * since the files were last deployed — the SHA-256 of each file as last deployed is kept in {@code model_file}. So a
 * restart with unchanged files never puts them over a newer version a process owner deployed from Camunda Modeler
 * (whatever that deployment was called), and a file changed in the repository is deployed and becomes the latest
 * version. The engine's duplicate filtering (against the last deployment of the files) stays on as a second check,
 * which also keeps databases from before {@code model_file} from redeploying unchanged files once. User tasks bind
 * their forms with {@code formRefBinding="latest"} for that reason. Nodes of a cluster take the bootstrap lock
 * ({@link SchemaMigrationLock}) around it, and the deploy command takes the engine's deployment lock.
 */
@Component
@Order(0)
class ModelDeployer extends AbstractProcessEnginePlugin {

    static final String DEPLOYMENT_NAME = "itsm-flow-models";
    static final String SOURCE = "itsm-flow";
    private static final Logger log = LoggerFactory.getLogger(ModelDeployer.class);
    private static final String[] FOLDERS = {"bpmn", "dmn", "forms"};
    private static final String[] SUFFIXES = {".bpmn", ".dmn", ".form"};

    private final PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
    private final JdbcClient jdbc;

    ModelDeployer(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void postProcessEngineBuild(ProcessEngine engine) {
        List<Model> models = findModels();
        if (models.isEmpty()) {
            log.info("No models found under bpmn/, dmn/, forms/");
            return;
        }
        SchemaMigrationLock.whileHolding(engine, () -> deploy(engine, models));
    }

    /** Deploys those of {@code models} whose content differs from the files as last deployed; the deployment or null. */
    Deployment deploy(ProcessEngine engine, List<Model> models) {
        Map<String, String> deployedHashes = new HashMap<>();
        jdbc.sql("select resource_name, sha256 from model_file")
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getString(2))).list()
                .forEach(e -> deployedHashes.put(e.getKey(), e.getValue()));
        List<Model> changed = models.stream().filter(m -> !m.sha256().equals(deployedHashes.get(m.name()))).toList();
        if (changed.isEmpty()) {
            log.info("Models: {} found, none changed since they were last deployed", models.size());
            return null;
        }
        DeploymentBuilder builder = engine.getRepositoryService().createDeployment()
                .name(DEPLOYMENT_NAME)
                .source(SOURCE)
                .enableDuplicateFiltering(true);
        changed.forEach(m -> builder.addInputStream(m.name(), new ByteArrayInputStream(m.content())));
        Deployment deployment = builder.deploy();
        List<String> deployed = engine.getRepositoryService().getDeploymentResourceNames(deployment.getId());
        Instant now = Instant.now();
        for (Model model : changed) {
            jdbc.sql("delete from model_file where resource_name = ?").param(model.name()).update();
            jdbc.sql("insert into model_file (resource_name, sha256, deployment_id, deployed_at) values (?, ?, ?, ?)")
                    .params(model.name(), model.sha256(), deployed.contains(model.name()) ? deployment.getId() : null,
                            Jdbc.utc(now))
                    .update();
        }
        log.info("Models: {} found, {} changed since last deployed, deployment {} ({} new)", models.size(),
                changed.size(), deployment.getId(), deployed.size());
        return deployment;
    }

    List<Model> findModels() {
        List<Model> models = new ArrayList<>();
        for (int i = 0; i < FOLDERS.length; i++) {
            String folder = FOLDERS[i];
            try {
                for (Resource resource : resolver.getResources("classpath*:" + folder + "/**/*" + SUFFIXES[i])) {
                    String url = resource.getURL().toString();
                    int at = url.lastIndexOf("/" + folder + "/");
                    try (InputStream in = resource.getInputStream()) {
                        models.add(new Model(url.substring(at + 1), in.readAllBytes()));
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("Cannot read the models under " + folder + "/", e);
            }
        }
        models.sort(Comparator.comparing(Model::name));
        return models;
    }

    /** A model file: its folder-relative name and content. */
    record Model(String name, byte[] content) {
        String sha256() {
            return DeploymentGuard.sha256(content);
        }
    }
}
