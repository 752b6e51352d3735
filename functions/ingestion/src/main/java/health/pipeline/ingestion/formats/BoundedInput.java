package health.pipeline.ingestion.formats;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import health.pipeline.contracts.ReasonCode;

/**
 * Streams that enforce {@link Limits} while they are read, so a limit stops the read instead of a buffer growing:
 * the object size, and for gzip the inflated size and the inflation ratio (a bomb is stopped after at most
 * {@code max(ratio x compressed bytes read, 1 MiB)}, never inflated whole).
 */
public final class BoundedInput {
    private static final long RATIO_GRACE_BYTES = 1 << 20;

    private BoundedInput() {
    }

    /** Counts what passes through, fails past {@code max} bytes, and optionally digests it. */
    public static final class Counting extends FilterInputStream {
        private final long max;
        private final ReasonCode code;
        private final MessageDigest digest;
        private long count;

        public Counting(InputStream in, long max, ReasonCode code, MessageDigest digest) {
            super(in);
            this.max = max;
            this.code = code;
            this.digest = digest;
        }

        public long count() {
            return count;
        }

        /** The SHA-256 of what was read (only when constructed with a digest). */
        public byte[] digest() {
            return digest.digest();
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
                if (digest != null) {
                    digest.update(b, off, n);
                }
                if (count > max) {
                    throw new Rejection.LimitExceeded(new Rejection(code, code == ReasonCode.OBJECT_TOO_LARGE
                            ? "the object is larger than " + max + " bytes"
                            : "the inflated content is larger than " + max + " bytes"));
                }
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            return read(new byte[(int) Math.min(n, 8192)], 0, (int) Math.min(n, 8192));
        }
    }

    /**
     * Inflates gzip content from {@code source} while checking the inflated size and the
     * inflation ratio against {@code compressed}, the count of compressed bytes read beneath it.
     */
    public static InputStream gunzip(InputStream source, Counting compressed, Limits limits) throws IOException {
        GZIPInputStream inflating;
        try {
            inflating = new GZIPInputStream(source, 64 * 1024);
        } catch (ZipException e) {
            throw new Rejection.LimitExceeded(new Rejection(ReasonCode.UNSUPPORTED_FORMAT, "the gzip header is invalid"));
        }
        return new FilterInputStream(new Counting(inflating, limits.maxDecompressedBytes(),
                ReasonCode.DECOMPRESSION_RATIO_EXCEEDED, null)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n;
                try {
                    n = super.read(b, off, len);
                } catch (ZipException | java.io.EOFException e) {
                    throw new Rejection.LimitExceeded(
                            new Rejection(ReasonCode.UNSUPPORTED_FORMAT, "the gzip stream is corrupt or truncated"));
                }
                long inflated = ((Counting) in).count();
                if (inflated > RATIO_GRACE_BYTES
                        && inflated > (long) limits.maxCompressionRatio() * Math.max(1, compressed.count())) {
                    throw new Rejection.LimitExceeded(new Rejection(ReasonCode.DECOMPRESSION_RATIO_EXCEEDED,
                            "the gzip content inflates more than " + limits.maxCompressionRatio() + " times"));
                }
                return n;
            }

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }
        };
    }

    /** Buffered, with mark support for format detection. */
    public static BufferedInputStream buffered(InputStream in) {
        return in instanceof BufferedInputStream b ? b : new BufferedInputStream(in, 64 * 1024);
    }
}
