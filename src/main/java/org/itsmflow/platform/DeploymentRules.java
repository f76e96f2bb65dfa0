package org.itsmflow.platform;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;

import org.xml.sax.Attributes;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The rules every deployed resource must pass ({@link DeploymentGuard}, docs/adr/0014-deployment-guard.md). A
 * model may route work, call the product's own delegates and decide on process variables; it may not run code of its
 * own choosing. Each refusal names the resource, the element (its id, else its tag) and the rule.
 * <ol>
 * <li>{@link Rule#RESOURCE_TYPE}: only BPMN, DMN and Camunda Form files;</li>
 * <li>{@link Rule#UNSAFE_XML}: no DTD, hence no entity declarations or expansion (a billion-laughs file), no
 * external entities; the XML is read with every external access off;</li>
 * <li>{@link Rule#SCRIPT}: no script tasks, inline or external scripts, script conditions, script languages in
 * DMN;</li>
 * <li>{@link Rule#JAVA_CLASS}: no {@code camunda:class}, {@code formHandlerClass}, {@code variableMappingClass};</li>
 * <li>{@link Rule#EXTERNAL_RESOURCE}: no {@code camunda:resource}, connectors, imports;</li>
 * <li>{@link Rule#EXPRESSION}: every expression ({@code ${…}} in BPMN, every DMN expression text) names only the
 * product's delegate beans, process variables (a name that is no application bean and no engine object), the member
 * calls the product's models use ({@link #ALLOWED_MEMBERS}) and a few functions ({@link #ALLOWED_FUNCTIONS}): no
 * other bean, no method call on anything else, no reach-through ({@code execution.getProcessEngineServices()}), no
 * index access, no class names, no FEEL function definitions.</li>
 * </ol>
 */
final class DeploymentRules {

    /** What a refusal broke. */
    enum Rule {
        RESOURCE_TYPE("only BPMN (.bpmn), DMN (.dmn) and Camunda Form (.form) files are deployed"),
        UNSAFE_XML("XML must not declare a DTD or entities and must be well-formed"),
        SCRIPT("scripts are not allowed (script tasks, script listeners, inline or external scripts, script conditions)"),
        JAVA_CLASS("Java class names are not allowed; call a product delegate with a delegate expression"),
        EXTERNAL_RESOURCE("external resources are not allowed (camunda:resource, connectors, imports)"),
        EXPRESSION("an expression may name only the product's delegate beans, process variables and the allowed calls");

        final String description;

        Rule(String description) {
            this.description = description;
        }
    }

    /** One refusal: the element (id or tag), its line and column, the rule and what exactly was found. */
    record Refusal(String resource, String elementId, int line, int column, Rule rule, String detail) {
        String message() {
            return resource + (elementId == null ? "" : ", element " + elementId) + ": " + rule + " — " + detail + " ("
                    + rule.description + ")";
        }
    }

    /**
     * Member calls the product's models use: a listener stores the task's assignee in a variable; a user task takes
     * the Tasklist priority of its incident's priority from the product's {@code taskPriority} bean.
     */
    static final Set<String> ALLOWED_MEMBERS = Set.of("execution.setVariable", "execution.getVariable",
            "execution.processBusinessKey", "task.assignee", "task.id", "task.name", "taskPriority.of");
    /** Functions an expression may call: the engine's user and date functions, FEEL's unary-test helpers. */
    static final Set<String> ALLOWED_FUNCTIONS = Set.of("currentUser", "currentUserGroups", "now", "dateTime", "not",
            "date", "time", "duration");
    /** Names the engine resolves to its own objects: only through {@link #ALLOWED_MEMBERS}. */
    static final Set<String> ENGINE_OBJECTS = Set.of("execution", "task", "caseExecution", "externalTask",
            "variableScope", "processEngine", "processEngineServices", "delegate", "variableContext");
    /** Operators and literals of JUEL and FEEL, never variables. */
    static final Set<String> KEYWORDS = Set.of("true", "false", "null", "empty", "not", "and", "or", "div", "mod",
            "eq", "ne", "lt", "gt", "le", "ge", "instanceof", "in", "between", "if", "then", "else", "some", "every",
            "satisfies", "for", "return", "instance", "of", "authenticatedUserId");
    /** FEEL words that define functions (an external function calls Java). */
    static final Set<String> FUNCTION_DEFINITIONS = Set.of("function", "external");
    static final Set<String> FEEL_LANGUAGES = Set.of("feel", "juel", "https://www.omg.org/spec/dmn/20191111/feel/",
            "http://www.omg.org/spec/feel/20140401", "https://www.omg.org/spec/dmn/20180521/feel/",
            "https://www.omg.org/spec/dmn/20211108/feel/");
    private static final Set<String> CLASS_ATTRIBUTES = Set.of("class", "formHandlerClass", "variableMappingClass");
    private static final Set<String> DMN_EXPRESSION_PARENTS = Set.of("inputExpression", "inputEntry", "outputEntry",
            "literalExpression", "defaultOutputEntry");
    private static final Pattern EL = Pattern.compile("[$#]\\{(.*?)}", Pattern.DOTALL);

    private final Predicate<String> allowedBean;
    private final Predicate<String> anyBean;

    /**
     * @param allowedBean the product's delegate and listener beans, which expressions may name
     * @param anyBean     every bean of the application: a name among them but not allowed is refused, since the
     *                    engine would resolve it to the bean rather than to a variable
     */
    DeploymentRules(Predicate<String> allowedBean, Predicate<String> anyBean) {
        this.allowedBean = allowedBean;
        this.anyBean = anyBean;
    }

    List<Refusal> check(String resource, byte[] content) {
        String name = resource.toLowerCase(Locale.ROOT);
        if (name.endsWith(".form")) {
            return List.of();
        }
        if (!(name.endsWith(".bpmn") || name.endsWith(".bpmn20.xml") || name.endsWith(".dmn")
                || name.endsWith(".dmn11.xml"))) {
            return List.of(new Refusal(resource, null, 0, 0, Rule.RESOURCE_TYPE, "resource " + resource));
        }
        Checker checker = new Checker(resource, name.endsWith(".dmn") || name.endsWith(".dmn11.xml"));
        try {
            SAXParser parser = parserFactory().newSAXParser();
            parser.parse(new ByteArrayInputStream(content), checker);
        } catch (SAXParseException e) {
            String message = String.valueOf(e.getMessage());
            String detail = message.contains("DOCTYPE") ? "a DOCTYPE (DTD) declaration: " + message : message;
            checker.refusals.add(new Refusal(resource, null, e.getLineNumber(), e.getColumnNumber(), Rule.UNSAFE_XML,
                    detail));
        } catch (SAXException | IOException | ParserConfigurationException e) {
            checker.refusals.add(new Refusal(resource, null, 0, 0, Rule.UNSAFE_XML, String.valueOf(e.getMessage())));
        }
        return checker.refusals;
    }

    /** No DTD (so no entities at all), no external entities or schemas, no XInclude, secure processing on. */
    static SAXParserFactory parserFactory() throws ParserConfigurationException, SAXException {
        SAXParserFactory factory = SAXParserFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setValidating(false);
        factory.setXIncludeAware(false);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        return factory;
    }

    /** Walks the document once, element by element. */
    private final class Checker extends DefaultHandler {
        final String resource;
        final boolean dmn;
        final List<Refusal> refusals = new ArrayList<>();
        final Deque<String> ids = new ArrayDeque<>();
        final Deque<String> names = new ArrayDeque<>();
        final Deque<StringBuilder> texts = new ArrayDeque<>();
        Locator locator;

        Checker(String resource, boolean dmn) {
            this.resource = resource;
            this.dmn = dmn;
        }

        @Override
        public void setDocumentLocator(Locator locator) {
            this.locator = locator;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) {
            String id = attributes.getValue("id");
            ids.push(id != null ? id : (ids.isEmpty() ? qName : ids.peek() + "/" + localName));
            names.push(localName);
            texts.push(new StringBuilder());
            switch (localName) {
                case "scriptTask" -> refuse(Rule.SCRIPT, "a script task");
                case "script" -> refuse(Rule.SCRIPT, "an inline or external script (" + qName + ")");
                case "connector" -> refuse(Rule.EXTERNAL_RESOURCE, "a connector (" + qName + ")");
                case "import" -> refuse(Rule.EXTERNAL_RESOURCE, "an import of " + attributes.getValue("location"));
                default -> { }
            }
            for (int i = 0; i < attributes.getLength(); i++) {
                String attribute = attributes.getLocalName(i);
                String value = attributes.getValue(i);
                // neither BPMN nor DMN has attributes of these names: only Camunda's (qualified on BPMN elements,
                // unqualified on camunda:* elements such as listeners and scripts)
                if (CLASS_ATTRIBUTES.contains(attribute)) {
                    refuse(Rule.JAVA_CLASS, attributes.getQName(i) + "=\"" + value + "\"");
                } else if ("resource".equals(attribute)) {
                    refuse(Rule.EXTERNAL_RESOURCE, attributes.getQName(i) + "=\"" + value + "\"");
                } else if ("language".equals(attribute) || "scriptFormat".equals(attribute)) {
                    refuse(Rule.SCRIPT, attributes.getQName(i) + "=\"" + value + "\" (a script)");
                } else if ("expressionLanguage".equals(attribute) || "typeLanguage".equals(attribute)) {
                    if ("expressionLanguage".equals(attribute) && dmn
                            && !FEEL_LANGUAGES.contains(value.trim().toLowerCase(Locale.ROOT))) {
                        refuse(Rule.SCRIPT, "expressionLanguage=\"" + value + "\" (a script language)");
                    }
                } else {
                    checkEmbedded(value, attributes.getQName(i));
                }
            }
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (!texts.isEmpty()) {
                texts.peek().append(ch, start, length);
            }
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            String text = texts.pop().toString();
            names.pop();
            if (!text.isBlank()) {
                if (dmn && "text".equals(localName) && !names.isEmpty() && DMN_EXPRESSION_PARENTS.contains(names.peek())) {
                    checkExpression(EL.matcher(text).find() ? null : text, text, "DMN " + names.peek());
                } else if (!"documentation".equals(localName) && !"text".equals(localName)) {
                    checkEmbedded(text, qName);
                }
            }
            ids.pop();
        }

        /** Expressions embedded in a value: {@code ${…}} and {@code #{…}}. */
        private void checkEmbedded(String value, String where) {
            Matcher el = EL.matcher(value);
            while (el.find()) {
                checkExpression(el.group(1), el.group(), where);
            }
            if (value.contains("${") || value.contains("#{")) {
                if (!EL.matcher(value).find()) {
                    refuse(Rule.EXPRESSION, where + ": an unterminated expression");
                }
            }
        }

        /** Checks {@code expression}, or every {@code ${…}} inside {@code shown} when it is null. */
        private void checkExpression(String expression, String shown, String where) {
            if (expression == null) {
                checkEmbedded(shown, where);
                return;
            }
            String problem = ExpressionCheck.problem(expression, allowedBean, anyBean);
            if (problem != null) {
                refuse(Rule.EXPRESSION, where + " \"" + shorten(shown) + "\": " + problem);
            }
        }

        private void refuse(Rule rule, String detail) {
            refusals.add(new Refusal(resource, ids.peek(), locator == null ? 0 : locator.getLineNumber(),
                    locator == null ? 0 : locator.getColumnNumber(), rule, detail));
        }
    }

    private static String shorten(String text) {
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 117) + "...";
    }

    /** A small tokenizer over JUEL and FEEL expression text; enough to see names, members, calls and indexes. */
    static final class ExpressionCheck {
        private ExpressionCheck() {
        }

        private enum Kind { NAME, STRING, NUMBER, SYMBOL }

        private record Token(Kind kind, String text) {
        }

        /** Null when the expression is allowed, else what is wrong with it. */
        static String problem(String expression, Predicate<String> allowedBean, Predicate<String> anyBean) {
            List<Token> tokens = tokens(expression);
            if (tokens == null) {
                return "cannot be read (unterminated string)";
            }
            for (int i = 0; i < tokens.size(); i++) {
                Token token = tokens.get(i);
                Token before = i > 0 ? tokens.get(i - 1) : null;
                Token after = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
                if (token.kind == Kind.SYMBOL && token.text.equals("[") && before != null
                        && (before.kind == Kind.NAME || before.text.equals(")") || before.text.equals("]"))) {
                    return "index access after '" + before.text + "' is not allowed";
                }
                if (token.kind == Kind.SYMBOL && token.text.equals(".")) {
                    if (before == null || before.kind != Kind.NAME || after == null || after.kind != Kind.NAME) {
                        return "member access on a value ('" + (before == null ? "" : before.text) + ".') is not allowed";
                    }
                    Token root = i > 1 ? tokens.get(i - 2) : null;
                    if (root != null && root.kind == Kind.SYMBOL && root.text.equals(".")) {
                        return "reach-through '" + before.text + "." + after.text + "' is not allowed";
                    }
                    String member = before.text + "." + after.text;
                    if (!ALLOWED_MEMBERS.contains(member)) {
                        return "'" + member + "' is not on the allow-list " + new java.util.TreeSet<>(ALLOWED_MEMBERS);
                    }
                    continue;
                }
                if (token.kind != Kind.NAME || (before != null && before.text.equals("."))) {
                    continue;
                }
                String name = token.text;
                boolean call = after != null && after.text.equals("(");
                boolean member = after != null && after.text.equals(".");
                if (FUNCTION_DEFINITIONS.contains(name)) {
                    return "function definitions ('" + name + "') are not allowed";
                }
                if (call) {
                    if (!ALLOWED_FUNCTIONS.contains(name)) {
                        return "the function '" + name + "(…)' is not on the allow-list "
                                + new java.util.TreeSet<>(ALLOWED_FUNCTIONS);
                    }
                } else if (KEYWORDS.contains(name)) {
                    continue;
                } else if (member && i + 2 < tokens.size() && ALLOWED_MEMBERS.contains(name + "." + tokens.get(i + 2).text)) {
                    continue;
                } else if (ENGINE_OBJECTS.contains(name)) {
                    if (!member) {
                        return "the engine object '" + name + "' may be used only as "
                                + new java.util.TreeSet<>(ALLOWED_MEMBERS);
                    }
                } else if (allowedBean.test(name)) {
                    if (member) {
                        return "members of the bean '" + name + "' are not allowed; name the bean alone";
                    }
                } else if (anyBean.test(name)) {
                    return "'" + name + "' names an application bean that is not a product delegate";
                }
                // else: a process variable
            }
            return null;
        }

        private static List<Token> tokens(String text) {
            List<Token> tokens = new ArrayList<>();
            int i = 0;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (c == '\'' || c == '"') {
                    int end = i + 1;
                    while (end < text.length() && text.charAt(end) != c) {
                        end += text.charAt(end) == '\\' ? 2 : 1;
                    }
                    if (end >= text.length()) {
                        return null;
                    }
                    tokens.add(new Token(Kind.STRING, text.substring(i, end + 1)));
                    i = end + 1;
                } else if (Character.isDigit(c)) {
                    int end = i;
                    while (end < text.length() && Character.isDigit(text.charAt(end))) {
                        end++;
                    }
                    if (end + 1 < text.length() && text.charAt(end) == '.' && Character.isDigit(text.charAt(end + 1))) {
                        end++;
                        while (end < text.length() && Character.isDigit(text.charAt(end))) {
                            end++;
                        }
                    }
                    tokens.add(new Token(Kind.NUMBER, text.substring(i, end)));
                    i = end;
                } else if (Character.isJavaIdentifierStart(c)) {
                    int end = i + 1;
                    while (end < text.length() && Character.isJavaIdentifierPart(text.charAt(end))) {
                        end++;
                    }
                    tokens.add(new Token(Kind.NAME, text.substring(i, end)));
                    i = end;
                } else if (c == '.' && i + 1 < text.length() && text.charAt(i + 1) == '.') {
                    tokens.add(new Token(Kind.SYMBOL, ".."));
                    i += 2;
                } else {
                    tokens.add(new Token(Kind.SYMBOL, String.valueOf(c)));
                    i++;
                }
            }
            return tokens;
        }
    }
}
