package health.pipeline.audit.api.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The JSON the Lambda runtime reads and writes, with a mapper set up as AmazonLambdaMapperRecorder sets up its copy. */
class RestApiPayloadModuleTest {
    private static final ObjectMapper LAMBDA_MAPPER = JsonMapper.builder()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES, true)
            .propertyNamingStrategy(PropertyNamingStrategies.LOWER_CAMEL_CASE)
            .addModule(new RestApiPayloadModule()).build();

    /** A REST API proxy event as API Gateway documents it, trimmed to what a GET of the audit API carries. */
    private static final String REST_API_EVENT = """
            {
              "resource": "/audit/entries",
              "path": "/audit/entries",
              "httpMethod": "GET",
              "headers": {"Accept": "application/json", "Authorization": "Bearer t.o.k"},
              "multiValueHeaders": {"Accept": ["application/json"], "Authorization": ["Bearer t.o.k"]},
              "queryStringParameters": {"actor": "ingestion", "limit": "4"},
              "multiValueQueryStringParameters": {"actor": ["scoring", "ingestion"], "limit": ["4"]},
              "pathParameters": null,
              "stageVariables": null,
              "requestContext": {
                "resourceId": "abc123", "resourcePath": "/audit/entries", "httpMethod": "GET",
                "requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef", "accountId": "123456789012",
                "apiId": "a1b2c3d4e5", "stage": "audit", "protocol": "HTTP/1.1",
                "requestTimeEpoch": 1764000000000,
                "identity": {"sourceIp": "10.20.30.40", "userAgent": "audit-client/1.0", "vpceId": "vpce-0123"}
              },
              "body": null,
              "isBase64Encoded": false
            }
            """;

    @Test
    void shouldReadARestApiEventAsTheHttpApiEventLambdaHttpHandlerServes_whenTheRuntimeDecodesIt() throws Exception {
        APIGatewayV2HTTPEvent event = LAMBDA_MAPPER.readValue(REST_API_EVENT, APIGatewayV2HTTPEvent.class);

        assertThat(event.getRequestContext().getHttp().getMethod()).isEqualTo("GET");
        assertThat(event.getRawPath()).isEqualTo("/audit/entries");
        assertThat(event.getRawQueryString()).isEqualTo("actor=scoring&actor=ingestion&limit=4");
        assertThat(event.getHeaders()).containsEntry("authorization", "Bearer t.o.k")
                .containsEntry("accept", "application/json");
        assertThat(event.getRequestContext().getRequestId()).isEqualTo("c6af9ac6-7b61-11e6-9a41-93e8deadbeef");
        assertThat(event.getRequestContext().getHttp().getSourceIp()).isEqualTo("10.20.30.40");
        assertThat(event.getIsBase64Encoded()).isFalse();
    }

    @Test
    void shouldRefuseAnHttpApiEvent_whenSomethingElseThanTheRestApiInvokes() {
        String httpApiEvent = """
                {"version": "2.0", "routeKey": "GET /audit/entries", "rawPath": "/audit/entries",
                 "rawQueryString": "patient=p-000000000000000000000003",
                 "requestContext": {"http": {"method": "GET", "path": "/audit/entries"}}}
                """;

        assertThatThrownBy(() -> LAMBDA_MAPPER.readValue(httpApiEvent, APIGatewayV2HTTPEvent.class))
                .isInstanceOf(MismatchedInputException.class)
                .hasMessageContaining("not an API Gateway REST API proxy event")
                .hasMessageNotContaining("p-000000000000000000000003");
    }

    @Test
    void shouldWriteTheRestApiResponseShapeWithoutNulls_whenTheRuntimeEncodesTheAnswer() throws Exception {
        APIGatewayV2HTTPResponse answer = new APIGatewayV2HTTPResponse();
        answer.setStatusCode(200);
        answer.setMultiValueHeaders(Map.of("Content-Type", List.of("application/json")));
        answer.setBody("{\"items\":[]}");

        JsonNode written = LAMBDA_MAPPER.readTree(LAMBDA_MAPPER.writeValueAsString(answer));

        assertThat(written.properties()).extracting(Map.Entry::getKey)
                .containsExactly("statusCode", "multiValueHeaders", "body", "isBase64Encoded");
        assertThat(written.path("statusCode").asInt()).isEqualTo(200);
        assertThat(written.path("multiValueHeaders").path("Content-Type").path(0).asText())
                .isEqualTo("application/json");
        assertThat(written.path("body").asText()).isEqualTo("{\"items\":[]}");
        assertThat(written.path("isBase64Encoded").asBoolean()).isFalse();
    }

    @Test
    void shouldOmitTheBody_whenTheAnswerHasNone() throws Exception {
        APIGatewayV2HTTPResponse answer = new APIGatewayV2HTTPResponse();
        answer.setStatusCode(401);

        JsonNode written = LAMBDA_MAPPER.readTree(LAMBDA_MAPPER.writeValueAsString(answer));

        assertThat(written.has("body")).isFalse();
        assertThat(written.path("statusCode").asInt()).isEqualTo(401);
    }
}
