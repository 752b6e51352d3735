package health.pipeline.emulators.sns;

import java.util.Map;

/** A minimal builder for the Query protocol's XML responses. */
final class Xml {

    static final String NAMESPACE = "http://sns.amazonaws.com/doc/2010-03-31/";

    private final StringBuilder out = new StringBuilder(256);

    Xml open(String element) {
        out.append('<').append(element).append('>');
        return this;
    }

    Xml close(String element) {
        out.append("</").append(element).append('>');
        return this;
    }

    Xml element(String element, String text) {
        if (text != null) {
            open(element);
            escape(text);
            close(element);
        }
        return this;
    }

    /** A Query protocol map: {@code <name><entry><key/><value/></entry>...</name>}. */
    Xml map(String element, Map<String, String> entries) {
        open(element);
        entries.forEach((key, value) -> open("entry").element("key", key).element("value", value).close("entry"));
        return close(element);
    }

    Xml append(Xml other) {
        out.append(other.out);
        return this;
    }

    private void escape(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                case '\r' -> out.append("&#13;");
                // Other C0 controls cannot appear in XML 1.0 at all, not even as character references.
                default -> out.append(c < 0x20 && c != '\t' && c != '\n' ? '\uFFFD' : c);
            }
        }
    }

    /** Wraps {@code result} (may be null) as {@code <ActionResponse><ActionResult>...} plus the request id. */
    static String response(String action, Xml result, String requestId) {
        Xml xml = new Xml();
        xml.out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        xml.out.append('<').append(action).append("Response xmlns=\"").append(NAMESPACE).append("\">");
        if (result != null) {
            xml.open(action + "Result").out.append(result.out);
            xml.close(action + "Result");
        }
        xml.open("ResponseMetadata").element("RequestId", requestId).close("ResponseMetadata");
        xml.close(action + "Response");
        return xml.out.toString();
    }

    static String error(SnsFault fault, String requestId) {
        Xml xml = new Xml();
        xml.out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        xml.out.append("<ErrorResponse xmlns=\"").append(NAMESPACE).append("\">");
        xml.open("Error")
                .element("Type", fault.type())
                .element("Code", fault.code())
                .element("Message", fault.getMessage())
                .close("Error");
        xml.element("RequestId", requestId);
        xml.close("ErrorResponse");
        return xml.out.toString();
    }
}
