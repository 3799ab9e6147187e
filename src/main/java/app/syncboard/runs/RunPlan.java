package app.syncboard.runs;

import app.syncboard.jobs.RsyncCommand;
import java.time.Duration;

/** What a run executes, and the limits it runs under (null: no limit). */
record RunPlan(RsyncCommand command, Duration timeout, Duration noOutputTimeout) {}
