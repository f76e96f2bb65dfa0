package org.itsmflow.policy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.camunda.bpm.model.dmn.instance.Decision;
import org.camunda.bpm.model.dmn.instance.DecisionTable;
import org.camunda.bpm.model.dmn.instance.Definitions;
import org.camunda.bpm.model.dmn.instance.Input;
import org.camunda.bpm.model.dmn.instance.InputEntry;
import org.camunda.bpm.model.dmn.instance.OutputEntry;
import org.camunda.bpm.model.dmn.instance.Rule;
import org.camunda.bpm.model.xml.ModelException;
import org.itsmflow.platform.InvalidFieldException;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * A DMN file read for replay: parsed safely (no DTD, no entities, no external resources), and accepted only when
 * every decision is a decision table written in the plain subset of ADR 0002 — input expressions are bare variable
 * names, input entries are literals, lists, {@code not(...)}, numeric comparisons or ranges, output entries are
 * literals, and no expression language other than FEEL is named. So replaying a table can call no method and run no
 * script, whatever the engine's FEEL mode (the legacy mode evaluates input expressions and output entries as JUEL).
 * Anything else is a 400 naming the element.
 */
final class DecisionFile {

    private static final String IDENTIFIER = "[A-Za-z_][A-Za-z0-9_]*";
    private static final String NUMBER = "-?\\d+(?:\\.\\d+)?";
    private static final String LITERAL = "(?:\"[^\"\\\\]*\"|" + NUMBER + "|true|false)";
    private static final String ITEM = "(?:" + LITERAL + "|(?:<|<=|>|>=)\\s*" + NUMBER + "|[\\[\\]\\(]\\s*" + NUMBER
            + "\\s*\\.\\.\\s*" + NUMBER + "\\s*[\\[\\]\\)])";
    private static final String LIST = ITEM + "(?:\\s*,\\s*" + ITEM + ")*";
    private static final Pattern INPUT_EXPRESSION = Pattern.compile(IDENTIFIER);
    private static final Pattern INPUT_ENTRY = Pattern.compile("|-|" + LIST + "|not\\(\\s*" + LIST + "\\s*\\)");
    private static final Pattern OUTPUT_ENTRY = Pattern.compile("|" + LITERAL);
    private static final Set<String> FEEL = Set.of("feel", "FEEL", "https://www.omg.org/spec/DMN/20191111/FEEL/",
            "https://www.omg.org/spec/FEEL/20140401", "http://www.omg.org/spec/FEEL/20140401");

    private final DmnModelInstance model;

    private DecisionFile(DmnModelInstance model) {
        this.model = model;
    }

    /**
     * @param field the request field the file came in, named in every refusal
     * @throws InvalidFieldException when the file is not safe, well-formed DMN in the plain subset
     */
    static DecisionFile read(byte[] xml, String field) {
        if (xml == null || xml.length == 0) {
            throw new InvalidFieldException(field, "is empty: send the DMN file as the request body");
        }
        refuseUnsafeXml(xml, field);
        DmnModelInstance model;
        try {
            model = Dmn.readModelFromStream(new ByteArrayInputStream(xml));
        } catch (ModelException e) {
            throw new InvalidFieldException(field, "is not a DMN 1.3 file the engine can read: " + cause(e));
        }
        DecisionFile file = new DecisionFile(model);
        file.checkPlainSubset(field);
        return file;
    }

    /** A deployed definition's model, held to the same rules (its key's history is replayed through it). */
    static DecisionFile deployed(DmnModelInstance model, String what) {
        DecisionFile file = new DecisionFile(model);
        file.checkPlainSubset(what);
        return file;
    }

    DmnModelInstance model() {
        return model;
    }

    /** The decision table of decision {@code key}, or null when the file has no such decision. */
    DecisionTable table(String key) {
        Decision decision = model.getModelElementById(key) instanceof Decision d ? d : null;
        return decision == null ? null : (DecisionTable) decision.getExpression();
    }

    /** Variable name of each input clause, by clause id: the input expression (a bare variable name). */
    Map<String, String> inputVariables(String key) {
        Map<String, String> names = new LinkedHashMap<>();
        DecisionTable table = table(key);
        if (table != null) {
            for (Input input : table.getInputs()) {
                names.put(input.getId(), text(input.getInputExpression().getText()));
            }
        }
        return names;
    }

    /** The output names of decision {@code key}, in column order. */
    List<String> outputNames(String key) {
        List<String> names = new ArrayList<>();
        DecisionTable table = table(key);
        if (table != null) {
            table.getOutputs().forEach(output -> names.add(output.getName()));
        }
        return names;
    }

    /** Each rule of decision {@code key} by id: its position (1-based) and its annotation. */
    Map<String, RuleRef> rules(String key) {
        Map<String, RuleRef> rules = new LinkedHashMap<>();
        DecisionTable table = table(key);
        if (table != null) {
            int index = 0;
            for (Rule rule : table.getRules()) {
                index++;
                rules.put(rule.getId(), new RuleRef(rule.getId(), index,
                        rule.getDescription() == null ? null : rule.getDescription().getTextContent()));
            }
        }
        return rules;
    }

    /** A rule that fired: id, position in its table (1-based) and annotation. */
    record RuleRef(String id, int index, String annotation) {
    }

    private void checkPlainSubset(String field) {
        Definitions definitions = model.getDefinitions();
        language(definitions.getExpressionLanguage(), field, "definitions");
        for (Decision decision : model.getModelElementsByType(Decision.class)) {
            if (!(decision.getExpression() instanceof DecisionTable table)) {
                throw new InvalidFieldException(field, "decision " + decision.getId() + " is not a decision table; "
                        + "only decision tables can be replayed");
            }
            for (Input input : table.getInputs()) {
                String expression = text(input.getInputExpression().getText());
                language(input.getInputExpression().getExpressionLanguage(), field, input.getId());
                if (!INPUT_EXPRESSION.matcher(expression).matches()) {
                    throw refused(field, "input " + input.getId(), expression, "must be a bare variable name");
                }
            }
            for (Rule rule : table.getRules()) {
                for (InputEntry entry : rule.getInputEntries()) {
                    language(entry.getExpressionLanguage(), field, entry.getId());
                    String text = text(entry.getText());
                    if (!INPUT_ENTRY.matcher(text).matches()) {
                        throw refused(field, "rule " + rule.getId() + ", input entry " + entry.getId(), text,
                                "must be -, literals (\"HIGH\", 3, true), a list of them, not(...), a comparison "
                                        + "with a number or a numeric range");
                    }
                }
                for (OutputEntry entry : rule.getOutputEntries()) {
                    language(entry.getExpressionLanguage(), field, entry.getId());
                    String text = text(entry.getText());
                    if (!OUTPUT_ENTRY.matcher(text).matches()) {
                        throw refused(field, "rule " + rule.getId() + ", output entry " + entry.getId(), text,
                                "must be a literal: \"text\" without inner quotes, a number, true or false");
                    }
                }
            }
        }
    }

    private static InvalidFieldException refused(String field, String where, String text, String rule) {
        String shown = text.length() > 80 ? text.substring(0, 80) + "…" : text;
        return new InvalidFieldException(field, where + ": '" + shown + "' " + rule
                + " (the plain subset of docs/adr/0002-dmn-expression-language.md)");
    }

    private static void language(String language, String field, String where) {
        if (language != null && !language.isBlank() && !FEEL.contains(language.strip())) {
            throw new InvalidFieldException(field, where + " names expression language '" + language
                    + "'; only FEEL is accepted (no scripts, no JUEL)");
        }
    }

    private static String text(org.camunda.bpm.model.dmn.instance.Text text) {
        return text == null || text.getTextContent() == null ? "" : text.getTextContent().strip();
    }

    private static void refuseUnsafeXml(byte[] xml, String field) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new ErrorHandler() {
                @Override
                public void warning(SAXParseException e) {
                }

                @Override
                public void error(SAXParseException e) throws SAXException {
                    throw e;
                }

                @Override
                public void fatalError(SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            builder.parse(new ByteArrayInputStream(xml));
        } catch (SAXParseException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("DOCTYPE")) {
                throw new InvalidFieldException(field, "declares a DTD (<!DOCTYPE ...>); DMN files must not declare "
                        + "DTDs or entities");
            }
            throw new InvalidFieldException(field, "is not well-formed XML (line " + e.getLineNumber() + ", column "
                    + e.getColumnNumber() + "): " + message);
        } catch (SAXException | IOException e) {
            throw new InvalidFieldException(field, "is not well-formed XML: " + e.getMessage());
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("The XML parser cannot be configured safely", e);
        }
    }

    private static String cause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = String.valueOf(t.getMessage());
        return message.length() > 300 ? message.substring(0, 300) + "…" : message;
    }
}
