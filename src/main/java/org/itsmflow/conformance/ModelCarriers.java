package org.itsmflow.conformance;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.itsmflow.platform.EngineUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Finds which deployed models carry which requirement ids (R-3.2: the models are the documented procedures): the
 * {@code documentation} of every BPMN process and of each of its elements, the {@code camunda:property} named
 * {@value #REQUIREMENTS} of an element (user tasks keep their ids there: their documentation is the plain-language
 * description Tasklist shows to people), and the {@code description} of every DMN decision and its rules, in the latest deployed version of each process and decision definition, read back from
 * the engine's repository (so a model a process owner changed in Camunda Modeler counts as soon as it is deployed).
 * Reads as the system: the report's readers need not hold engine read rights on every definition.
 */
@Component
public class ModelCarriers {

    private static final Logger log = LoggerFactory.getLogger(ModelCarriers.class);
    /** The extension property of a BPMN element that names the requirement ids it fulfils. */
    public static final String REQUIREMENTS = "requirements";
    private static final String CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn";

    private final RepositoryService repository;
    private final EngineUser engineUser;

    ModelCarriers(RepositoryService repository, EngineUser engineUser) {
        this.repository = repository;
        this.engineUser = engineUser;
    }

    /** Requirement id → the models and elements whose documentation names it, in model order. */
    public Map<String, List<Carrier>> carriers() {
        return engineUser.asSystem(this::scan);
    }

    /** Every latest deployed process and decision ({@code BPMN ChangeManagement v3}) with how many ids it names. */
    public Map<String, Integer> models() {
        Map<String, Integer> models = new java.util.TreeMap<>();
        engineUser.asSystem(() -> {
            repository.createProcessDefinitionQuery().latestVersion().list()
                    .forEach(p -> models.put(Carrier.Kind.BPMN + " " + p.getKey() + " v" + p.getVersion(), 0));
            repository.createDecisionDefinitionQuery().latestVersion().list()
                    .forEach(d -> models.put(Carrier.Kind.DMN + " " + d.getKey() + " v" + d.getVersion(), 0));
        });
        carriers().forEach((id, carriers) -> carriers.stream().map(c -> c.kind() + " " + c.model()).distinct()
                .forEach(model -> models.merge(model, 1, Integer::sum)));
        return models;
    }

    private Map<String, List<Carrier>> scan() {
        Map<String, Set<Carrier>> found = new LinkedHashMap<>();
        for (ProcessDefinition process : repository.createProcessDefinitionQuery().latestVersion()
                .orderByProcessDefinitionKey().asc().list()) {
            collect(found, Carrier.Kind.BPMN, process.getKey(), process.getVersion(), process.getDeploymentId(),
                    process.getResourceName(), "documentation", process.getKey());
        }
        for (DecisionDefinition decision : repository.createDecisionDefinitionQuery().latestVersion()
                .orderByDecisionDefinitionKey().asc().list()) {
            collect(found, Carrier.Kind.DMN, decision.getKey(), decision.getVersion(), decision.getDeploymentId(),
                    decision.getResourceName(), "description", decision.getKey());
        }
        Map<String, List<Carrier>> result = new LinkedHashMap<>();
        found.forEach((id, carriers) -> result.put(id, List.copyOf(carriers)));
        return result;
    }

    /**
     * Collects the ids named in the documentation elements inside the process or decision element {@code key} of one
     * deployed resource (a resource may hold several processes or decisions; each counts for its own key).
     */
    private void collect(Map<String, Set<Carrier>> found, Carrier.Kind kind, String key, int version,
            String deploymentId, String resourceName, String docElement, String rootId) {
        Document document;
        try (InputStream in = repository.getResourceAsStream(deploymentId, resourceName)) {
            document = parser().parse(in);
        } catch (Exception e) {
            log.warn("Cannot read {} {} for the conformance report: {}", kind, resourceName, e.toString());
            return;
        }
        Element root = byId(document, rootId);
        if (root == null) {
            return;
        }
        String model = key + " v" + version;
        NodeList docs = root.getElementsByTagNameNS("*", docElement);
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < docs.getLength(); i++) {
            nodes.add(docs.item(i));
        }
        NodeList properties = root.getElementsByTagNameNS(CAMUNDA_NS, "property");
        for (int i = 0; i < properties.getLength(); i++) {
            if (properties.item(i) instanceof Element property && REQUIREMENTS.equals(property.getAttribute("name"))) {
                nodes.add(property);
            }
        }
        for (Node carrier : nodes) {
            boolean property = carrier instanceof Element e && "property".equals(e.getLocalName());
            String text = property ? ((Element) carrier).getAttribute("value") : carrier.getTextContent();
            String ownerId = property ? ownerId(carrier)
                    : carrier.getParentNode() instanceof Element e ? e.getAttribute("id") : "";
            String elementId = ownerId.isEmpty() || ownerId.equals(rootId) ? null : ownerId;
            Matcher ids = RequirementCatalogue.ID.matcher(text);
            while (ids.find()) {
                found.computeIfAbsent(ids.group(), id -> new LinkedHashSet<>())
                        .add(new Carrier(kind, model, elementId));
            }
        }
    }

    /** The id of the element an extension property belongs to: its nearest ancestor with an id. */
    private static String ownerId(Node carrier) {
        for (Node owner = carrier.getParentNode(); owner instanceof Element e; owner = owner.getParentNode()) {
            if (!e.getAttribute("id").isEmpty()) {
                return e.getAttribute("id");
            }
        }
        return "";
    }

    private static Element byId(Document document, String id) {
        NodeList all = document.getElementsByTagNameNS("*", "*");
        for (int i = 0; i < all.getLength(); i++) {
            if (all.item(i) instanceof Element e && id.equals(e.getAttribute("id"))
                    && ("process".equals(e.getLocalName()) || "decision".equals(e.getLocalName()))) {
                return e;
            }
        }
        return null;
    }

    private static DocumentBuilder parser() throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        return factory.newDocumentBuilder();
    }
}
