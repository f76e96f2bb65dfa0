package org.itsmflow.platform;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Deploys the process owner's models (top-level {@code bpmn/}, {@code dmn/}, {@code forms/}, packaged under the
 * same folder names) when the engine starts. Resources keep their folder-relative names
 * ({@code bpmn/IncidentManagement.bpmn}) whether the application runs from classes or from the jar, and only
 * changed files are deployed again, so a model edited in Camunda Modeler becomes a new version on restart while
 * the others keep theirs. User tasks bind their forms with {@code formRefBinding="latest"} for that reason.
 * The deploy command takes the engine's deployment lock, so nodes of a cluster may start together.
 */
@Component
@Order(0)
class ModelDeployer extends AbstractProcessEnginePlugin {

    static final String DEPLOYMENT_NAME = "itsm-flow-models";
    private static final Logger log = LoggerFactory.getLogger(ModelDeployer.class);
    private static final String[] FOLDERS = {"bpmn", "dmn", "forms"};
    private static final String[] SUFFIXES = {".bpmn", ".dmn", ".form"};

    private final PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();

    @Override
    public void postProcessEngineBuild(ProcessEngine engine) {
        List<NamedResource> models = findModels();
        if (models.isEmpty()) {
            log.info("No models found under bpmn/, dmn/, forms/");
            return;
        }
        DeploymentBuilder builder = engine.getRepositoryService().createDeployment()
                .name(DEPLOYMENT_NAME)
                .source("itsm-flow")
                .enableDuplicateFiltering(true);
        for (NamedResource model : models) {
            try (InputStream in = model.resource().getInputStream()) {
                builder.addInputStream(model.name(), in);
            } catch (IOException e) {
                throw new IllegalStateException("Cannot read model " + model.name(), e);
            }
        }
        Deployment deployment = builder.deploy();
        log.info("Models: {} found, deployment {} ({} new or changed)", models.size(), deployment.getId(),
                engine.getRepositoryService().getDeploymentResourceNames(deployment.getId()).size());
    }

    private List<NamedResource> findModels() {
        List<NamedResource> models = new ArrayList<>();
        for (int i = 0; i < FOLDERS.length; i++) {
            String folder = FOLDERS[i];
            try {
                for (Resource resource : resolver.getResources("classpath*:" + folder + "/**/*" + SUFFIXES[i])) {
                    String url = resource.getURL().toString();
                    int at = url.lastIndexOf("/" + folder + "/");
                    models.add(new NamedResource(url.substring(at + 1), resource));
                }
            } catch (IOException e) {
                throw new IllegalStateException("Cannot scan " + folder + "/", e);
            }
        }
        models.sort(Comparator.comparing(NamedResource::name));
        return models;
    }

    private record NamedResource(String name, Resource resource) {}
}
