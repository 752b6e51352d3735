package health.pipeline.emulators.kms;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.UUID;

/**
 * The emulator's self-describing ciphertext blob (not KMS's own format, which is undocumented):
 *
 * <pre>
 * offset  length  content
 * 0       4       magic "KEM" + format version 0x01
 * 4       16      key id (the key's UUID, big-endian)
 * 20      12      AES-GCM nonce
 * 32      n+16    AES-256-GCM ciphertext followed by the 128-bit tag
 * </pre>
 *
 * The first 20 bytes (magic and key id) are part of the GCM additional authenticated data, followed by the
 * canonical encryption context, so neither the key id nor the context can be swapped without detection.
 */
final class CiphertextFormat {

    static final byte[] MAGIC = {'K', 'E', 'M', 0x01};
    static final int HEADER_LENGTH = MAGIC.length + 16;
    static final int NONCE_LENGTH = 12;
    static final int TAG_LENGTH = 16;

    record Parsed(UUID keyId, byte[] header, byte[] nonce, byte[] sealed) {
    }

    private CiphertextFormat() {
    }

    static byte[] header(UUID keyId) {
        return ByteBuffer.allocate(HEADER_LENGTH)
                .put(MAGIC)
                .putLong(keyId.getMostSignificantBits())
                .putLong(keyId.getLeastSignificantBits())
                .array();
    }

    static byte[] encode(byte[] header, byte[] nonce, byte[] sealed) {
        return ByteBuffer.allocate(header.length + nonce.length + sealed.length)
                .put(header).put(nonce).put(sealed).array();
    }

    /** Parses a blob, or fails with InvalidCiphertextException as KMS does for a blob it cannot read. */
    static Parsed parse(byte[] blob) {
        if (blob.length < HEADER_LENGTH + NONCE_LENGTH + TAG_LENGTH
                || !Arrays.equals(blob, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw KmsFault.invalidCiphertext("The ciphertext is not a ciphertext blob produced by this KMS.");
        }
        ByteBuffer buffer = ByteBuffer.wrap(blob);
        byte[] header = new byte[HEADER_LENGTH];
        buffer.get(header);
        ByteBuffer ids = ByteBuffer.wrap(header, MAGIC.length, 16);
        UUID keyId = new UUID(ids.getLong(), ids.getLong());
        byte[] nonce = new byte[NONCE_LENGTH];
        buffer.get(nonce);
        byte[] sealed = new byte[buffer.remaining()];
        buffer.get(sealed);
        return new Parsed(keyId, header, nonce, sealed);
    }
}
