package health.pipeline.deidentification.engine.processors;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import health.pipeline.deidentification.engine.RecordContext;
import health.pipeline.deidentification.engine.SecurityLabel;
import health.pipeline.deidentification.policy.PolicyRule;

/**
 * {@code dateShift}: moves a date, dateTime or instant (or both ends of a Period) by the patient's keyed offset. The
 * precision is kept; a bare year stays as it is (shifting it would only add noise). A value that does not parse is
 * removed rather than passed through unshifted.
 */
public final class DateShift implements ElementProcessor {
    @Override
    public JsonNode apply(JsonNode value, String type, PolicyRule rule, RecordContext context) {
        if (value.isObject()) {
            ObjectNode period = ((ObjectNode) value).deepCopy();
            for (String end : new String[] {"start", "end"}) {
                if (period.has(end)) {
                    JsonNode shifted = shift(period.get(end).asText(), context.shiftDays());
                    if (shifted == null) {
                        period.remove(end);
                    } else {
                        period.set(end, shifted);
                    }
                }
            }
            period.remove("id");
            period.remove("extension");
            context.label(SecurityLabel.PERTURBED);
            return period.isEmpty() ? null : period;
        }
        JsonNode shifted = value.isTextual() ? shift(value.asText(), context.shiftDays()) : null;
        context.label(shifted == null ? SecurityLabel.REDACTED : SecurityLabel.PERTURBED);
        return shifted;
    }

    private static final java.util.regex.Pattern TIME_PART = java.util.regex.Pattern.compile(
            "T\\d{2}:\\d{2}(:\\d{2}(\\.\\d++)?)?(Z|[+-]\\d{2}:\\d{2})?");

    /**
     * The common case without java.time parsing: a whole-day shift changes only the date part of a dateTime, never its
     * time or offset, so the date is moved and the rest copied (any number of fraction digits, which FHIR allows and
     * java.time does not parse beyond nine). {@code null} when the value is not of that form.
     */
    private static JsonNode shiftDatePart(String value, int days) {
        if (value.length() < 10 || value.charAt(4) != '-' || value.charAt(7) != '-') {
            return null;
        }
        for (int i : new int[] {0, 1, 2, 3, 5, 6, 8, 9}) {
            if (!Character.isDigit(value.charAt(i))) {
                return null;
            }
        }
        if (value.length() > 10 && !TIME_PART.matcher(value).region(10, value.length()).matches()) {
            return null;
        }
        try {
            LocalDate date = LocalDate.of(Integer.parseInt(value, 0, 4, 10), Integer.parseInt(value, 5, 7, 10),
                    Integer.parseInt(value, 8, 10, 10)).plusDays(days);
            return TextNode.valueOf(date + value.substring(10));
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    /** Shifts a FHIR date, dateTime or instant by whole days; {@code null} when it is none of them. */
    public static JsonNode shift(String value, int days) {
        JsonNode fast = shiftDatePart(value, days);
        if (fast != null) {
            return fast;
        }
        try {
            if (value.length() > 10) {
                if (value.endsWith("Z") || value.lastIndexOf('+') > 10 || value.lastIndexOf('-') > 10) {
                    OffsetDateTime parsed = OffsetDateTime.parse(value);
                    return TextNode.valueOf(parsed.plusDays(days).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
                }
                return TextNode.valueOf(LocalDateTime.parse(value).plusDays(days).toString());
            }
            return switch (value.length()) {
                case 10 -> TextNode.valueOf(LocalDate.parse(value).plusDays(days).toString());
                case 7 -> TextNode.valueOf(YearMonth.parse(value).atDay(15).plusDays(days).toString().substring(0, 7));
                case 4 -> value.chars().allMatch(Character::isDigit) ? TextNode.valueOf(value) : null;
                default -> null;
            };
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
