package health.pipeline.audit.api.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Registers {@link RestApiPayloadModule} on the application's ObjectMapper, which the amazon-lambda runtime copies to
 * read events and write responses. The REST resources never (de)serialise the API Gateway event types.
 */
@Singleton
public class RestApiPayloadCustomizer implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new RestApiPayloadModule());
    }
}
