package app.syncboard.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.HtmlUtils;

/**
 * A form of a rendered page read as a browser reads it, to be sent back as a browser would send it: text fields and
 * text areas with their values, the chosen option and radio button, ticked boxes, and hidden fields such as the
 * {@code _name} markers of checkboxes (the CSRF token is left to the test's own {@code csrf()}).
 */
final class BrowserForm {

    private static final Pattern CONTROL = Pattern.compile("<(input|textarea|select)\\b([^>]*)>");
    private static final Pattern ATTRIBUTE = Pattern.compile("([\\w:-]+)(?:=\"([^\"]*)\")?");
    private static final Pattern SELECTED = Pattern.compile("<option\\b[^>]*value=\"([^\"]*)\"[^>]*selected");

    private BrowserForm() {}

    /** The fields of the form whose {@code action} is {@code action}, by name. */
    static Map<String, String> fields(String html, String action) {
        int start = html.indexOf("action=\"" + action + "\"");
        assertThat(start).as("a form with action " + action).isNotNegative();
        String form = html.substring(start, html.indexOf("</form>", start));
        Map<String, String> fields = new TreeMap<>();
        Matcher control = CONTROL.matcher(form);
        while (control.find()) {
            Map<String, String> attributes = attributes(control.group(2));
            String name = attributes.get("name");
            if (name == null || name.equals("_csrf")) {
                continue;
            }
            switch (control.group(1)) {
                case "textarea" -> {
                    String text = form.substring(control.end(), form.indexOf("</textarea>", control.end()));
                    // A browser drops one line break right after the start tag.
                    fields.put(name, HtmlUtils.htmlUnescape(text.startsWith("\n") ? text.substring(1) : text));
                }
                case "select" -> {
                    Matcher selected =
                            SELECTED.matcher(form.substring(control.end(), form.indexOf("</select>", control.end())));
                    fields.put(name, selected.find() ? HtmlUtils.htmlUnescape(selected.group(1)) : "");
                }
                default -> {
                    String type = attributes.getOrDefault("type", "text").toLowerCase(Locale.ROOT);
                    boolean choice = type.equals("checkbox") || type.equals("radio");
                    if (type.equals("submit") || (choice && !attributes.containsKey("checked"))) {
                        continue;
                    }
                    assertThat(fields).as("two fields named " + name).doesNotContainKey(name);
                    fields.put(name, HtmlUtils.htmlUnescape(attributes.getOrDefault("value", "")));
                }
            }
        }
        return fields;
    }

    /**
     * The request parameters for {@code form}. A null value is an unticked box: only its {@code _name} marker is
     * sent, and that marker is added for every box in {@code checkboxes} that the map does not name otherwise.
     */
    static MultiValueMap<String, String> params(Map<String, String> form, String... checkboxes) {
        MultiValueMap<String, String> params = new LinkedMultiValueMap<>();
        form.forEach((name, value) -> {
            if (value != null) {
                params.add(name, value);
            }
        });
        for (String checkbox : checkboxes) {
            params.putIfAbsent("_" + checkbox, List.of("on"));
        }
        return params;
    }

    private static Map<String, String> attributes(String text) {
        Map<String, String> attributes = new LinkedHashMap<>();
        Matcher m = ATTRIBUTE.matcher(text);
        while (m.find()) {
            attributes.put(m.group(1), m.group(2) == null ? "" : m.group(2));
        }
        return attributes;
    }
}
