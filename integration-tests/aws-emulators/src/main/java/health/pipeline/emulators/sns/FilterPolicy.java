package health.pipeline.emulators.sns;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An SNS subscription filter policy, parsed and validated once, then matched against each published message.
 *
 * <p>Follows the SNS developer guide ("Amazon SNS message filtering"): property names are ANDed, the values listed
 * for one property are ORed, {@code $or} combines alternative sub-policies; operators are exact string/number/boolean/
 * null matching, {@code prefix}, {@code suffix}, {@code equals-ignore-case}, {@code anything-but} (value, list,
 * {@code prefix}, {@code suffix}, {@code equals-ignore-case}), {@code numeric} (=, &lt;, &lt;=, &gt;, &gt;= and
 * ranges) and {@code exists}. A property the message lacks fails every condition except {@code "exists": false},
 * which in turn only matches a message that has at least one property. {@code String.Array} attributes and JSON
 * arrays in the body match when any element matches. Binary attributes are ignored. Strings only match string
 * conditions and Number attributes only numeric ones.
 */
final class FilterPolicy {

    enum Scope {
        MessageAttributes, MessageBody;

        static Scope parse(String value) {
            if (value == null) {
                return MessageAttributes;
            }
            for (Scope scope : values()) {
                if (scope.name().equals(value)) {
                    return scope;
                }
            }
            throw new IllegalArgumentException("FilterPolicyScope: Invalid value [" + value
                    + "]. Please use either MessageBody or MessageAttributes");
        }
    }

    static final int MAX_KEYS = 5;
    static final int MAX_COMBINATIONS = 150;
    static final int MAX_POLICY_BYTES = 256 * 1024;
    private static final BigDecimal NUMERIC_LIMIT = new BigDecimal("1000000000");
    private static final int NUMERIC_SCALE = 5;
    private static final Set<String> OPERATORS = Set.of("=", "<", "<=", ">", ">=");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    // ------------------------------------------------------------------------------------------ values

    /** A scalar from a message attribute or body. */
    private sealed interface Value permits Str, Num, Bool, Null {
    }

    private record Str(String value) implements Value {
    }

    private record Num(BigDecimal value) implements Value {
    }

    private record Bool(boolean value) implements Value {
    }

    private enum Null implements Value { INSTANCE }

    private static Value scalar(JsonNode node) {
        if (node.isTextual()) {
            return new Str(node.asText());
        }
        if (node.isNumber()) {
            return new Num(node.decimalValue());
        }
        if (node.isBoolean()) {
            return new Bool(node.asBoolean());
        }
        if (node.isNull()) {
            return Null.INSTANCE;
        }
        return null;
    }

    private static boolean sameValue(Value a, Value b) {
        if (a instanceof Num x && b instanceof Num y) {
            return inRange(x.value()) && inRange(y.value()) && rounded(x.value()).compareTo(rounded(y.value())) == 0;
        }
        return a.equals(b);
    }

    private static BigDecimal rounded(BigDecimal value) {
        return value.setScale(NUMERIC_SCALE, RoundingMode.HALF_UP);
    }

    private static boolean inRange(BigDecimal value) {
        return value.abs().compareTo(NUMERIC_LIMIT) <= 0;
    }

    // ------------------------------------------------------------------------------------------ conditions

    private sealed interface Condition
            permits Exact, Prefix, Suffix, EqualsIgnoreCase, AnythingBut, AnythingButPrefix, AnythingButSuffix,
            AnythingButEqualsIgnoreCase, Numeric, Exists {

        boolean test(Value value);
    }

    private record Exact(Value expected) implements Condition {
        public boolean test(Value value) {
            return sameValue(expected, value);
        }
    }

    private record Prefix(String prefix) implements Condition {
        public boolean test(Value value) {
            return value instanceof Str s && s.value().startsWith(prefix);
        }
    }

    private record Suffix(String suffix) implements Condition {
        public boolean test(Value value) {
            return value instanceof Str s && s.value().endsWith(suffix);
        }
    }

    private record EqualsIgnoreCase(String expected) implements Condition {
        public boolean test(Value value) {
            return value instanceof Str s && s.value().equalsIgnoreCase(expected);
        }
    }

    private record AnythingBut(List<Value> excluded) implements Condition {
        public boolean test(Value value) {
            return excluded.stream().noneMatch(e -> sameValue(e, value));
        }
    }

    private record AnythingButPrefix(String prefix) implements Condition {
        public boolean test(Value value) {
            return value instanceof Str s && !s.value().startsWith(prefix);
        }
    }

    private record AnythingButSuffix(String suffix) implements Condition {
        public boolean test(Value value) {
            return value instanceof Str s && !s.value().endsWith(suffix);
        }
    }

    private record AnythingButEqualsIgnoreCase(List<String> excluded) implements Condition {
        public boolean test(Value value) {
            return value instanceof Str s && excluded.stream().noneMatch(e -> e.equalsIgnoreCase(s.value()));
        }
    }

    private record Bound(String operator, BigDecimal limit) {
        boolean test(BigDecimal value) {
            int c = rounded(value).compareTo(rounded(limit));
            return switch (operator) {
                case "=" -> c == 0;
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                case ">=" -> c >= 0;
                default -> false;
            };
        }
    }

    private record Numeric(List<Bound> bounds) implements Condition {
        public boolean test(Value value) {
            return value instanceof Num n && inRange(n.value()) && bounds.stream().allMatch(b -> b.test(n.value()));
        }
    }

    private record Exists(boolean exists) implements Condition {
        public boolean test(Value value) {
            throw new IllegalStateException("exists is evaluated on the property, not on a value");
        }
    }

    // ------------------------------------------------------------------------------------------ policy tree

    /** One object level of a policy: leaf properties, nested objects (body scope only) and {@code $or} groups. */
    private record Rule(Map<String, List<Condition>> leaves, Map<String, Rule> nested, List<List<Rule>> ors) {
    }

    private final Scope scope;
    private final Rule root;

    private FilterPolicy(Scope scope, Rule root) {
        this.scope = scope;
        this.root = root;
    }

    Scope scope() {
        return scope;
    }

    /**
     * Parses and validates a policy; an {@link IllegalArgumentException}'s message says what is wrong, for the
     * {@code InvalidParameter} error SNS answers with.
     */
    static FilterPolicy parse(String policy, Scope scope) {
        if (policy.getBytes(StandardCharsets.UTF_8).length > MAX_POLICY_BYTES) {
            throw new IllegalArgumentException("FilterPolicy: Filter policy is too large (maximum 256 KB)");
        }
        JsonNode node;
        try {
            node = JSON.readTree(policy);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("FilterPolicy: failed to parse JSON. " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("FilterPolicy: Filter policy must be a JSON object");
        }
        Rule root = rule(node, scope, "");
        if (keyCount(root) > MAX_KEYS) {
            throw new IllegalArgumentException("FilterPolicy: Filter policy can not have more than " + MAX_KEYS + " keys");
        }
        if (combinations(root) > MAX_COMBINATIONS) {
            throw new IllegalArgumentException("FilterPolicy: Filter policy is too complex (more than "
                    + MAX_COMBINATIONS + " combinations of values)");
        }
        return new FilterPolicy(scope, root);
    }

    private static Rule rule(JsonNode object, Scope scope, String path) {
        Map<String, List<Condition>> leaves = new LinkedHashMap<>();
        Map<String, Rule> nested = new LinkedHashMap<>();
        List<List<Rule>> ors = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            String where = path + key;
            if ("$or".equals(key)) {
                if (!value.isArray() || value.size() < 2) {
                    throw new IllegalArgumentException("FilterPolicy: " + where
                            + " must be an array of at least two filter policy objects");
                }
                List<Rule> alternatives = new ArrayList<>();
                for (JsonNode alternative : value) {
                    if (!alternative.isObject()) {
                        throw new IllegalArgumentException("FilterPolicy: " + where
                                + " must contain only filter policy objects");
                    }
                    alternatives.add(rule(alternative, scope, path));
                }
                ors.add(alternatives);
            } else if (value.isArray()) {
                if (value.isEmpty()) {
                    throw new IllegalArgumentException("FilterPolicy: Empty arrays are not allowed (" + where + ")");
                }
                List<Condition> conditions = new ArrayList<>();
                for (JsonNode element : value) {
                    conditions.add(condition(element, where));
                }
                leaves.put(key, List.copyOf(conditions));
            } else if (value.isObject()) {
                if (scope == Scope.MessageAttributes) {
                    throw new IllegalArgumentException("FilterPolicy: Filter policy scope MessageAttributes does not "
                            + "support nested filter policy (" + where + ")");
                }
                nested.put(key, rule(value, scope, where + "."));
            } else {
                throw new IllegalArgumentException("FilterPolicy: Match value for " + where
                        + " must be an array of conditions");
            }
        }
        return new Rule(leaves, nested, ors);
    }

    private static Condition condition(JsonNode element, String where) {
        if (element.isArray()) {
            throw new IllegalArgumentException("FilterPolicy: Match value must be String, number, true, false, or null ("
                    + where + ")");
        }
        if (!element.isObject()) {
            Value literal = scalar(element);
            if (literal instanceof Num n && !inRange(n.value())) {
                throw new IllegalArgumentException("FilterPolicy: Numeric value " + n.value()
                        + " is outside the supported range -1e9..1e9 (" + where + ")");
            }
            return new Exact(literal);
        }
        if (element.size() != 1) {
            throw new IllegalArgumentException("FilterPolicy: A match object must have exactly one operator (" + where + ")");
        }
        Map.Entry<String, JsonNode> operator = element.fields().next();
        JsonNode operand = operator.getValue();
        return switch (operator.getKey()) {
            case "prefix" -> new Prefix(string(operand, "prefix", where));
            case "suffix" -> new Suffix(string(operand, "suffix", where));
            case "equals-ignore-case" -> new EqualsIgnoreCase(string(operand, "equals-ignore-case", where));
            case "anything-but" -> anythingBut(operand, where);
            case "numeric" -> numeric(operand, where);
            case "exists" -> {
                if (!operand.isBoolean()) {
                    throw new IllegalArgumentException("FilterPolicy: exists match pattern must be either true or false ("
                            + where + ")");
                }
                yield new Exists(operand.asBoolean());
            }
            case "cidr" -> throw new IllegalArgumentException(
                    "FilterPolicy: the cidr (IP address) operator is not supported by the SNS emulator (" + where + ")");
            default -> throw new IllegalArgumentException("FilterPolicy: Unrecognized match type "
                    + operator.getKey() + " (" + where + ")");
        };
    }

    private static String string(JsonNode operand, String operator, String where) {
        if (!operand.isTextual()) {
            throw new IllegalArgumentException("FilterPolicy: " + operator + " match pattern must be a string ("
                    + where + ")");
        }
        return operand.asText();
    }

    private static Condition anythingBut(JsonNode operand, String where) {
        if (operand.isTextual() || operand.isNumber()) {
            return new AnythingBut(List.of(literal(operand, where)));
        }
        if (operand.isArray()) {
            if (operand.isEmpty()) {
                throw new IllegalArgumentException("FilterPolicy: Empty arrays are not allowed in anything-but (" + where + ")");
            }
            List<Value> excluded = new ArrayList<>();
            for (JsonNode value : operand) {
                if (!value.isTextual() && !value.isNumber()) {
                    throw new IllegalArgumentException("FilterPolicy: Inside anything-but list, only strings and "
                            + "numbers are allowed (" + where + ")");
                }
                excluded.add(literal(value, where));
            }
            return new AnythingBut(List.copyOf(excluded));
        }
        if (operand.isObject() && operand.size() == 1) {
            Map.Entry<String, JsonNode> inner = operand.fields().next();
            switch (inner.getKey()) {
                case "prefix":
                    return new AnythingButPrefix(nonEmpty(string(inner.getValue(), "anything-but prefix", where), where));
                case "suffix":
                    return new AnythingButSuffix(nonEmpty(string(inner.getValue(), "anything-but suffix", where), where));
                case "equals-ignore-case": {
                    JsonNode value = inner.getValue();
                    List<String> excluded = new ArrayList<>();
                    if (value.isArray() && !value.isEmpty()) {
                        for (JsonNode item : value) {
                            excluded.add(string(item, "anything-but equals-ignore-case", where));
                        }
                    } else {
                        excluded.add(string(value, "anything-but equals-ignore-case", where));
                    }
                    return new AnythingButEqualsIgnoreCase(List.copyOf(excluded));
                }
                default:
                    break;
            }
        }
        throw new IllegalArgumentException("FilterPolicy: Value of anything-but must be an array or single string/number "
                + "value, or an object with prefix, suffix or equals-ignore-case (" + where + ")");
    }

    private static String nonEmpty(String value, String where) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("FilterPolicy: Null prefix/suffix not allowed (" + where + ")");
        }
        return value;
    }

    private static Value literal(JsonNode node, String where) {
        Value value = scalar(node);
        if (value instanceof Num n && !inRange(n.value())) {
            throw new IllegalArgumentException("FilterPolicy: Numeric value " + n.value()
                    + " is outside the supported range -1e9..1e9 (" + where + ")");
        }
        return value;
    }

    private static Condition numeric(JsonNode operand, String where) {
        String usage = "FilterPolicy: Value of numeric must be an array of the form [op, number] or "
                + "[>|>=, number, <|<=, number] (" + where + ")";
        if (!operand.isArray() || (operand.size() != 2 && operand.size() != 4)) {
            throw new IllegalArgumentException(usage);
        }
        List<Bound> bounds = new ArrayList<>();
        for (int i = 0; i < operand.size(); i += 2) {
            JsonNode op = operand.get(i);
            JsonNode limit = operand.get(i + 1);
            if (!op.isTextual() || !OPERATORS.contains(op.asText())) {
                throw new IllegalArgumentException("FilterPolicy: Unrecognized numeric range operator: " + op + " (" + where + ")");
            }
            if (!limit.isNumber()) {
                throw new IllegalArgumentException("FilterPolicy: Value of " + op.asText() + " must be numeric (" + where + ")");
            }
            if (!inRange(limit.decimalValue())) {
                throw new IllegalArgumentException("FilterPolicy: Numeric value " + limit.decimalValue()
                        + " is outside the supported range -1e9..1e9 (" + where + ")");
            }
            bounds.add(new Bound(op.asText(), limit.decimalValue()));
        }
        if (bounds.size() == 2) {
            Bound lower = bounds.get(0);
            Bound upper = bounds.get(1);
            if (!lower.operator().startsWith(">") || !upper.operator().startsWith("<")) {
                throw new IllegalArgumentException("FilterPolicy: a numeric range must be a lower bound (> or >=) "
                        + "followed by an upper bound (< or <=) (" + where + ")");
            }
            if (lower.limit().compareTo(upper.limit()) >= 0) {
                throw new IllegalArgumentException("FilterPolicy: Bottom must be less than top (" + where + ")");
            }
        }
        return new Numeric(List.copyOf(bounds));
    }

    private static int keyCount(Rule rule) {
        int count = rule.leaves().size() + rule.nested().size();
        for (List<Rule> alternatives : rule.ors()) {
            count += alternatives.stream().mapToInt(FilterPolicy::keyCount).max().orElse(0);
        }
        return count;
    }

    private static long combinations(Rule rule) {
        long product = 1;
        for (List<Condition> conditions : rule.leaves().values()) {
            product = Math.min(product * conditions.size(), Integer.MAX_VALUE);
        }
        for (Rule nested : rule.nested().values()) {
            product = Math.min(product * combinations(nested), Integer.MAX_VALUE);
        }
        for (List<Rule> alternatives : rule.ors()) {
            long sum = alternatives.stream().mapToLong(FilterPolicy::combinations).sum();
            product = Math.min(product * sum, Integer.MAX_VALUE);
        }
        return product;
    }

    // ------------------------------------------------------------------------------------------ matching

    /** The message as the policy sees it: values of a property (null when absent) and nested objects. */
    private interface Document {
        List<Value> values(String key);

        List<Document> children(String key);
    }

    /** Whether the message passes the policy: its attributes (attribute scope) or its body (body scope). */
    boolean matches(Map<String, PublishedMessage.Attribute> attributes, String body) {
        if (scope == Scope.MessageAttributes) {
            return matches(root, new AttributeDocument(attributes), !attributes.isEmpty());
        }
        JsonNode parsed;
        try {
            parsed = JSON.readTree(body);
        } catch (IOException e) {
            return false;
        }
        if (parsed == null || !parsed.isObject()) {
            return false;
        }
        return matches(root, new BodyDocument(parsed), !parsed.isEmpty());
    }

    private static boolean matches(Rule rule, Document document, boolean messageHasProperties) {
        for (Map.Entry<String, List<Condition>> leaf : rule.leaves().entrySet()) {
            if (!leafMatches(leaf.getValue(), document.values(leaf.getKey()), messageHasProperties)) {
                return false;
            }
        }
        for (Map.Entry<String, Rule> nested : rule.nested().entrySet()) {
            boolean any = false;
            for (Document child : document.children(nested.getKey())) {
                if (matches(nested.getValue(), child, messageHasProperties)) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                return false;
            }
        }
        for (List<Rule> alternatives : rule.ors()) {
            if (alternatives.stream().noneMatch(alternative -> matches(alternative, document, messageHasProperties))) {
                return false;
            }
        }
        return true;
    }

    private static boolean leafMatches(List<Condition> conditions, List<Value> values, boolean messageHasProperties) {
        for (Condition condition : conditions) {
            if (condition instanceof Exists exists) {
                if (exists.exists()) {
                    if (values != null && values.stream().anyMatch(FilterPolicy::nonEmpty)) {
                        return true;
                    }
                } else if (values == null && messageHasProperties) {
                    return true;
                }
            } else if (values != null && values.stream().anyMatch(condition::test)) {
                return true;
            }
        }
        return false;
    }

    private static boolean nonEmpty(Value value) {
        return switch (value) {
            case Str s -> !s.value().isEmpty();
            case Null n -> false;
            default -> true;
        };
    }

    private record AttributeDocument(Map<String, PublishedMessage.Attribute> attributes) implements Document {

        public List<Value> values(String key) {
            PublishedMessage.Attribute attribute = attributes.get(key);
            if (attribute == null || attribute.isBinary()) {
                return null; // SNS ignores Binary attributes when filtering
            }
            String type = attribute.dataType();
            String raw = attribute.stringValue();
            if ("String.Array".equals(type)) {
                try {
                    JsonNode array = JSON.readTree(raw);
                    if (array != null && array.isArray()) {
                        List<Value> values = new ArrayList<>();
                        for (JsonNode element : array) {
                            Value value = scalar(element);
                            if (value != null) {
                                values.add(value);
                            }
                        }
                        return values;
                    }
                } catch (IOException ignored) {
                    // validated at publish time; fall back to the raw string
                }
                return List.of(new Str(raw));
            }
            if (type.startsWith("Number")) {
                try {
                    return List.of(new Num(new BigDecimal(raw.trim())));
                } catch (NumberFormatException e) {
                    return List.of(new Str(raw));
                }
            }
            return List.of(new Str(raw));
        }

        public List<Document> children(String key) {
            return List.of(new BodyDocument(null));
        }
    }

    private record BodyDocument(JsonNode object) implements Document {

        public List<Value> values(String key) {
            if (object == null) {
                return null;
            }
            JsonNode value = object.get(key);
            if (value == null) {
                return null;
            }
            List<Value> values = new ArrayList<>();
            flatten(value, values);
            return values;
        }

        private static void flatten(JsonNode node, List<Value> into) {
            if (node.isArray()) {
                node.forEach(element -> flatten(element, into));
            } else if (!node.isObject()) {
                into.add(scalar(node));
            }
        }

        public List<Document> children(String key) {
            JsonNode value = object == null ? null : object.get(key);
            if (value != null && value.isObject()) {
                return List.of(new BodyDocument(value));
            }
            if (value != null && value.isArray()) {
                List<Document> documents = new ArrayList<>();
                value.forEach(element -> {
                    if (element.isObject()) {
                        documents.add(new BodyDocument(element));
                    }
                });
                if (!documents.isEmpty()) {
                    return documents;
                }
            }
            return List.of(new BodyDocument(null));
        }
    }
}
