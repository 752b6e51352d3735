package health.pipeline.audit.api.gateway;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

/**
 * Makes the Lambda runtime read a REST API proxy event (payload 1.0) where quarkus-amazon-lambda-http expects an HTTP
 * API event (2.0), and write LambdaHttpHandler's answer as a REST API proxy response.
 * <p>
 * Why Jackson and not a RequestHandler of its own: with quarkus-amazon-lambda-http, any other RequestHandler or
 * RequestStreamHandler in the application fails the build ("Multiple handler classes", AmazonLambdaProcessor of
 * quarkus-amazon-lambda-deployment 3.32.4), so LambdaHttpHandler stays the handler. The runtime reads its input and
 * writes its output with a copy of the application's ObjectMapper (AmazonLambdaMapperRecorder), on the JVM and in a
 * native image alike, which is where this module sits (ADR 0049).
 * <p>
 * Anything but a 1.0 event is refused: the REST API is the only caller, so a 2.0 event is not a request to serve.
 */
public final class RestApiPayloadModule extends SimpleModule {
    private static final long serialVersionUID = 1L;

    public RestApiPayloadModule() {
        super("rest-api-payload-1.0");
        addDeserializer(APIGatewayV2HTTPEvent.class, new RestApiRequestDeserializer());
        addSerializer(APIGatewayV2HTTPResponse.class, new RestApiResponseSerializer());
    }

    static final class RestApiRequestDeserializer extends StdDeserializer<APIGatewayV2HTTPEvent> {
        private static final long serialVersionUID = 1L;

        RestApiRequestDeserializer() {
            super(APIGatewayV2HTTPEvent.class);
        }

        @Override
        public APIGatewayV2HTTPEvent deserialize(JsonParser parser, DeserializationContext context)
                throws IOException {
            JsonNode event = parser.readValueAsTree();
            if (event == null || !event.path("httpMethod").isTextual() || !event.path("path").isTextual()) {
                // Names the shape, never the content: a query string holds the pseudonym asked about.
                return context.reportInputMismatch(APIGatewayV2HTTPEvent.class,
                        "not an API Gateway REST API proxy event (payload format 1.0): no httpMethod and path");
            }
            APIGatewayProxyRequestEvent request = parser.getCodec().treeToValue(event,
                    APIGatewayProxyRequestEvent.class);
            return RestApiProxyEvents.toHttpApiEvent(request);
        }
    }

    static final class RestApiResponseSerializer extends StdSerializer<APIGatewayV2HTTPResponse> {
        private static final long serialVersionUID = 1L;

        RestApiResponseSerializer() {
            super(APIGatewayV2HTTPResponse.class);
        }

        /** Written field by field: the 1.0 names exactly, and no nulls (nothing to reflect on in a native image). */
        @Override
        public void serialize(APIGatewayV2HTTPResponse answer, JsonGenerator json, SerializerProvider provider)
                throws IOException {
            APIGatewayProxyResponseEvent response = RestApiProxyEvents.toRestApiResponse(answer);
            json.writeStartObject();
            json.writeNumberField("statusCode", response.getStatusCode());
            json.writeObjectFieldStart("multiValueHeaders");
            for (Map.Entry<String, List<String>> header : response.getMultiValueHeaders().entrySet()) {
                json.writeArrayFieldStart(header.getKey());
                for (String value : header.getValue()) {
                    json.writeString(value);
                }
                json.writeEndArray();
            }
            json.writeEndObject();
            if (response.getBody() != null) {
                json.writeStringField("body", response.getBody());
            }
            json.writeBooleanField("isBase64Encoded", Boolean.TRUE.equals(response.getIsBase64Encoded()));
            json.writeEndObject();
        }
    }
}
