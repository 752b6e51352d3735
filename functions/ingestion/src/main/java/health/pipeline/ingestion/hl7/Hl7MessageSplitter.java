package health.pipeline.ingestion.hl7;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import health.pipeline.contracts.ReasonCode;
import health.pipeline.ingestion.formats.LineReader;
import health.pipeline.ingestion.formats.Rejection;

/**
 * Splits an HL7 v2 file into messages, one segment line at a time: a message starts at each {@code MSH} segment and
 * is handed over already normalised ({@code \r} after every segment, no MLLP bytes), with the line number of its MSH.
 * A message larger than {@code maxMessageBytes} is skipped to the next MSH and reported, so memory stays bounded.
 * Batch envelopes (FHS, BHS, BTS, FTS) are standard (v2 chapter 2) and skipped; a UTF-8 byte-order mark, which
 * Windows tools write before the first segment, is removed.
 */
public final class Hl7MessageSplitter {

    /** One message, or the reason it could not be collected; {@code line} is where its MSH is. */
    public record RawMessage(int line, String text, Rejection rejection) {
    }

    private final LineReader lines;
    private final int maxMessageBytes;
    private LineReader.Line pending;
    private boolean started;

    public Hl7MessageSplitter(LineReader lines, int maxMessageBytes) {
        this.lines = lines;
        this.maxMessageBytes = maxMessageBytes;
    }

    /** The next message, or null at the end of the file. */
    public RawMessage next() throws IOException {
        StringBuilder message = null;
        int startLine = 0;
        Rejection rejection = null;
        while (true) {
            LineReader.Line line = pending != null ? pending : lines.next();
            pending = null;
            if (line == null) {
                break;
            }
            if (line.tooLong() != null) {
                if (message == null) {
                    return new RawMessage(line.number(), null, line.tooLong());
                }
                rejection = rejection == null ? line.tooLong() : rejection;
                continue;
            }
            String segment = Hl7Framing.segment(new String(line.bytes(), StandardCharsets.UTF_8));
            if (segment.isEmpty()) {
                continue;
            }
            if (Hl7Framing.isBatchEnvelope(segment)) {
                // FHS/BHS/BTS/FTS wrap messages; they end the message before them and belong to none.
                if (message != null) {
                    break;
                }
                continue;
            }
            if (segment.startsWith("MSH")) {
                if (message != null) {
                    pending = line;
                    break;
                }
                message = new StringBuilder();
                startLine = line.number();
                started = true;
            } else if (message == null) {
                // Segments before the first MSH (or after a skipped message) belong to no message.
                return new RawMessage(line.number(), null, new Rejection(ReasonCode.HL7_PARSE_ERROR,
                        "a segment appears outside a message (no MSH before it)", line.number()));
            }
            if (rejection == null) {
                if (message.length() + segment.length() + 1 > maxMessageBytes) {
                    rejection = new Rejection(ReasonCode.OBJECT_TOO_LARGE,
                            "the HL7 message is larger than " + maxMessageBytes + " bytes", startLine);
                    message.setLength(0);
                } else {
                    message.append(segment).append('\r');
                }
            }
        }
        if (message == null) {
            return null;
        }
        return rejection != null ? new RawMessage(startLine, null, rejection.atLine(startLine))
                : new RawMessage(startLine, message.toString(), null);
    }

    /** True once a message start was seen. */
    public boolean sawMessage() {
        return started;
    }
}
