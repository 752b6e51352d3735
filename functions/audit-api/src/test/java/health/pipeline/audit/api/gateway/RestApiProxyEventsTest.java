package health.pipeline.audit.api.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import io.netty.handler.codec.http.QueryStringDecoder;

class RestApiProxyEventsTest {

    @Test
    void shouldCarryMethodPathBodyAndRequestContext_whenConvertingARestApiRequest() {
        APIGatewayProxyRequestEvent request = request("GET", "/audit/entries");
        request.setBody("eyJhIjoxfQ==");
        request.setIsBase64Encoded(true);
        var identity = new APIGatewayProxyRequestEvent.RequestIdentity();
        identity.setSourceIp("10.20.30.40");
        identity.setUserAgent("audit-client/1.0");
        var context = new APIGatewayProxyRequestEvent.ProxyRequestContext();
        context.setRequestId("c6af9ac6-7b61-11e6-9a41-93e8deadbeef");
        context.setAccountId("123456789012");
        context.setApiId("a1b2c3d4e5");
        context.setStage("audit");
        context.setProtocol("HTTP/1.1");
        context.setRequestTimeEpoch(1_764_000_000_000L);
        context.setIdentity(identity);
        request.setRequestContext(context);

        APIGatewayV2HTTPEvent event = RestApiProxyEvents.toHttpApiEvent(request);

        assertThat(event.getVersion()).isEqualTo("2.0");
        assertThat(event.getRawPath()).isEqualTo("/audit/entries");
        assertThat(event.getRouteKey()).isEqualTo("GET /audit/entries");
        assertThat(event.getRawQueryString()).isEmpty();
        assertThat(event.getBody()).isEqualTo("eyJhIjoxfQ==");
        assertThat(event.getIsBase64Encoded()).isTrue();
        assertThat(event.getRequestContext().getHttp().getMethod()).isEqualTo("GET");
        assertThat(event.getRequestContext().getHttp().getPath()).isEqualTo("/audit/entries");
        assertThat(event.getRequestContext().getHttp().getSourceIp()).isEqualTo("10.20.30.40");
        assertThat(event.getRequestContext().getHttp().getUserAgent()).isEqualTo("audit-client/1.0");
        assertThat(event.getRequestContext().getHttp().getProtocol()).isEqualTo("HTTP/1.1");
        assertThat(event.getRequestContext().getRequestId()).isEqualTo("c6af9ac6-7b61-11e6-9a41-93e8deadbeef");
        assertThat(event.getRequestContext().getStage()).isEqualTo("audit");
        assertThat(event.getRequestContext().getTimeEpoch()).isEqualTo(1_764_000_000_000L);
    }

    @Test
    void shouldKeepEveryValueOfARepeatedParameterInOrder_whenTheQueryIsMultiValued() {
        APIGatewayProxyRequestEvent request = request("GET", "/audit/entries");
        Map<String, List<String>> multi = new LinkedHashMap<>();
        multi.put("actor", List.of("scoring", "ingestion"));
        multi.put("limit", List.of("4"));
        request.setMultiValueQueryStringParameters(multi);
        // API Gateway's single-valued map holds the last value of each name
        request.setQueryStringParameters(Map.of("actor", "ingestion", "limit", "4"));

        APIGatewayV2HTTPEvent event = RestApiProxyEvents.toHttpApiEvent(request);

        assertThat(event.getRawQueryString()).isEqualTo("actor=scoring&actor=ingestion&limit=4");
        assertThat(decoded(event)).containsExactly(Map.entry("actor", List.of("scoring", "ingestion")),
                Map.entry("limit", List.of("4")));
        assertThat(event.getQueryStringParameters()).containsEntry("actor", "scoring,ingestion");
    }

    @Test
    void shouldReEncodeSpacesPlusPercentAndSeparators_whenValuesArriveDecoded() {
        APIGatewayProxyRequestEvent request = request("GET", "/audit/disclosures");
        Map<String, List<String>> multi = new LinkedHashMap<>();
        multi.put("patient", List.of("John Smith"));
        multi.put("q", List.of("a+b", "100%", "x&y=z", "é/?#"));
        request.setMultiValueQueryStringParameters(multi);

        APIGatewayV2HTTPEvent event = RestApiProxyEvents.toHttpApiEvent(request);

        assertThat(event.getRawQueryString()).isEqualTo(
                "patient=John%20Smith&q=a%2Bb&q=100%25&q=x%26y%3Dz&q=%C3%A9%2F%3F%23");
        // what the application reads back is exactly what the client sent
        assertThat(decoded(event)).containsExactly(Map.entry("patient", List.of("John Smith")),
                Map.entry("q", List.of("a+b", "100%", "x&y=z", "é/?#")));
        assertThat(URI.create(event.getRawPath() + "?" + event.getRawQueryString()).getRawQuery())
                .isEqualTo(event.getRawQueryString());
    }

    @Test
    void shouldUseTheSingleValuedQuery_whenNoMultiValuedOneIsSent() {
        APIGatewayProxyRequestEvent request = request("GET", "/audit/proofs/inclusion");
        Map<String, String> single = new LinkedHashMap<>();
        single.put("sequence", "7");
        single.put("treeSize", "20");
        request.setQueryStringParameters(single);

        assertThat(RestApiProxyEvents.toHttpApiEvent(request).getRawQueryString()).isEqualTo("sequence=7&treeSize=20");
    }

    @Test
    void shouldKeepQueryNamesCaseSensitive_whenTwoDifferOnlyInCase() {
        APIGatewayProxyRequestEvent request = request("GET", "/audit/entries");
        Map<String, List<String>> multi = new LinkedHashMap<>();
        multi.put("actor", List.of("a"));
        multi.put("Actor", List.of("b"));
        request.setMultiValueQueryStringParameters(multi);

        assertThat(RestApiProxyEvents.toHttpApiEvent(request).getRawQueryString()).isEqualTo("actor=a&Actor=b");
    }

    @Test
    void shouldMergeHeadersCaseInsensitivelyInLowerCase_whenSingleAndMultiValuedMapsOverlap() {
        APIGatewayProxyRequestEvent request = request("GET", "/audit/entries");
        Map<String, List<String>> multi = new LinkedHashMap<>();
        multi.put("Accept", List.of("application/json", "text/plain"));
        multi.put("X-Forwarded-For", List.of("10.0.0.1"));
        request.setMultiValueHeaders(multi);
        Map<String, String> single = new LinkedHashMap<>();
        single.put("accept", "text/plain");
        single.put("Authorization", "Bearer abc.def.ghi");
        request.setHeaders(single);

        Map<String, String> headers = RestApiProxyEvents.toHttpApiEvent(request).getHeaders();

        assertThat(headers).containsExactly(Map.entry("accept", "application/json,text/plain"),
                Map.entry("x-forwarded-for", "10.0.0.1"), Map.entry("authorization", "Bearer abc.def.ghi"));
    }

    @Test
    void shouldMoveTheCookieHeaderToCookies_asHttpApisSendThem() {
        APIGatewayProxyRequestEvent request = request("GET", "/audit/entries");
        request.setMultiValueHeaders(Map.of("Cookie", List.of("a=1; b=2", "c=3")));

        APIGatewayV2HTTPEvent event = RestApiProxyEvents.toHttpApiEvent(request);

        assertThat(event.getCookies()).containsExactly("a=1", "b=2", "c=3");
        assertThat(event.getHeaders()).doesNotContainKey("cookie");
    }

    @Test
    void shouldEscapeWhatAUriPathCannotHold_whenThePathArrivesDecoded() {
        assertThat(RestApiProxyEvents.encodePath("/audit/entries")).isEqualTo("/audit/entries");
        assertThat(RestApiProxyEvents.encodePath("/a b/100%/é?")).isEqualTo("/a%20b/100%25/%C3%A9%3F");
    }

    @Test
    void shouldRefuse_whenTheRequestHasNoMethod() {
        assertThatThrownBy(() -> RestApiProxyEvents.toHttpApiEvent(new APIGatewayProxyRequestEvent()))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("httpMethod");
    }

    @Test
    void shouldPutEveryHeaderAndCookieInMultiValueHeaders_whenConvertingTheAnswer() {
        APIGatewayV2HTTPResponse answer = new APIGatewayV2HTTPResponse();
        answer.setStatusCode(403);
        Map<String, List<String>> multi = new LinkedHashMap<>();
        multi.put("Content-Type", new ArrayList<>(List.of("application/json")));
        multi.put("Vary", new ArrayList<>(List.of("Accept", "Origin")));
        answer.setMultiValueHeaders(multi);
        answer.setHeaders(Map.of("content-type", "application/json", "Audit-Event-Id", "e-1"));
        answer.setCookies(List.of("s=1; Secure", "t=2"));
        answer.setBody("{\"error\":\"forbidden\"}");

        APIGatewayProxyResponseEvent response = RestApiProxyEvents.toRestApiResponse(answer);

        assertThat(response.getStatusCode()).isEqualTo(403);
        assertThat(response.getHeaders()).as("API Gateway would append these to multiValueHeaders").isNull();
        assertThat(response.getMultiValueHeaders()).containsOnlyKeys("Content-Type", "Vary", "Audit-Event-Id",
                "Set-Cookie");
        assertThat(response.getMultiValueHeaders().get("Content-Type")).containsExactly("application/json");
        assertThat(response.getMultiValueHeaders().get("Vary")).containsExactly("Accept", "Origin");
        assertThat(response.getMultiValueHeaders().get("Set-Cookie")).containsExactly("s=1; Secure", "t=2");
        assertThat(response.getBody()).isEqualTo("{\"error\":\"forbidden\"}");
        assertThat(response.getIsBase64Encoded()).isFalse();
    }

    @Test
    void shouldKeepABinaryBodyEncoded_whenTheAnswerIsBase64() {
        APIGatewayV2HTTPResponse answer = new APIGatewayV2HTTPResponse();
        answer.setStatusCode(200);
        answer.setBody(java.util.Base64.getEncoder().encodeToString(new byte[] { 0, (byte) 0xff, 1 }));
        answer.setIsBase64Encoded(true);

        APIGatewayProxyResponseEvent response = RestApiProxyEvents.toRestApiResponse(answer);

        assertThat(response.getIsBase64Encoded()).isTrue();
        assertThat(java.util.Base64.getDecoder().decode(response.getBody())).containsExactly(0, 0xff, 1);
        assertThat(response.getMultiValueHeaders()).isEmpty();
    }

    private static APIGatewayProxyRequestEvent request(String method, String path) {
        APIGatewayProxyRequestEvent request = new APIGatewayProxyRequestEvent();
        request.setHttpMethod(method);
        request.setPath(path);
        request.setResource(path);
        return request;
    }

    /** The query as Vert.x, under Quarkus' HTTP layer, decodes it. */
    private static Map<String, List<String>> decoded(APIGatewayV2HTTPEvent event) {
        return new QueryStringDecoder(event.getRawQueryString(), StandardCharsets.UTF_8, false).parameters();
    }
}
