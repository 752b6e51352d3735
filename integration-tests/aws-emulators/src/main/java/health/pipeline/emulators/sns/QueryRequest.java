package health.pipeline.emulators.sns;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parameters of an AWS Query protocol request (form-encoded body, or URL query for GET), with the helpers to
 * read the protocol's flattened structures: {@code Prefix.entry.N.key/value} maps and {@code Prefix.member.N} lists.
 */
final class QueryRequest {

    private final Map<String, String> params;

    private QueryRequest(Map<String, String> params) {
        this.params = params;
    }

    static QueryRequest parse(String rawQuery, String formBody) {
        Map<String, String> params = new LinkedHashMap<>();
        decodeInto(rawQuery, params);
        decodeInto(formBody, params);
        return new QueryRequest(params);
    }

    private static void decodeInto(String encoded, Map<String, String> params) {
        if (encoded == null || encoded.isEmpty()) {
            return;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
    }

    String get(String name) {
        return params.get(name);
    }

    boolean has(String name) {
        return params.containsKey(name);
    }

    String required(String name) {
        String value = params.get(name);
        if (value == null) {
            throw new SnsFault(400, "ValidationError", "1 validation error detected: Value null at '"
                    + Character.toLowerCase(name.charAt(0)) + name.substring(1)
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return value;
    }

    /**
     * A string map serialised as {@code prefix.entry.N.<keyName>} / {@code prefix.entry.N.<valueName>}, in N order.
     */
    Map<String, String> map(String prefix, String keyName, String valueName) {
        Map<String, String> result = new LinkedHashMap<>();
        for (int i = 1; params.containsKey(prefix + ".entry." + i + "." + keyName); i++) {
            String base = prefix + ".entry." + i + ".";
            result.put(params.get(base + keyName), params.getOrDefault(base + valueName, ""));
        }
        return result;
    }

    /** The indices N for which {@code prefix.member.N.<probe>} or {@code prefix.entry.N.<probe>} is present. */
    int count(String prefix, String probe) {
        int n = 0;
        while (params.containsKey(prefix + "." + (n + 1) + "." + probe)) {
            n++;
        }
        return n;
    }

    /** Whether any parameter starts with {@code prefix}. */
    boolean hasAny(String prefix) {
        return params.keySet().stream().anyMatch(k -> k.startsWith(prefix));
    }
}
