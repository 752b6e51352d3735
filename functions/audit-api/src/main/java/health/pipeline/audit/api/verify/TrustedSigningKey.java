package health.pipeline.audit.api.verify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import health.pipeline.model.audit.CheckpointSignatures;
import health.pipeline.model.ports.Signer;

/**
 * The public half of the checkpoint signing key, from outside the database being verified: whoever can write the
 * database could otherwise store a key of their own beside forged checkpoints. In order: a key pinned in the
 * configuration (base64 DER), a pinned DER file, or KMS GetPublicKey of the signing key through the Signer port.
 * With none configured verification is refused, never done against the stored keys.
 */
@ApplicationScoped
public class TrustedSigningKey {
    private final Optional<String> pinned;
    private final Optional<String> pinnedFile;
    private final Optional<String> signingKeyId;
    private final Signer keyService;

    @Inject
    public TrustedSigningKey(@ConfigProperty(name = "pipeline.audit-api.signing-public-key") Optional<String> pinned,
            @ConfigProperty(name = "pipeline.audit-api.signing-public-key-file") Optional<String> pinnedFile,
            @ConfigProperty(name = "pipeline.keys.audit-signing") Optional<String> signingKeyId, Signer keyService) {
        this.pinned = pinned.filter(value -> !value.isBlank());
        this.pinnedFile = pinnedFile.filter(value -> !value.isBlank());
        this.signingKeyId = signingKeyId.filter(value -> !value.isBlank());
        this.keyService = keyService;
    }

    /** Thrown when no source of a trusted key is configured, or the configured one cannot be read. */
    public static final class Unavailable extends RuntimeException {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public PublicKey publicKey() {
        try {
            if (pinned.isPresent()) {
                return CheckpointSignatures.publicKey(Base64.getDecoder().decode(pinned.get().trim()));
            }
            if (pinnedFile.isPresent()) {
                return CheckpointSignatures.publicKey(Files.readAllBytes(Path.of(pinnedFile.get())));
            }
            if (signingKeyId.isPresent()) {
                return CheckpointSignatures.publicKey(keyService.publicKey(signingKeyId.get()).toCompletableFuture()
                        .get(20, TimeUnit.SECONDS));
            }
        } catch (IOException | UncheckedIOException | IllegalArgumentException | ExecutionException
                | TimeoutException e) {
            throw new Unavailable("the checkpoint signing key's public half could not be read", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while reading the checkpoint signing key", e);
        }
        throw new Unavailable("no trusted checkpoint signing key is configured (pipeline.keys.audit-signing, or a"
                + " pinned pipeline.audit-api.signing-public-key[-file])", null);
    }
}
