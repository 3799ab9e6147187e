package app.syncboard.runs;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

@ResponseStatus(HttpStatus.NOT_FOUND)
public class UnknownJob extends RuntimeException {
    public UnknownJob(long jobId) {
        super("There is no sync job " + jobId + ".");
    }
}
