package app.syncboard.jobs;

/** What a user typed, as an error message quotes it back: control characters as "?", at most 60 characters. */
public final class Typed {

    static final int SHOWN = 60;

    private Typed() {}

    public static String quoted(String input) {
        String clean = input.strip().replaceAll("\\p{Cntrl}", "?");
        return "\"" + (clean.length() > SHOWN ? clean.substring(0, SHOWN) + "…" : clean) + "\"";
    }
}
