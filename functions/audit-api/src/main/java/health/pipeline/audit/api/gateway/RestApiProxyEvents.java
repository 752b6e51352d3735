package health.pipeline.audit.api.gateway;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

/**
 * Converts between the proxy events of an API Gateway REST API (payload format 1.0, what the private gateway sends)
 * and those of an HTTP API (payload format 2.0, the only format quarkus-amazon-lambda-http's LambdaHttpHandler
 * reads and writes). ADR 0049.
 */
public final class RestApiProxyEvents {
    private static final String COOKIE = "cookie";
    private static final String SET_COOKIE = "Set-Cookie";

    private RestApiProxyEvents() {
    }

    /** The 2.0 event LambdaHttpHandler dispatches for a 1.0 request. */
    public static APIGatewayV2HTTPEvent toHttpApiEvent(APIGatewayProxyRequestEvent request) {
        String method = Objects.requireNonNull(request.getHttpMethod(), "httpMethod");
        String path = encodePath(Objects.requireNonNullElse(request.getPath(), "/"));
        Map<String, List<String>> query = merge(request.getQueryStringParameters(),
                request.getMultiValueQueryStringParameters(), false);
        Map<String, List<String>> headers = lowerCaseNames(
                merge(request.getHeaders(), request.getMultiValueHeaders(), true));
        List<String> cookies = cookiesOf(headers.remove(COOKIE));

        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setVersion("2.0");
        event.setRouteKey(method + " " + Objects.requireNonNullElse(request.getResource(), path));
        event.setRawPath(path);
        event.setRawQueryString(rawQueryString(query));
        // 2.0 joins repeated values with commas (the raw query string above keeps them apart).
        event.setQueryStringParameters(query.isEmpty() ? null : joined(query));
        event.setHeaders(joined(headers));
        event.setCookies(cookies.isEmpty() ? null : cookies);
        event.setPathParameters(request.getPathParameters());
        event.setStageVariables(request.getStageVariables());
        event.setBody(request.getBody());
        event.setIsBase64Encoded(Boolean.TRUE.equals(request.getIsBase64Encoded()));
        event.setRequestContext(requestContext(request, method, path));
        return event;
    }

    /**
     * The 1.0 response for LambdaHttpHandler's 2.0 answer: every header in {@code multiValueHeaders} (names merged
     * case-insensitively, repeated values kept), cookies as Set-Cookie headers. Only multiValueHeaders is set, since
     * API Gateway appends the values of {@code headers} and {@code multiValueHeaders} and would double them.
     */
    public static APIGatewayProxyResponseEvent toRestApiResponse(APIGatewayV2HTTPResponse response) {
        Map<String, List<String>> headers = merge(response.getHeaders(), response.getMultiValueHeaders(), true);
        if (response.getCookies() != null && !response.getCookies().isEmpty()) {
            String name = headers.keySet().stream().filter(SET_COOKIE::equalsIgnoreCase).findFirst().orElse(SET_COOKIE);
            headers.computeIfAbsent(name, n -> new ArrayList<>()).addAll(response.getCookies());
        }
        APIGatewayProxyResponseEvent converted = new APIGatewayProxyResponseEvent();
        converted.setStatusCode(response.getStatusCode());
        converted.setMultiValueHeaders(new LinkedHashMap<>(headers));
        converted.setBody(response.getBody());
        converted.setIsBase64Encoded(response.getIsBase64Encoded());
        return converted;
    }

    /**
     * The query string, re-encoded: a REST API hands the function decoded names and values, so a space, '+', '%',
     * '&' or '=' inside a value must be escaped again or it would change what the application reads.
     */
    static String rawQueryString(Map<String, List<String>> query) {
        return query.entrySet().stream()
                .flatMap(parameter -> parameter.getValue().stream()
                        .map(value -> encode(parameter.getKey()) + "=" + encode(value)))
                .collect(Collectors.joining("&"));
    }

    /**
     * A single- and a multi-valued map as API Gateway sends them (the single map holds the last value of each name)
     * merged into one multi-valued map, in arrival order, each name spelled as it first came. With
     * {@code caseInsensitive} (header names) "Accept" and "accept" are one name; query parameter names are not.
     */
    private static Map<String, List<String>> merge(Map<String, String> single, Map<String, List<String>> multi,
            boolean caseInsensitive) {
        Map<String, String> spelling = new LinkedHashMap<>();
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (multi != null) {
            multi.forEach((name, all) -> {
                List<String> merged = valuesOf(name, caseInsensitive, spelling, values);
                if (all != null) {
                    all.stream().filter(Objects::nonNull).forEach(merged::add);
                }
            });
        }
        if (single != null) {
            single.forEach((name, value) -> {
                List<String> merged = valuesOf(name, caseInsensitive, spelling, values);
                // already there when the multi-valued map carried it too
                if (value != null && !merged.contains(value)) {
                    merged.add(value);
                }
            });
        }
        Map<String, List<String>> result = new LinkedHashMap<>();
        spelling.forEach((key, name) -> result.put(name, values.get(key)));
        return result;
    }

    private static List<String> valuesOf(String name, boolean caseInsensitive, Map<String, String> spelling,
            Map<String, List<String>> values) {
        String key = caseInsensitive ? name.toLowerCase(Locale.ROOT) : name;
        spelling.putIfAbsent(key, name);
        return values.computeIfAbsent(key, k -> new ArrayList<>());
    }

    /** HTTP APIs send header names in lower case. */
    private static Map<String, List<String>> lowerCaseNames(Map<String, List<String>> headers) {
        Map<String, List<String>> lower = new LinkedHashMap<>();
        headers.forEach((name, values) -> lower.put(name.toLowerCase(Locale.ROOT), values));
        return lower;
    }

    private static Map<String, String> joined(Map<String, List<String>> values) {
        Map<String, String> joined = new LinkedHashMap<>();
        values.forEach((name, all) -> joined.put(name, String.join(",", all)));
        return joined;
    }

    /** HTTP APIs pass the Cookie header as a list of cookies, not as a header. */
    private static List<String> cookiesOf(List<String> cookieHeaders) {
        List<String> cookies = new ArrayList<>();
        if (cookieHeaders != null) {
            for (String header : cookieHeaders) {
                for (String cookie : header.split(";")) {
                    if (!cookie.isBlank()) {
                        cookies.add(cookie.strip());
                    }
                }
            }
        }
        return cookies;
    }

    private static APIGatewayV2HTTPEvent.RequestContext requestContext(APIGatewayProxyRequestEvent request,
            String method, String path) {
        APIGatewayProxyRequestEvent.ProxyRequestContext restContext = request.getRequestContext();
        APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod(method);
        http.setPath(path);
        APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
        context.setHttp(http);
        context.setRouteKey(method + " " + Objects.requireNonNullElse(request.getResource(), path));
        if (restContext != null) {
            http.setProtocol(restContext.getProtocol());
            if (restContext.getIdentity() != null) {
                http.setSourceIp(restContext.getIdentity().getSourceIp());
                http.setUserAgent(restContext.getIdentity().getUserAgent());
            }
            context.setRequestId(restContext.getRequestId());
            context.setAccountId(restContext.getAccountId());
            context.setApiId(restContext.getApiId());
            context.setStage(restContext.getStage());
            context.setDomainName(restContext.getDomainName());
            context.setDomainPrefix(restContext.getDomainPrefix());
            context.setTime(restContext.getRequestTime());
            if (restContext.getRequestTimeEpoch() != null) {
                context.setTimeEpoch(restContext.getRequestTimeEpoch());
            }
        }
        return context;
    }

    /** RFC 3986 percent-encoding (a space is %20, never '+', which a decoder would read as a space). */
    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The path as a URI path: a REST API passes it decoded, so characters a URI path cannot hold are escaped. */
    static String encodePath(String path) {
        StringBuilder encoded = new StringBuilder(path.length());
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (isPathCharacter(c)) {
                encoded.append(c);
            } else {
                encoded.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
            }
        }
        return encoded.toString();
    }

    private static boolean isPathCharacter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "-._~!$&'()*+,;=:@/".indexOf(c) >= 0;
    }
}
