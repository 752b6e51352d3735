package health.pipeline.ingestion.formats;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import health.pipeline.contracts.ReasonCode;

/**
 * Splits a byte stream into lines without ever holding more than one line (at most {@code maxLineBytes}). A line
 * ends at {@code \n}, {@code \r\n} or, in segment mode (HL7 v2), a lone {@code \r} too. An over-long line is
 * skipped to its end and reported as {@link ReasonCode#LINE_TOO_LONG} with its number, and reading goes on.
 */
public final class LineReader {
    /** One line: its 1-based number and bytes (without the terminator), or the reason it was skipped. */
    public record Line(int number, byte[] bytes, Rejection tooLong) {
        public boolean isBlank() {
            for (byte b : bytes) {
                if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                    return false;
                }
            }
            return true;
        }
    }

    private final InputStream in;
    private final int maxLineBytes;
    private final boolean carriageReturnEndsLine;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private int lineNumber;
    private boolean pendingCarriageReturn;

    public LineReader(InputStream in, int maxLineBytes, boolean carriageReturnEndsLine) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
        this.carriageReturnEndsLine = carriageReturnEndsLine;
    }

    /** The next line, or null at the end of the stream. */
    public Line next() throws IOException {
        byte[] line = new byte[256];
        int length = 0;
        boolean overflow = false;
        boolean any = false;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    if (!any) {
                        return null;
                    }
                    break;
                }
            }
            byte b = buffer[position++];
            if (pendingCarriageReturn) {
                pendingCarriageReturn = false;
                if (b == '\n') {
                    continue;
                }
            }
            any = true;
            if (b == '\n') {
                break;
            }
            if (b == '\r') {
                if (carriageReturnEndsLine) {
                    pendingCarriageReturn = true;
                    break;
                }
                if (peekNewline()) {
                    position++;
                    break;
                }
            }
            if (overflow) {
                continue;
            }
            if (length == maxLineBytes) {
                overflow = true;
                continue;
            }
            if (length == line.length) {
                line = Arrays.copyOf(line, Math.min(maxLineBytes, line.length * 2));
            }
            line[length++] = b;
        }
        lineNumber++;
        if (overflow) {
            return new Line(lineNumber, new byte[0], new Rejection(ReasonCode.LINE_TOO_LONG,
                    "the line is longer than " + maxLineBytes + " bytes", lineNumber));
        }
        return new Line(lineNumber, Arrays.copyOf(line, length), null);
    }

    private boolean peekNewline() throws IOException {
        if (position == limit) {
            limit = in.read(buffer, 0, buffer.length);
            position = 0;
            if (limit <= 0) {
                limit = 0;
                return false;
            }
        }
        return buffer[position] == '\n';
    }
}
