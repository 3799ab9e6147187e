package app.syncboard.bench;

import java.io.IOException;
import java.util.List;
import java.util.function.Predicate;

/**
 * A page to time, and what every answer must show for the time to count: a bench that times error pages or the
 * login form is worthless, so each response is checked, not only the first.
 *
 * @param budgetMillis the p95 budget, null for none
 * @param absent tells from the first answer that the page is not in this version of the app (it is then skipped)
 * @param samples how many timed requests, null for the bench's --samples
 */
record Page(
        String name,
        String path,
        Double budgetMillis,
        String expected,
        Predicate<String> looksRight,
        Predicate<Session.Response> absent,
        Integer samples) {

    static Page budgeted(String name, String path, double budgetMillis, String expected, Predicate<String> looksRight) {
        return new Page(name, path, budgetMillis, expected, looksRight, response -> false, null);
    }

    /**
     * A page that may not be there yet: a 404 skips it, and so does a 400 (without the page, {@code /runs/recent}
     * reaches {@code /runs/{id}}, which refuses an id that is not a number).
     */
    static Page optional(String name, String path, String expected, Predicate<String> looksRight) {
        return new Page(
                name,
                path,
                null,
                expected,
                looksRight,
                response -> List.of(400, 404).contains(response.status()),
                null);
    }

    Page absentWhen(Predicate<Session.Response> more) {
        return new Page(name, path, budgetMillis, expected, looksRight, absent.or(more), samples);
    }

    Page withSamples(int count) {
        return new Page(name, path, budgetMillis, expected, looksRight, absent, count);
    }

    /** One request, checked. */
    Session.Response fetch(Session session) throws IOException, InterruptedException {
        Session.Response response = session.get(path);
        if (response.status() != 200 || !looksRight.test(response.body())) {
            String body = response.body().strip();
            throw new IllegalStateException("GET " + path + " answered " + response.status()
                    + (response.location() == null ? "" : " to " + response.location()) + ", expected 200 with "
                    + expected + ". The answer starts: " + body.substring(0, Math.min(body.length(), 400)));
        }
        return response;
    }

    static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }
}
