package health.pipeline.ingestion.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import health.pipeline.model.ports.ObjectStore;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** What S3ObjectSource asks S3 for: the version the notification named, or the current one when it named none. */
class S3ObjectSourceTest {
    private final List<GetObjectRequest> requests = new ArrayList<>();
    private final S3AsyncClient s3 = new S3AsyncClient() {
        @Override
        public <T> CompletableFuture<T> getObject(GetObjectRequest request,
                AsyncResponseTransformer<GetObjectResponse, T> transformer) {
            requests.add(request);
            return CompletableFuture.failedFuture(NoSuchKeyException.builder().message("not here").build());
        }

        @Override
        public String serviceName() {
            return "s3";
        }

        @Override
        public void close() {
        }
    };

    @Test
    void shouldGetTheNotifiedVersion_whenTheNotificationNamesOne() {
        assertThatThrownBy(() -> new S3ObjectSource(s3).open("landing", "ward7/a.json", "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY"))
                .isInstanceOf(ObjectStore.NotFound.class);

        assertThat(requests).singleElement().satisfies(request -> {
            assertThat(request.bucket()).isEqualTo("landing");
            assertThat(request.key()).isEqualTo("ward7/a.json");
            assertThat(request.versionId()).isEqualTo("3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY");
        });
    }

    @Test
    void shouldGetTheCurrentObject_whenTheBucketIsUnversioned() {
        assertThatThrownBy(() -> new S3ObjectSource(s3).open("landing", "ward7/a.json", null))
                .isInstanceOf(ObjectStore.NotFound.class);

        assertThat(requests).singleElement().satisfies(request -> assertThat(request.versionId()).isNull());
    }
}
