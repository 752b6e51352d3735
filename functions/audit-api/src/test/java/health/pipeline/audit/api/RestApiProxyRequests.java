package health.pipeline.audit.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Lambda proxy events as the private API Gateway REST API sends them to the function (payload format 1.0, stage
 * {@code audit}, invoked through the execute-api VPC endpoint): decoded path and query values, single- and
 * multi-valued maps side by side. Shared with the end-to-end test of the packaged API.
 */
public final class RestApiProxyRequests {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RestApiProxyRequests() {
    }

    /**
     * @param query   decoded parameter values by name, repeated parameters in order
     * @param headers header values by name as the client sent them
     * @param body    the request body, or null
     */
    public static ObjectNode event(String method, String path, Map<String, List<String>> query,
            Map<String, List<String>> headers, String body) {
        ObjectNode event = JSON.createObjectNode();
        event.put("resource", path);
        event.put("path", path);
        event.put("httpMethod", method);
        putValues(event, "headers", "multiValueHeaders", headers);
        putValues(event, "queryStringParameters", "multiValueQueryStringParameters", query);
        event.putNull("pathParameters");
        event.putNull("stageVariables");
        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", "123456789012");
        context.put("apiId", "a1b2c3d4e5");
        context.put("resourceId", "r3s0urc3");
        context.put("resourcePath", path);
        context.put("httpMethod", method);
        context.put("path", "/audit" + path);
        context.put("stage", "audit");
        context.put("protocol", "HTTP/1.1");
        context.put("requestId", UUID.randomUUID().toString());
        context.put("requestTimeEpoch", Instant.now().toEpochMilli());
        context.put("domainName", "a1b2c3d4e5-vpce-0123456789abcdef0.execute-api.eu-west-1.vpce.amazonaws.com");
        ObjectNode identity = context.putObject("identity");
        identity.put("sourceIp", "10.20.30.40");
        identity.put("userAgent", "audit-client/1.0");
        identity.put("vpceId", "vpce-0123456789abcdef0");
        if (body == null) {
            event.putNull("body");
        } else {
            event.put("body", body);
        }
        event.put("isBase64Encoded", false);
        return event;
    }

    /** API Gateway sends null, not an empty map, when there is nothing; the single map holds each last value. */
    private static void putValues(ObjectNode event, String single, String multi, Map<String, List<String>> values) {
        if (values.isEmpty()) {
            event.putNull(single);
            event.putNull(multi);
            return;
        }
        ObjectNode last = event.putObject(single);
        ObjectNode all = event.putObject(multi);
        values.forEach((name, list) -> {
            last.put(name, list.getLast());
            list.forEach(all.putArray(name)::add);
        });
    }
}
