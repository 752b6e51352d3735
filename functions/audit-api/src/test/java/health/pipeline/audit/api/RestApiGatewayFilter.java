package health.pipeline.audit.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.authentication.PreemptiveOAuth2HeaderScheme;
import io.restassured.builder.ResponseBuilder;
import io.restassured.filter.FilterContext;
import io.restassured.filter.OrderedFilter;
import io.restassured.http.Header;
import io.restassured.http.Headers;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * Sends each RestAssured request to the function as the private REST API would: a payload 1.0 proxy event posted to
 * Quarkus' mock Lambda event server ({@code POST /_lambda_}, the raw-event entry the HTTP mock server keeps), and
 * turns the function's 1.0 proxy response back into an HTTP response. Without it the mock server would send HTTP API
 * (2.0) events, which the function refuses since it only serves the REST API.
 */
final class RestApiGatewayFilter implements OrderedFilter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newHttpClient();

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
            FilterContext context) {
        URI uri = URI.create(request.getURI());
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Header header : request.getHeaders()) {
            headers.computeIfAbsent(header.getName(), name -> new ArrayList<>()).add(header.getValue());
        }
        // RestAssured adds the bearer token when it sends, after the filters: this filter sends instead.
        if (request.getAuthenticationScheme() instanceof PreemptiveOAuth2HeaderScheme bearer) {
            headers.put("Authorization", List.of("Bearer " + bearer.getAccessToken()));
        }
        String body = request.getBody() == null ? null : request.getBody().toString();
        String event = RestApiProxyRequests.event(request.getMethod(), uri.getPath(), decodedQuery(uri.getRawQuery()),
                headers, body).toString();
        try {
            HttpResponse<String> invocation = client.send(HttpRequest.newBuilder(
                    URI.create(uri.getScheme() + "://" + uri.getAuthority() + "/_lambda_"))
                    .POST(HttpRequest.BodyPublishers.ofString(event)).header("Content-Type", "application/json")
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (invocation.statusCode() != 200) {
                throw new AssertionError("the function failed the invocation: " + invocation.statusCode() + " "
                        + invocation.body());
            }
            return toResponse(JSON.readTree(invocation.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What API Gateway hands the function: names and values decoded, repeated names in order. */
    private static Map<String, List<String>> decodedQuery(String rawQuery) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            query.computeIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8), n -> new ArrayList<>())
                    .add(URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return query;
    }

    /** The 1.0 proxy response as the HTTP response API Gateway would answer with. */
    private static Response toResponse(JsonNode proxyResponse) {
        List<Header> headers = new ArrayList<>();
        proxyResponse.path("headers").properties()
                .forEach(h -> headers.add(new Header(h.getKey(), h.getValue().asText())));
        proxyResponse.path("multiValueHeaders").properties()
                .forEach(h -> h.getValue().forEach(v -> headers.add(new Header(h.getKey(), v.asText()))));
        String body = proxyResponse.path("body").asText("");
        byte[] bytes = proxyResponse.path("isBase64Encoded").asBoolean() ? Base64.getDecoder().decode(body)
                : body.getBytes(StandardCharsets.UTF_8);
        int status = proxyResponse.path("statusCode").asInt();
        Headers all = new Headers(headers);
        ResponseBuilder builder = new ResponseBuilder().setStatusCode(status).setStatusLine("HTTP/1.1 " + status)
                .setHeaders(all).setBody(bytes);
        if (all.hasHeaderWithName("Content-Type")) {
            builder.setContentType(all.getValue("Content-Type"));
        }
        return builder.build();
    }

    @Override
    public int getOrder() {
        return OrderedFilter.HIGHEST_PRECEDENCE;
    }
}
